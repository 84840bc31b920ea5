// Signing in and out, and setting a password through a reset link: GET/POST /sign-in, POST /sign-out, GET/POST /reset/:token.
import { Router, type Request, type Response } from "express";
import type express from "express";
import { recordAudit } from "../audit/service";
import type { AppContext } from "../context";
import { InvalidInputError } from "../errors";
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

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => (req.session ? req.session.destroy((err) => (err ? reject(err) : resolve())) : resolve()));
}

export function registerAuthRoutes(app: express.Express, context: AppContext, options: { throttle?: ThrottleRules } = {}): void {
  const router = Router();
  const { database, translator } = context;
  const deps = { database, clock: context.clock };
  const signIn = createSignInService(deps, options.throttle);
  const t = (res: Response, key: string, params?: Record<string, unknown>) => translator.t(String(res.locals.locale), key, params);

  const renderSignIn = (req: Request, res: Response, extra: { status?: number; error?: string; email?: string } = {}) => {
    const notice = signInNotices[String(req.query.notice ?? "")];
    res.status(extra.status ?? 200).render("auth/sign-in", {
      titleKey: "auth.signIn.title",
      next: safeNextPath(req.body?.next ?? req.query.next) ?? "",
      email: extra.email ?? "",
      error: extra.error,
      notice: notice && !extra.error ? { kind: notice.kind, message: t(res, notice.key) } : undefined,
      canResetByMail: Boolean(context.config.smtpUrl),
    });
  };

  router.get("/sign-in", (req, res) => {
    if (req.actor) return res.redirect(303, safeNextPath(req.query.next) ?? "/");
    renderSignIn(req, res);
  });

  router.post("/sign-in", async (req, res) => {
    const input = signInSchema.safeParse(req.body ?? {});
    const email = input.success ? input.data.email : "";
    const password = input.success ? input.data.password : "";
    const result = await signIn.signIn(email, password, req.ip ?? "unknown");
    if (result.outcome === "limited") {
      res.setHeader("Retry-After", String(result.retryAfterSeconds));
      const wait =
        result.retryAfterSeconds < 60
          ? t(res, "auth.signIn.waitSeconds", { seconds: result.retryAfterSeconds })
          : t(res, "auth.signIn.tooMany", { minutes: Math.ceil(result.retryAfterSeconds / 60) });
      return renderSignIn(req, res, { status: 429, email, error: wait });
    }
    // 400, not 401: a refused form is not an HTTP authentication challenge (401 requires WWW-Authenticate).
    if (result.outcome === "failed") return renderSignIn(req, res, { status: 400, email, error: t(res, "auth.signIn.failed") });

    // A new session id at every sign-in, so an id planted or seen before cannot ride on this one.
    const next = safeNextPath(req.body?.next);
    await regenerateSession(req);
    req.session.userId = result.user.id;
    await saveSession(req);
    if (result.user.mustChangePassword) return res.redirect(303, `/account/password${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    res.redirect(303, next ?? "/");
  });

  router.post("/sign-out", async (req, res) => {
    if (req.actor) recordAudit(database.db, { actor: req.actor, action: "user.sign_out", objectType: "user", objectId: req.actor.id, ip: req.ip });
    await destroySession(req);
    res.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: context.config.cookieSecure });
    res.redirect(303, "/sign-in?notice=signed-out");
  });

  const renderInvalidLink = (res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    res.status(404).render("auth/reset-invalid", { titleKey: "auth.reset.invalidTitle" });
  };

  const renderReset = (res: Response, email: string, errors: Record<string, string> = {}) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.status(Object.keys(errors).length ? 400 : 200).render("auth/reset", { titleKey: "auth.reset.title", email, errors });
  };

  router.get("/reset/:token", (req, res) => {
    const reset = findValidReset(deps, String(req.params.token));
    if (!reset) return renderInvalidLink(res);
    renderReset(res, reset.email);
  });

  router.post("/reset/:token", async (req, res) => {
    const token = String(req.params.token);
    const reset = findValidReset(deps, token);
    if (!reset) return renderInvalidLink(res);
    let password: string;
    try {
      password = parseAccountInput(resetPasswordSchema, req.body ?? {}).password;
      assertStrongPassword(password, personalWords(reset.email));
    } catch (error) {
      if (error instanceof InvalidInputError) return renderReset(res, reset.email, localiseFieldErrors(translator, String(res.locals.locale), error));
      throw error;
    }
    if (!completePasswordReset(deps, token, await hashPassword(password), { ip: req.ip })) return renderInvalidLink(res);
    res.redirect(303, "/sign-in?notice=password-set");
  });

  app.use(router);
}
