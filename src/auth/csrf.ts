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
  // Clients that cannot wait for the body may still name the token in the query of an upload (scripts, older pages).
  if (req.is("multipart/form-data") && typeof req.query._csrf === "string") return req.query._csrf;
  return undefined;
}

/**
 * The upload routes, whose forms send the CSRF token in the multipart body (never in the URL, where logs, history and
 * the address bar would keep it). Their body is read by the route (after its permission check), so the token is
 * checked then, by singleFileUpload. Every path here must use singleFileUpload: test/auth/csrf.test.ts posts to each
 * without a token; a multipart post anywhere else is checked at once, like any form.
 */
const UPLOAD_PATHS = [
  /^\/assessments\/\d+\/invitations\/import$/,
  /^\/assessments\/\d+\/data\/answers$/,
  /^\/instruments\/xlsform$/,
  // The questionnaire page (its form carries evidence files, src/evidence/upload.ts) and the page script's attach.
  /^\/r\/[^/]+\/p\/[^/]+$/,
  /^\/r\/[^/]+\/evidence$/,
];

/** True for a file upload whose token is still in its unread body. */
export function isUploadAwaitingBody(req: Request): boolean {
  return (
    req.method === "POST" && Boolean(req.is("multipart/form-data")) && tokenFromRequest(req) === undefined && UPLOAD_PATHS.some((p) => p.test(pathOf(req)))
  );
}

export interface CsrfGuard {
  /** True when the request is exempt (safe method, or API call authenticated by a bearer token) or carries a valid token. */
  isValid(req: Request): boolean;
  /** The token for forms on this page; sets (or keeps) the matching cookie. */
  tokenFor(req: Request, res: Response): string;
}

/**
 * Pairs of (who is asking, token) whose HMAC has been checked. The check depends only on the pair and the secret,
 * which lives as long as the process, so a pair found valid stays valid: a respondent's every page view and autosave
 * would otherwise compute the same HMAC again. Bounded: past the limit, the oldest pair is forgotten (and checked
 * again when it comes back).
 */
export class CheckedTokens {
  private readonly pairs = new Set<string>();
  constructor(private readonly limit = 20_000) {}

  has(who: string, token: string): boolean {
    return this.pairs.has(`${who}\n${token}`);
  }

  add(who: string, token: string): void {
    const key = `${who}\n${token}`;
    if (this.pairs.has(key)) return;
    this.pairs.add(key);
    if (this.pairs.size > this.limit) this.pairs.delete(this.pairs.values().next().value as string);
  }

  get size(): number {
    return this.pairs.size;
  }
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
  // The two sides: staff tokens are bound to the session, respondent tokens to the invitation link.
  type Side = { guard: ReturnType<typeof doubleCsrf>; cookie: string; memo: CheckedTokens; cookieOptions?: (who: string) => CookieOptions };
  const staffCookie = secure ? "__Host-cna.csrf" : "cna.csrf";
  const staffIdentity = (req: Request) => (req.session?.userId ? req.sessionID : ANONYMOUS);
  const staff: Side = {
    guard: doubleCsrf({
      ...common,
      getSecret: () => context.secret.keyFor("csrf-staff"),
      getSessionIdentifier: staffIdentity,
      // The __Host- prefix makes the browser refuse the cookie from a sibling subdomain, but it requires https.
      cookieName: staffCookie,
      cookieOptions: { sameSite: "strict", path: "/", secure, httpOnly: true },
    }),
    cookie: staffCookie,
    memo: new CheckedTokens(),
  };
  const respondentCookie = secure ? "__Secure-cna.rcsrf" : "cna.rcsrf";
  const respondent: Side = {
    guard: doubleCsrf({
      ...common,
      getSecret: () => context.secret.keyFor("csrf-respondent"),
      getSessionIdentifier: (req) => respondentTokenOf(req) ?? ANONYMOUS,
      cookieName: respondentCookie,
      cookieOptions: { sameSite: "strict", path: "/r", secure, httpOnly: true },
    }),
    cookie: respondentCookie,
    memo: new CheckedTokens(),
    // One cookie per invitation link, so two links open in one browser do not overwrite each other's token.
    cookieOptions: (link) => ({ sameSite: "strict", path: COOKIE_PATH_SEGMENT.test(link) ? `/r/${link}` : "/r", secure, httpOnly: true }),
  };
  /** The side a request is on, and who is asking: the same identifier the side's guard binds its HMAC to. */
  const sideOf = (req: Request): { side: Side; who: string } => {
    const link = respondentTokenOf(req);
    return link ? { side: respondent, who: link } : { side: staff, who: staffIdentity(req) };
  };

  return {
    isValid(req) {
      if (SAFE_METHODS.has(req.method)) return true;
      // An API call carrying no session carries no ambient credential to forge: it is the token's (or nobody's, → 401).
      if (pathOf(req).startsWith("/api/") && (req.authMethod === "token" || !req.session?.userId)) return true;
      const { side, who } = sideOf(req);
      const cookie = req.cookies?.[side.cookie];
      // The double submit: the token sent must be the cookie's; its HMAC is checked once per pair.
      if (typeof cookie === "string" && cookie !== "" && tokenFromRequest(req) === cookie && side.memo.has(who, cookie)) return true;
      const valid = side.guard.validateRequest(req);
      if (valid) side.memo.add(who, cookie as string);
      return valid;
    },
    tokenFor(req, res) {
      const { side, who } = sideOf(req);
      const cookie = req.cookies?.[side.cookie];
      if (typeof cookie === "string" && side.memo.has(who, cookie)) return cookie;
      const issued = side.guard.generateCsrfToken(
        req,
        cookieSetOnChange(req, res),
        side.cookieOptions ? { cookieOptions: side.cookieOptions(who) } : undefined,
      );
      side.memo.add(who, issued);
      return issued;
    },
  };
}
