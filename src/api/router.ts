// The JSON API under /api/v1: one express route per registered operation (authenticate, authorise through the
// policy module, parse input with zod, call the domain, check the answer against its documented schema), the
// OpenAPI document, the reference page, and problem+json for every error under the prefix.
import express, { Router, type Request, type RequestHandler } from "express";
import type { z } from "zod";
import { requireAssessment } from "../assessments/service";
import { authorize } from "../auth/policy";
import type { AppContext } from "../context";
import { ApiInputError, AppError, NotFoundError, problemsOf, UnauthenticatedError, type InputLocation } from "../errors";
import { apiOperations } from "./operations";
import { API_PREFIX, buildOpenApiDocument, metaPaths } from "./openapi";
import { errorHandler } from "../web/error-handler";
import { referencePageView } from "./reference-page";
import { expressPath, type ApiOperation, type HandlerInput } from "./registry";
import { namedRequestSchemas, namedResponseSchemas } from "./schemas";

const TOKEN_NEEDED = 'Send a personal API token as "Authorization: Bearer cna_…"; create one under My account → API tokens.';

function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiInputError(problemsOf(result.error, location));
}

function parsePath<S extends z.ZodType>(schema: S | undefined, req: Request): z.output<S> | Record<string, never> {
  if (!schema) return {};
  const result = schema.safeParse(req.params);
  if (result.success) return result.data;
  // A path whose ids do not parse names no object.
  throw new NotFoundError(
    `No such object: ${problemsOf(result.error, "path")
      .map((p) => `${p.path} ${p.message}`)
      .join("; ")}.`,
  );
}

function operationHandler(context: AppContext, operation: ApiOperation): RequestHandler {
  return (req, res) => {
    const { access } = operation;
    const actor = access.kind === "public" ? req.actor : req.authMethod === "token" ? req.actor : undefined;
    if (access.kind !== "public" && !actor) throw new UnauthenticatedError(TOKEN_NEEDED);
    const params = parsePath(operation.params, req);
    let assessment;
    if (access.kind === "assessment") {
      assessment = requireAssessment(context, (params as { id: number }).id);
      authorize(actor, access.action, assessment);
    } else if (access.kind === "action") {
      authorize(actor, access.action);
    }
    // Input is read only once the caller is known to be allowed: refusals never depend on what was sent.
    const query = operation.query ? parseInput(operation.query, req.query, "query") : {};
    let body: unknown;
    if (operation.body) {
      if (!req.is("application/json")) throw new AppError("Send the body as JSON, with Content-Type: application/json.", 415, "unsupported_media_type");
      body = parseInput(namedRequestSchemas[operation.body], req.body, "body");
    }
    const input = { context, req, actor, assessment, params, query, body } as HandlerInput<typeof access, never, never, never>;
    // What is sent is what is documented: extra fields are dropped, a mismatch is our error (500), never a leak.
    const output = namedResponseSchemas[operation.response.schema].parse(operation.handle(input as never));
    // Answers carry what only this token's user may see: no shared cache may keep them.
    if (access.kind !== "public") res.setHeader("Cache-Control", "no-store");
    if (operation.location) res.location(operation.location(output as never, input as never));
    res.status(operation.response.status).json(output);
  };
}

export function apiRouter(context: AppContext, operations: readonly ApiOperation[] = apiOperations): Router {
  const router = Router();
  const document = buildOpenApiDocument(operations);
  const reference = referencePageView(document);

  router.get(metaPaths.openapi, (_req, res) => {
    res.json(document);
  });
  router.get(metaPaths.docs, (_req, res) => {
    res.render("api/reference", { titleKey: "api.reference.title", ...reference });
  });
  for (const operation of operations) router[operation.method](expressPath(operation.path), operationHandler(context, operation));
  router.use((req, _res, next) =>
    next(new NotFoundError(`There is no API route ${req.method} ${API_PREFIX}${req.path}. The routes are listed at ${API_PREFIX}${metaPaths.docs}.`)),
  );
  return router;
}

/**
 * Mounts the API, and the error funnel (web/error-handler.ts, its problem+json output) on the same prefix: errors raised before the router (an unknown token, a body
 * that is not JSON, a missing CSRF token on a cookie request) are answered as problem+json too.
 */
export function registerApi(app: express.Express, context: AppContext): void {
  app.use(API_PREFIX, apiRouter(context));
  app.use(
    API_PREFIX,
    errorHandler({ logger: context.logger, exposeStack: context.config.env === "development", translator: context.translator, forApi: true }),
  );
}
