// Generates the OpenAPI 3.1 description from the operation registry and the API's zod schemas (JSON Schema 2020-12,
// the dialect OpenAPI 3.1 uses), so the document and the routes cannot disagree.
import { z } from "zod";
import { MAX_PAGE_SIZE } from "../pagination";
import type { ApiOperation } from "./registry";
import { namedRequestSchemas, namedResponseSchemas } from "./schemas";

export const API_PREFIX = "/api/v1";
/** Routes of the API about the API itself, served beside the operations. */
export const metaPaths = { openapi: "/openapi.json", docs: "/docs" } as const;

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  [key: string]: unknown;
};
export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: unknown[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  "x-permission"?: string;
}

const SCHEMA_REF = "#/components/schemas/";
const schemaRef = (name: string) => ({ $ref: `${SCHEMA_REF}${name}` });

/** zod's JSON Schema with what OpenAPI readers need not see: per-schema $schema/$id, and the ±2^53 bounds of "int". */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "$schema" || key === "$id") continue;
    if ((key === "minimum" || key === "maximum") && Math.abs(Number(child)) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(child);
  }
  return out;
}

function componentSchemas(): Record<string, JsonSchema> {
  const generate = (named: Record<string, z.ZodType>, io: "input" | "output") => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
    return z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `${SCHEMA_REF}${id}` }).schemas;
  };
  // Responses are documented as the server writes them (output), request bodies as clients send them (input).
  const schemas = { ...generate(namedResponseSchemas, "output"), ...generate(namedRequestSchemas, "input") };
  return tidy(schemas) as Record<string, JsonSchema>;
}

function parametersOf(schema: z.ZodObject<z.ZodRawShape> | undefined, location: "path" | "query"): OpenApiParameter[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = tidy(z.toJSONSchema(field as z.ZodType, { target: "draft-2020-12", io: "input" })) as JsonSchema;
    const { description, ...rest } = json;
    return {
      name,
      in: location,
      required: location === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: schemaRef("Problem") } } });

function describeOperation(operation: ApiOperation): OpenApiOperation {
  const isPublic = operation.access.kind === "public";
  const parameters = [...parametersOf(operation.params, "path"), ...parametersOf(operation.query, "query")];
  const responses: OpenApiOperation["responses"] = {
    [String(operation.response.status)]: {
      description: operation.response.description,
      content: { "application/json": { schema: schemaRef(operation.response.schema) } },
    },
  };
  if (parameters.some((p) => p.in === "query") || operation.body) responses["400"] = problem("Invalid input: errors names each refused field.");
  if (!isPublic) {
    responses["401"] = problem("No valid API token was sent.");
    responses["403"] = problem("The token's user may not do this (to this assessment).");
  }
  if (operation.params) responses["404"] = problem("No such object (or a malformed id).");
  if (operation.conflicts) responses["409"] = problem(operation.conflicts);
  const permission = operation.access.kind === "public" ? undefined : operation.access.action;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaRef(operation.body) } } } } : {}),
    responses,
    ...(permission ? { "x-permission": permission } : {}),
  };
}

const intro = [
  "Read and create the data of the Capacity Needs Assessment: instruments, countries, assessments, organisations, invitations, responses and computed results.",
  "",
  "**Authentication.** Send a personal API token, created under *My account → API tokens*, as `Authorization: Bearer cna_…`. The token acts as its user: it sees and may change exactly what that user may in the web pages.",
  "",
  `**Pagination.** Lists answer \`{ "data": [...], "nextCursor": "…" }\`. Pass \`nextCursor\` back as \`cursor\` for the next page; it is null on the last page. \`limit\` is 1 to ${MAX_PAGE_SIZE} (default 50).`,
  "",
  "**Errors.** Errors are `application/problem+json` (RFC 9457); invalid input lists each refused field in `errors` as `{ in, path, message }`.",
].join("\n");

export function buildOpenApiDocument(operations: readonly ApiOperation[]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = describeOperation(operation);
  }
  paths[metaPaths.openapi] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This description of the API (OpenAPI 3.1)",
      tags: ["About the API"],
      security: [],
      responses: { "200": { description: "The OpenAPI document.", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  paths[metaPaths.docs] = {
    get: {
      operationId: "getApiReference",
      summary: "The API reference as a web page",
      tags: ["About the API"],
      security: [],
      responses: { "200": { description: "An HTML page.", content: { "text/html": { schema: { type: "string" } } } } },
    },
  };
  const tags = [...new Set([...operations.map((o) => o.tag), "About the API"])].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: { title: "Capacity Needs Assessment API", version: "1.0.0", description: intro },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: API_PREFIX }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "cna_ followed by 43 characters",
          description: "A personal API token (My account → API tokens).",
        },
      },
    },
  };
}
