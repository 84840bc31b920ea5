// A user's own account: profile and interface language (/account), password (/account/password), API tokens (/account/tokens).
import type { Request, Response, Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context";
import { interfaceLocales, localeNames } from "../i18n/locales";
import type { InvalidInputError } from "../errors";
import { definePage, pageRouter, pathId, redirect, render } from "../web/pages";
import { allowedTo } from "./access";
import { countActiveApiTokens, createApiToken, listApiTokens, revokeAllApiTokens, revokeApiToken } from "./api-tokens";
import { flash, safeNextPath } from "./guards";
import type { Actor } from "./policy";
import { changePasswordSchema, localeSchema, localiseFieldErrors, parseAccountInput, tokenNameSchema } from "./schemas";
import { changePassword, setLocale } from "./user-service";

const self = allowedTo("account.self");

export function accountRouter(context: AppContext): Router {
  const { database, translator } = context;
  const deps = { database, clock: context.clock };
  const localise = (locale: string, error: InvalidInputError) => localiseFieldErrors(translator, locale, error);
  const meta = (req: Request) => ({ ip: req.ip ?? null, sessionId: req.sessionID });

  const passwordView = (req: Request, errors: Record<string, string> = {}) =>
    render(
      "account/password",
      {
        titleKey: "account.password.title",
        mustChange: Boolean(req.mustChangePassword),
        next: safeNextPath(req.body?.next ?? req.query.next) ?? "",
        errors,
      },
      Object.keys(errors).length ? 400 : 200,
    );

  const tokensView = (
    actor: Actor,
    res: Response,
    extra: { errors?: Record<string, string>; name?: string; created?: { name: string; token: string } } = {},
  ) => {
    // A new token is on this page once: never cached, never sent as a referrer.
    res.setHeader("Cache-Control", "no-store");
    const tokens = listApiTokens(database, actor.id).map((t) => ({ ...t, isRevoked: t.revokedAt !== null }));
    return render(
      "account/tokens",
      {
        titleKey: "account.tokens.title",
        tokens,
        activeCount: tokens.filter((t) => !t.isRevoked).length,
        errors: extra.errors ?? {},
        name: extra.name ?? "",
        created: extra.created,
      },
      extra.errors && Object.keys(extra.errors).length ? 400 : 200,
    );
  };

  const accountView = (actor: Actor) => ({
    titleKey: "account.title",
    account: { ...actor, roleKey: `role.${actor.role}`, countryList: actor.countries.join(", ") },
    locales: interfaceLocales.map((code) => ({ code, name: localeNames[code], selected: code === actor.locale })),
    followsBrowser: actor.locale === null,
  });

  return pageRouter(context, [
    definePage({ method: "get", path: "/account", access: self, view: "account/index", handle: ({ actor }) => accountView(actor) }),

    definePage({
      method: "post",
      path: "/account/language",
      access: self,
      body: localeSchema,
      handle: ({ actor, req, body }) => {
        setLocale(deps, actor, body.locale);
        flash(req, { kind: "success", key: "account.language.saved" });
        return redirect("/account");
      },
      form: { view: "account/index", model: ({ actor }) => accountView(actor) },
    }),

    definePage({ method: "get", path: "/account/password", access: self, handle: ({ req }) => passwordView(req) }),

    definePage({
      method: "post",
      path: "/account/password",
      access: self,
      handle: async ({ actor, req }) => {
        await changePassword(deps, actor, parseAccountInput(changePasswordSchema, req.body ?? {}), meta(req));
        // Other sessions ended with the change; API tokens did not: the tokens page lists those still working, with one
        // button to revoke them all, in case the password was changed because someone else knew it.
        const next = safeNextPath(req.body?.next);
        if (!next && countActiveApiTokens(database, actor.id) > 0) {
          flash(req, { kind: "success", key: "account.password.changedTokens" });
          return redirect("/account/tokens");
        }
        flash(req, { kind: "success", key: "account.password.changed" });
        return redirect(next ?? "/account");
      },
      onInvalid: ({ req, locale }, error) => passwordView(req, localise(locale, error)),
    }),

    definePage({ method: "get", path: "/account/tokens", access: self, handle: ({ actor, res }) => tokensView(actor, res) }),

    definePage({
      method: "post",
      path: "/account/tokens",
      access: self,
      handle: ({ actor, req, res }) => {
        const { name } = parseAccountInput(tokenNameSchema, req.body ?? {});
        const created = createApiToken(deps, actor, name, meta(req));
        return tokensView(actor, res, { created: { name, token: created.token } });
      },
      onInvalid: ({ actor, res, locale, values }, error) => tokensView(actor, res, { errors: localise(locale, error), name: String(values.name ?? "") }),
    }),

    definePage({
      method: "post",
      path: "/account/tokens/revoke-all",
      access: self,
      confirm: ({ actor }) => {
        const count = countActiveApiTokens(database, actor.id);
        return count
          ? { actionKey: "confirm.action.revokeAllTokens", consequences: [{ key: "confirm.apiTokens.stop", params: { count } }], back: "/account/tokens" }
          : undefined;
      },
      handle: ({ actor, req }) => {
        const count = revokeAllApiTokens(deps, actor.id, { actor }, "user_request", meta(req));
        flash(req, { kind: "success", key: "account.tokens.revokedAll", params: { count: String(count) } });
        return redirect("/account/tokens");
      },
    }),

    definePage({
      method: "post",
      path: "/account/tokens/:tokenId/revoke",
      access: self,
      params: z.object({ tokenId: pathId }),
      confirm: ({ actor, params }) => {
        const token = listApiTokens(database, actor.id).find((t) => t.id === params.tokenId && t.revokedAt === null);
        return token
          ? {
              actionKey: "confirm.action.revokeToken",
              consequences: [{ key: "confirm.revokeToken.what", params: { name: token.name } }],
              back: "/account/tokens",
            }
          : undefined;
      },
      handle: ({ actor, params, req }) => {
        revokeApiToken(deps, actor, params.tokenId, meta(req));
        flash(req, { kind: "success", key: "account.tokens.revoked" });
        return redirect("/account/tokens");
      },
    }),
  ]);
}
