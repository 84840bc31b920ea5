// CSRF protection (csrf-csrf double submit): every state-changing request carries a token that matches an HttpOnly
// cookie and is bound by HMAC to who is asking — the session for staff, the invitation token for respondents.
import type { CookieOptions, Request, Response } from "express";
import { doubleCsrf } from "csrf-csrf";
import type { AppContext } from "../context";

/** Methods that never change state, so need no token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Identifier for visitors without a session (the sign-in and reset forms): login CSRF still needs a same-site cookie. */
const ANONYMOUS = "anonymous";

const RESPONDENT_PATH = /^\/r\/([^/?#]+)/;
const COOKIE_PATH_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

function pathOf(req: Request): string {
  return (req.originalUrl || req.url).split("?")[0];
}

/** The invitation token of a respondent URL (/r/<token>/…), or undefined for staff URLs. */
export function respondentTokenOf(req: Request): string | undefined {
  return RESPONDENT_PATH.exec(pathOf(req))?.[1];
}

function tokenFromRequest(req: Request): string | undefined {
  const header = req.headers["x-csrf-token"];
  if (typeof header === "string" && header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === "object" && typeof body._csrf === "string") return body._csrf;
  // File uploads are parsed by the route (multer), after this check: their forms put the token in the action URL.
  if (req.is("multipart/form-data") && typeof req.query._csrf === "string") return req.query._csrf;
  return undefined;
}

export interface CsrfGuard {
  /** True when the request is exempt (safe method, or API call authenticated by a bearer token) or carries a valid token. */
  isValid(req: Request): boolean;
  /** The token for forms on this page; sets (or keeps) the matching cookie. */
  tokenFor(req: Request, res: Response): string;
}

/**
 * The response as csrf-csrf sees it, whose cookie() skips sending back the very cookie the browser just sent: the
 * library keeps a valid token but sets its cookie again on every page. A browser-session cookie with the same value
 * and attributes changes nothing, and a respondent's every page view would pay for it.
 */
function cookieSetOnChange(req: Request, res: Response): Response {
  return {
    cookie(name: string, value: string, options: CookieOptions) {
      if (req.cookies?.[name] !== value) res.cookie(name, value, options);
      return this;
    },
  } as unknown as Response;
}

export function createCsrfGuard(context: AppContext): CsrfGuard {
  const secure = context.config.cookieSecure;
  const common = {
    getCsrfTokenFromRequest: tokenFromRequest,
    size: 32,
    ignoredMethods: [...SAFE_METHODS] as ("GET" | "HEAD" | "OPTIONS")[],
  };
  const staff = doubleCsrf({
    ...common,
    getSecret: () => context.secret.keyFor("csrf-staff"),
    getSessionIdentifier: (req) => (req.session?.userId ? req.sessionID : ANONYMOUS),
    // The __Host- prefix makes the browser refuse the cookie from a sibling subdomain, but it requires https.
    cookieName: secure ? "__Host-cna.csrf" : "cna.csrf",
    cookieOptions: { sameSite: "strict", path: "/", secure, httpOnly: true },
  });
  const respondent = doubleCsrf({
    ...common,
    getSecret: () => context.secret.keyFor("csrf-respondent"),
    getSessionIdentifier: (req) => respondentTokenOf(req) ?? ANONYMOUS,
    cookieName: secure ? "__Secure-cna.rcsrf" : "cna.rcsrf",
    cookieOptions: { sameSite: "strict", path: "/r", secure, httpOnly: true },
  });

  return {
    isValid(req) {
      if (SAFE_METHODS.has(req.method)) return true;
      // An API call carrying no session carries no ambient credential to forge: it is the token's (or nobody's, → 401).
      if (pathOf(req).startsWith("/api/") && (req.authMethod === "token" || !req.session?.userId)) return true;
      return (respondentTokenOf(req) ? respondent : staff).validateRequest(req);
    },
    tokenFor(req, res) {
      const token = respondentTokenOf(req);
      if (!token) return staff.generateCsrfToken(req, cookieSetOnChange(req, res));
      // One cookie per invitation link, so two links open in one browser do not overwrite each other's token.
      const path = COOKIE_PATH_SEGMENT.test(token) ? `/r/${token}` : "/r";
      return respondent.generateCsrfToken(req, cookieSetOnChange(req, res), { cookieOptions: { sameSite: "strict", path, secure, httpOnly: true } });
    },
  };
}
