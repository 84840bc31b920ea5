// The view model of the API reference page (/api/v1/docs), read off the generated OpenAPI document.
import { API_PREFIX, metaPaths, type OpenApiDocument, type OpenApiOperation } from "./openapi";

type JsonSchema = Record<string, unknown>;

export interface ReferenceParameter {
  name: string;
  location: string;
  required: boolean;
  type: string;
  /** The value used when the parameter is left out, or "". */
  defaultValue: string;
  description: string;
}

export interface ReferenceOperation {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  permission: string | null;
  isPublic: boolean;
  parameters: ReferenceParameter[];
  requestSchema: string | null;
  responses: { status: string; description: string; schema: string | null }[];
}

export interface ReferencePage {
  openapiHref: string;
  authHeaderExample: string;
  groups: { tag: string; operations: ReferenceOperation[] }[];
  schemas: { name: string; anchor: string; json: string }[];
}

const refName = (schema: JsonSchema | undefined): string | null => {
  const ref = schema?.$ref;
  return typeof ref === "string" ? ref.slice(ref.lastIndexOf("/") + 1) : null;
};

/** A short type for a parameter: "integer 1..200", "integer > 0", "started | submitted", "string". */
function typeLabel(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(" | ");
  const type = String(schema.type ?? "string");
  if (typeof schema.minimum === "number" && typeof schema.maximum === "number") return `${type} ${schema.minimum}..${schema.maximum}`;
  if (typeof schema.minimum === "number") return `${type} ≥ ${schema.minimum}`;
  if (typeof schema.exclusiveMinimum === "number") return `${type} > ${schema.exclusiveMinimum}`;
  return type;
}

function operationView(path: string, method: string, operation: OpenApiOperation): ReferenceOperation {
  const body = operation.requestBody?.content["application/json"]?.schema;
  return {
    anchor: operation.operationId,
    method: method.toUpperCase(),
    path: `${API_PREFIX}${path}`,
    summary: operation.summary,
    description: operation.description ?? "",
    permission: operation["x-permission"] ?? null,
    isPublic: Array.isArray(operation.security) && operation.security.length === 0,
    parameters: (operation.parameters ?? []).map((p) => ({
      name: p.name,
      location: p.in,
      required: p.required,
      type: typeLabel(p.schema),
      defaultValue: p.schema.default === undefined ? "" : String(p.schema.default),
      description: p.description ?? "",
    })),
    requestSchema: refName(body),
    responses: Object.entries(operation.responses).map(([status, response]) => ({
      status,
      description: response.description,
      schema: refName(Object.values(response.content ?? {})[0]?.schema),
    })),
  };
}

export function referencePageView(document: OpenApiDocument): ReferencePage {
  const groups = new Map<string, ReferenceOperation[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags[0] ?? "";
      groups.set(tag, [...(groups.get(tag) ?? []), operationView(path, method, operation)]);
    }
  }
  return {
    openapiHref: `${API_PREFIX}${metaPaths.openapi}`,
    authHeaderExample: "Authorization: Bearer cna_…",
    groups: [...groups].map(([tag, operations]) => ({ tag, operations })),
    schemas: Object.entries(document.components.schemas).map(([name, schema]) => ({ name, anchor: `schema-${name}`, json: JSON.stringify(schema, null, 2) })),
  };
}
