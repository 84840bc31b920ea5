// The shape of an API operation. Every operation is declared once (operations/*.ts); the express router
// (router.ts), the OpenAPI document (openapi.ts) and the reference page are all generated from the declarations.
import type { Request } from "express";
import type { z } from "zod";
import type { AssessmentSummary } from "../assessments/repository";
import type { Action, Actor } from "../auth/policy";
import type { AppContext } from "../context";
import type { namedRequestSchemas, namedResponseSchemas } from "./schemas";

/**
 * Who may call an operation, asked of the policy module:
 * public — anyone (the API description); action — a signed-in token holder allowed `action`;
 * assessment — allowed `action` on the assessment named by the path parameter `id` (loaded first; unknown → 404).
 */
export type Access = { kind: "public" } | { kind: "action"; action: Action } | { kind: "assessment"; action: Action };

export type ResponseName = keyof typeof namedResponseSchemas;
export type RequestName = keyof typeof namedRequestSchemas;
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface HandlerInput<A extends Access, P extends AnyObject, Q extends AnyObject, B extends RequestName | undefined> {
  context: AppContext;
  req: Request;
  actor: A extends { kind: "public" } ? Actor | undefined : Actor;
  /** The assessment of the path, already authorised, for assessment operations. */
  assessment: A extends { kind: "assessment" } ? AssessmentSummary : undefined;
  params: z.output<P>;
  query: z.output<Q>;
  body: B extends RequestName ? z.output<(typeof namedRequestSchemas)[B]> : undefined;
}

export interface ApiOperation<
  A extends Access = Access,
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends RequestName | undefined = RequestName | undefined,
  R extends ResponseName = ResponseName,
> {
  method: "get" | "post";
  /** OpenAPI-style path below /api/v1, with {name} parameters. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  response: { status: 200 | 201; schema: R; description: string };
  /** Other outcomes worth documenting besides 400/401/403/404 (for example 409 for a conflict). */
  conflicts?: string;
  handle(input: HandlerInput<A, P, Q, B>): z.input<(typeof namedResponseSchemas)[R]>;
  /** For 201 responses: where the created object can be read. */
  location?(created: z.output<(typeof namedResponseSchemas)[R]>, input: HandlerInput<A, P, Q, B>): string;
}

/** Declares an operation with its types inferred from its schemas (the registry itself holds them untyped). */
export function defineOperation<
  const A extends Access,
  P extends AnyObject = z.ZodObject<{}>,
  Q extends AnyObject = z.ZodObject<{}>,
  B extends RequestName | undefined = undefined,
  R extends ResponseName = ResponseName,
>(operation: ApiOperation<A, P, Q, B, R>): ApiOperation {
  return operation as unknown as ApiOperation;
}

/** "/assessments/{id}" → "/assessments/:id" */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}
