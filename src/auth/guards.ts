// Guards for routers: who is signed in, who may do what, where to send those who may not. Used by every domain's routes.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { NotFoundError, UnauthenticatedError } from "../errors";
import { authorize, type Action, type AssessmentResource } from "./policy";
import type { FlashMessage } from "./types";
import "./types";

export const SESSION_COOKIE = "cna.sid";

export function isApiRequest(req: Request): boolean {
  return req.path.startsWith("/api/") || (req.accepts(["html", "json"]) === "json" && !req.accepts("html"));
}

/** A same-site path to return to after signing in; anything else (other hosts, "//evil", "/\evil") is dropped. */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 2000) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001F\u007F]/.test(value)) return undefined;
  return value;
}

function redirectToSignIn(req: Request, res: Response): void {
  if (req.method === "GET" || req.method === "HEAD") {
    res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
  } else {
    // A form posted after the session ended: the form's data cannot be replayed, so just say why.
    res.redirect(303, req.cookies?.[SESSION_COOKIE] ? "/sign-in?notice=expired" : "/sign-in");
  }
}

/** Lets signed-in users through; anonymous people go to the sign-in page (API clients get 401). */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.actor) return next();
  if (isApiRequest(req)) return next(new UnauthenticatedError());
  redirectToSignIn(req, res);
};

/**
 * Lets the request through when the actor may do `action` (to the assessment `loadResource` finds; none found → 404).
 * The resource is left in res.locals.resource for the handler.
 */
export function requireAction(
  action: Action,
  loadResource?: (req: Request) => AssessmentResource | undefined | Promise<AssessmentResource | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    if (!req.actor) return requireUser(req, res, next);
    const resource = loadResource ? await loadResource(req) : undefined;
    if (loadResource && !resource) throw new NotFoundError();
    authorize(req.actor, action, resource);
    if (resource) res.locals.resource = resource;
    next();
  };
}

/** Turns an UnauthenticatedError from authorize() into the sign-in redirect for pages; the API keeps its 401. */
export const unauthenticatedRedirect: ErrorRequestHandler = (err, req, res, next) => {
  if (!(err instanceof UnauthenticatedError) || res.headersSent || isApiRequest(req)) return next(err);
  redirectToSignIn(req, res);
};

/** Leaves a message for the next page the user sees (after a redirect). */
export function flash(req: Request, message: FlashMessage): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), message];
}
