// Bearer-token authentication for /api/: `Authorization: Bearer cna_…` becomes the same Actor a session gives.
import type { RequestHandler } from "express";
import { UnauthenticatedError } from "../errors";
import { authenticateApiToken } from "./api-tokens";
import type { AccountDeps } from "./user-service";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Requests under /api/ with an Authorization header must carry a valid, unrevoked token of an enabled user (else 401). */
export function apiAuthentication(deps: AccountDeps): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header || !req.path.startsWith("/api/")) return next();
    const token = BEARER.exec(header)?.[1];
    const actor = token ? authenticateApiToken(deps, token) : undefined;
    if (!actor) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="cna", error="invalid_token"');
      return next(new UnauthenticatedError("The API token is missing, unknown or revoked. Create one under My account → API tokens."));
    }
    req.actor = actor;
    req.authMethod = "token";
    next();
  };
}
