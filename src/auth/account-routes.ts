// A user's own account: profile and interface language (/account), password (/account/password), API tokens (/account/tokens).
import { Router, type Request, type Response } from "express";
import type express from "express";
import type { AppContext } from "../context";
import { interfaceLocales, localeNames } from "../i18n/locales";
import { InvalidInputError } from "../errors";
import { z } from "zod";
import { definePage, pageRouter, pathId, redirect } from "../web/pages";
import { allowedTo } from "./access";
import { countActiveApiTokens, createApiToken, listApiTokens, revokeAllApiTokens, revokeApiToken } from "./api-tokens";
import { flash, requireAction, safeNextPath } from "./guards";
import { changePasswordSchema, localeSchema, localiseFieldErrors, parseAccountInput, tokenNameSchema } from "./schemas";
import { changePassword, setLocale } from "./user-service";

export function registerAccountRoutes(app: express.Express, context: AppContext): void {
  const router = Router();
  const { database, translator } = context;
  const deps = { database, clock: context.clock };
  const localise = (res: Response, error: InvalidInputError) => localiseFieldErrors(translator, String(res.locals.locale), error);
  const meta = (req: Request) => ({ ip: req.ip ?? null, sessionId: req.sessionID });

  router.use("/account", requireAction("account.self"));

  router.get("/account", (req, res) => {
    const actor = req.actor!;
    res.render("account/index", {
      titleKey: "account.title",
      account: { ...actor, roleKey: `role.${actor.role}`, countryList: actor.countries.join(", ") },
      locales: interfaceLocales.map((code) => ({ code, name: localeNames[code], selected: code === actor.locale })),
      followsBrowser: actor.locale === null,
    });
  });

  router.post("/account/language", (req, res) => {
    const parsed = localeSchema.safeParse(req.body ?? {});
    if (parsed.success) {
      setLocale(deps, req.actor!, parsed.data.locale);
      flash(req, { kind: "success", key: "account.language.saved" });
    } else {
      flash(req, { kind: "error", key: "auth.validation.locale" });
    }
    res.redirect(303, "/account");
  });

  const renderPassword = (req: Request, res: Response, errors: Record<string, string> = {}) => {
    res.status(Object.keys(errors).length ? 400 : 200).render("account/password", {
      titleKey: "account.password.title",
      mustChange: Boolean(req.mustChangePassword),
      next: safeNextPath(req.body?.next ?? req.query.next) ?? "",
      errors,
    });
  };

  router.get("/account/password", (req, res) => renderPassword(req, res));

  router.post("/account/password", async (req, res) => {
    try {
      const input = parseAccountInput(changePasswordSchema, req.body ?? {});
      await changePassword(deps, req.actor!, input, meta(req));
    } catch (error) {
      if (error instanceof InvalidInputError) return renderPassword(req, res, localise(res, error));
      throw error;
    }
    // Other sessions ended with the change; API tokens did not: the tokens page lists those still working, with one
    // button to revoke them all, in case the password was changed because someone else knew it.
    const next = safeNextPath(req.body?.next);
    if (!next && countActiveApiTokens(database, req.actor!.id) > 0) {
      flash(req, { kind: "success", key: "account.password.changedTokens" });
      return res.redirect(303, "/account/tokens");
    }
    flash(req, { kind: "success", key: "account.password.changed" });
    res.redirect(303, next ?? "/account");
  });

  const renderTokens = (
    req: Request,
    res: Response,
    extra: { errors?: Record<string, string>; name?: string; created?: { name: string; token: string } } = {},
  ) => {
    // A new token is on this page once: never cached, never sent as a referrer.
    res.setHeader("Cache-Control", "no-store");
    const tokens = listApiTokens(database, req.actor!.id).map((t) => ({ ...t, isRevoked: t.revokedAt !== null }));
    res.status(extra.errors && Object.keys(extra.errors).length ? 400 : 200).render("account/tokens", {
      titleKey: "account.tokens.title",
      tokens,
      activeCount: tokens.filter((t) => !t.isRevoked).length,
      errors: extra.errors ?? {},
      name: extra.name ?? "",
      created: extra.created,
    });
  };

  router.get("/account/tokens", (req, res) => renderTokens(req, res));

  router.post("/account/tokens", (req, res) => {
    try {
      const { name } = parseAccountInput(tokenNameSchema, req.body ?? {});
      const created = createApiToken(deps, req.actor!, name, meta(req));
      renderTokens(req, res, { created: { name, token: created.token } });
    } catch (error) {
      if (error instanceof InvalidInputError) return renderTokens(req, res, { errors: localise(res, error), name: String(req.body?.name ?? "") });
      throw error;
    }
  });

  router.post("/account/tokens/revoke-all", (req, res) => {
    const count = revokeAllApiTokens(deps, req.actor!.id, { actor: req.actor! }, "user_request", meta(req));
    flash(req, { kind: "success", key: "account.tokens.revokedAll", params: { count: String(count) } });
    res.redirect(303, "/account/tokens");
  });

  router.use(
    pageRouter(context, [
      definePage({
        method: "post",
        path: "/account/tokens/:tokenId/revoke",
        access: allowedTo("account.self"),
        params: z.object({ tokenId: pathId }),
        handle: ({ actor, params, req }) => {
          revokeApiToken(deps, actor, params.tokenId, meta(req));
          flash(req, { kind: "success", key: "account.tokens.revoked" });
          return redirect("/account/tokens");
        },
      }),
    ]),
  );

  app.use(router);
}
