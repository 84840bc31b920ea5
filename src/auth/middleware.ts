// The security middleware app.ts mounts — cookies, server-side session, the signed-in actor, CSRF, the forced password
// change — and the guards other routers use (requireUser, requireAction).
import cookieParser from "cookie-parser";
import type { Express, Request, RequestHandler, Response } from "express";
import session from "express-session";
import type { AppContext } from "../context";
import { ForbiddenError, UnauthenticatedError } from "../errors";
import { apiAuthentication } from "./api-auth";
import { createCsrfGuard, isUploadAwaitingBody } from "./csrf";
import { isApiRequest, SESSION_COOKIE } from "./guards";
import type { Actor } from "./policy";
import { SqliteSessionStore } from "./session-store";
import "./types";
import { loadActor } from "./user-repository";

export { flash, requireAction, requireUser, safeNextPath, SESSION_COOKIE, unauthenticatedRedirect } from "./guards";

/** Paths a user who must change their password may still use. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(["/account/password", "/sign-out", "/sign-in"]);

export interface CurrentUserView {
  id: number;
  email: string;
  name: string;
  role: Actor["role"];
  displayName: string;
  isAdmin: boolean;
  isExpert: boolean;
  isFocalPoint: boolean;
  isAnalyst: boolean;
}

function currentUserView(actor: Actor): CurrentUserView {
  return {
    id: actor.id,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    displayName: actor.name || actor.email,
    isAdmin: actor.role === "admin",
    isExpert: actor.role === "expert",
    isFocalPoint: actor.role === "focal_point",
    isAnalyst: actor.role === "analyst",
  };
}

/**
 * Put on res.locals by the page-locals middleware: the app's function that adds a page's security locals. A symbol,
 * so no template can print it; one function per app rather than a wrapper per response (every page view paid for
 * those closures and a WeakMap entry).
 */
const SECURITY_LOCALS = Symbol("securityLocals");
type PrepareSecurityLocals = (req: Request, res: Response) => void;

function securityLocalsOf(res: Response): PrepareSecurityLocals | undefined {
  return (res.locals as Record<symbol, PrepareSecurityLocals | undefined>)[SECURITY_LOCALS];
}

/**
 * Sets `res.locals.csrfToken` (and its cookie) and `res.locals.flash` exactly as `res.render` does, for a page sent
 * without `res.render` (the respondent's cached questionnaire page, src/responses/page-skeleton.ts).
 */
export function prepareSecurityLocals(res: Response): void {
  const prepare = securityLocalsOf(res);
  if (!prepare) throw new Error("prepareSecurityLocals: the page-locals middleware did not run for this response");
  prepare(res.req, res);
}

/**
 * Makes `res.render` of `app` add the security locals first, on responses that passed the page-locals middleware.
 * Installed once, on the app's response prototype.
 */
export function renderWithSecurityLocals(app: Express): void {
  const render = app.response.render;
  app.response.render = function renderWithSecurityLocals(this: Response, ...args: Parameters<Response["render"]>) {
    securityLocalsOf(this)?.(this.req, this);
    return render.apply(this, args);
  } as Response["render"];
}

export interface SecurityMiddleware {
  /** Before the body parsers: cookies, session, bearer token, the actor, and page locals (currentUser, csrfToken, flash). */
  identify: RequestHandler[];
  /** After the body parsers: CSRF check of state-changing requests, then the forced password change. */
  protect: RequestHandler[];
  /** The same two stages for invitation links (/r/…): only the cookies and the CSRF pair bound to the link. */
  respondent: { identify: RequestHandler[]; protect: RequestHandler[]; cookies: RequestHandler };
}

