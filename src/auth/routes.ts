// Signing in and out, and setting a password through a reset link: GET/POST /sign-in, POST /sign-out, GET/POST /reset/:token.
import type { Request } from "express";
import type { Router } from "express";
import { z } from "zod";
import { recordAudit } from "../audit/service";
import type { AppContext } from "../context";
import { InvalidInputError } from "../errors";
import { definePage, pageRouter, redirect, render } from "../web/pages";
import { anyone } from "./access";
import { safeNextPath, SESSION_COOKIE } from "./guards";
import { hashPassword } from "./passwords";
import { assertStrongPassword, personalWords } from "./password-strength";
import { completePasswordReset, findValidReset } from "./password-resets";
import { localiseFieldErrors, parseAccountInput, resetPasswordSchema, signInSchema } from "./schemas";
import { createSignInService } from "./sign-in";
import type { ThrottleRules } from "./sign-in-throttle";

/** Notices the sign-in page may show, named in its query string after a redirect. */
const signInNotices: Record<string, { kind: string; key: string }> = {
  expired: { kind: "warning", key: "auth.notice.expired" },
  "signed-out": { kind: "success", key: "auth.notice.signedOut" },
  "password-set": { kind: "success", key: "auth.notice.passwordSet" },
};

/** Sign-in takes any text: a body that does not even parse is a failed sign-in like any other, with the same message. */
const signInBody = signInSchema.catch({ email: "", password: "" });

const resetPath = z.object({ token: z.string() });

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => (req.session ? req.session.destroy((err) => (err ? reject(err) : resolve())) : resolve()));
}

export function authRouter(context: AppContext, options: { throttle?: ThrottleRules } = {}): Router {
  const { database, translator } = context;
  const deps = { database, clock: context.clock };
  // One throttle per app: it counts failures by address and by account across requests.
  const signIn = createSignInService(deps, options.throttle);

  const signInView = (req: Request, locale: string, extra: { status?: number; error?: string; email?: string } = {}) => {
    const notice = signInNotices[String(req.query.notice ?? "")];
    return render(
      "auth/sign-in",
      {
        titleKey: "auth.signIn.title",
        next: safeNextPath(req.body?.next ?? req.query.next) ?? "",
        email: extra.email ?? "",
        error: extra.error,
        notice: notice && !extra.error ? { kind: notice.kind, message: translator.t(locale, notice.key) } : undefined,
        canResetByMail: Boolean(context.config.smtpUrl),
      },
      extra.status,
    );
  };

  /** A reset page is a secret link: never cached, never sent on as a referrer. */
  const noStore = (res: { setHeader(name: string, value: string): unknown }, referrer = false) => {
    res.setHeader("Cache-Control", "no-store");
    if (referrer) res.setHeader("Referrer-Policy", "no-referrer");
  };
  const invalidLink = () => render("auth/reset-invalid", { titleKey: "auth.reset.invalidTitle" }, 404);

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/sign-in",
      access: anyone,
      handle: ({ actor, req, locale }) => (actor ? redirect(safeNextPath(req.query.next) ?? "/") : signInView(req, locale)),
    }),

    definePage({
      method: "post",
      path: "/sign-in",
      access: anyone,
      body: signInBody,
      handle: async ({ req, res, locale, body: { email, password } }) => {
        const result = await signIn.signIn(email, password, req.ip ?? "unknown");
        if (result.outcome === "limited") {
          res.setHeader("Retry-After", String(result.retryAfterSeconds));
          const wait =
            result.retryAfterSeconds < 60
              ? translator.t(locale, "auth.signIn.waitSeconds", { count: result.retryAfterSeconds })
              : translator.t(locale, "auth.signIn.tooMany", { count: Math.ceil(result.retryAfterSeconds / 60) });
          return signInView(req, locale, { status: 429, email, error: wait });
        }
        // 400, not 401: a refused form is not an HTTP authentication challenge (401 requires WWW-Authenticate).
        if (result.outcome === "failed") return signInView(req, locale, { status: 400, email, error: translator.t(locale, "auth.signIn.failed") });

        // A new session id at every sign-in, so an id planted or seen before cannot ride on this one.
        const next = safeNextPath(req.body?.next);
        await regenerateSession(req);
        req.session.userId = result.user.id;
        await saveSession(req);
        if (result.user.mustChangePassword) return redirect(`/account/password${next ? `?next=${encodeURIComponent(next)}` : ""}`);
        return redirect(next ?? "/");
      },
    }),

    definePage({
      method: "post",
      path: "/sign-out",
      access: anyone,
      handle: async ({ actor, req, res }) => {
        if (actor) recordAudit(database.db, { actor, action: "user.sign_out", objectType: "user", objectId: actor.id, ip: req.ip });
        await destroySession(req);
        res.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: context.config.cookieSecure });
        return redirect("/sign-in?notice=signed-out");
      },
    }),

    definePage({
      method: "get",
      path: "/reset/:token",
      access: anyone,
      params: resetPath,
      handle: ({ res, params }) => {
        const reset = findValidReset(deps, params.token);
        noStore(res, Boolean(reset));
        return reset ? render("auth/reset", { titleKey: "auth.reset.title", email: reset.email, errors: {} }) : invalidLink();
      },
    }),

    definePage({
      method: "post",
      path: "/reset/:token",
      access: anyone,
      params: resetPath,
      handle: async ({ req, res, locale, params }) => {
        const reset = findValidReset(deps, params.token);
        if (!reset) {
          noStore(res);
          return invalidLink();
        }
        let password: string;
        try {
          password = parseAccountInput(resetPasswordSchema, req.body ?? {}).password;
          assertStrongPassword(password, personalWords(reset.email));
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          noStore(res, true);
          return render("auth/reset", { titleKey: "auth.reset.title", email: reset.email, errors: localiseFieldErrors(translator, locale, error) }, 400);
        }
        if (!completePasswordReset(deps, params.token, await hashPassword(password), { ip: req.ip })) {
          noStore(res);
          return invalidLink();
        }
        return redirect("/sign-in?notice=password-set");
      },
    }),
  ]);
}