export function securityMiddleware(context: AppContext): SecurityMiddleware {
  const { config, database, translator } = context;
  const deps = { database, clock: context.clock };
  const csrf = createCsrfGuard(context);
  const store = new SqliteSessionStore({ database, clock: context.clock, idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });

  const sessions = session({
    name: SESSION_COOKIE,
    secret: context.secret.keyFor("session-cookie"),
    store,
    resave: false,
    // Anonymous visitors get no session row; one is created at sign-in.
    saveUninitialized: false,
    rolling: false,
    unset: "destroy",
    // A browser-session cookie: the server enforces the idle and absolute lifetimes.
    cookie: { httpOnly: true, sameSite: "lax", secure: config.cookieSecure, path: "/" },
  });

  const loadSignedInActor: RequestHandler = (req, _res, next) => {
    if (req.authMethod === "token") return next();
    const userId = req.session?.userId;
    if (!userId) return next();
    const loaded = loadActor(database.db, userId);
    if (!loaded) {
      // Disabled or deleted since signing in: the session dies now.
      req.session.destroy((err) => next(err));
      return;
    }
    req.actor = loaded.actor;
    req.authMethod = "session";
    req.mustChangePassword = loaded.user.mustChangePassword;
    next();
  };

  // Every HTML page gets a CSRF token (and its cookie) and the flash messages left by the previous request; run at
  // render (renderWithSecurityLocals), so a response that sends no page issues no token.
  const prepareLocals: PrepareSecurityLocals = (req, res) => {
    if (res.locals.csrfToken === undefined) res.locals.csrfToken = csrf.tokenFor(req, res);
    const flash = req.session?.flash;
    if (flash?.length) {
      const locale = String(res.locals.locale ?? "en");
      res.locals.flash = [
        ...((res.locals.flash as unknown[]) ?? []),
        ...flash.map((f) => ({ kind: f.kind, message: translator.render(locale, { key: f.key, params: f.params }) })),
      ];
      delete req.session.flash;
    }
  };

  const pageLocals: RequestHandler = (req, res, next) => {
    if (req.actor) {
      res.locals.currentUser = currentUserView(req.actor);
      // Whatever a signed-in user is shown (personal data, links, tokens, answers) stays out of browser and proxy caches.
      res.setHeader("Cache-Control", "no-store");
    }
    (res.locals as Record<symbol, PrepareSecurityLocals>)[SECURITY_LOCALS] = prepareLocals;
    next();
  };

  const verifyCsrf: RequestHandler = (req, _res, next) => {
    if (csrf.isValid(req)) return next();
    if (isUploadAwaitingBody(req)) {
      const refusal = () => new ForbiddenError(translator.t(String(_res.locals.locale ?? "en"), "auth.csrf.invalid"));
      req.csrfCheckAfterUpload = () => (csrf.isValid(req) ? undefined : refusal());
      return next();
    }
    // A staff form posted after the session ended carries a token bound to the old session: that is an expiry, not an attack.
    if (!req.actor && req.cookies?.[SESSION_COOKIE] && !req.originalUrl.startsWith("/r/")) return next(new UnauthenticatedError());
    next(new ForbiddenError(translator.t(String(_res.locals.locale ?? "en"), "auth.csrf.invalid")));
  };

  const passwordChangeGate: RequestHandler = (req, res, next) => {
    if (!req.mustChangePassword || req.authMethod !== "session" || ALLOWED_BEFORE_PASSWORD_CHANGE.has(req.path)) return next();
    if ((req.method === "GET" || req.method === "HEAD") && !isApiRequest(req)) {
      res.redirect(303, `/account/password?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    next(new ForbiddenError(translator.t(String(res.locals.locale ?? "en"), "account.password.mustChangeFirst")));
  };

  const cookies = cookieParser();
  return {
    identify: [cookies, apiAuthentication(deps), sessions, loadSignedInActor, pageLocals],
    protect: [verifyCsrf, passwordChangeGate],
    // An invitation link is its own credential: no session is read or started, no API token, no signed-in actor.
    respondent: { identify: [cookies, pageLocals], protect: [verifyCsrf], cookies },
  };
}
