// The OpenAPI description: valid OpenAPI 3.1, valid JSON Schema, and in step with the routes — every route the app
// serves under /api/v1 is documented, every documented operation is served and answers as its schema says.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/api/openapi";
import { anAssessment, anInvitation, aSubmittedResponse, aUser } from "../support/builders";
import { ApiClient, expressRoutes, startApp, tokenOf } from "./support";

type App = Awaited<ReturnType<typeof startApp>>;
let app: App;
let admin: ApiClient;
let anonymous: ApiClient;
let document: OpenApiDocument;
let values: Record<string, string | number>;

beforeAll(async () => {
  app = await startApp();
  const assessment = anAssessment(app.context, { status: "open", organisations: ["Ministry of Finance"] });
  const invitation = anInvitation(app.context, assessment);
  aSubmittedResponse(app.context, invitation.token);
  const responseId = app.context.database.sqlite.prepare("select id from responses where invitation_id = ?").pluck().get(invitation.id) as number;
  values = { id: assessment.id, organisationId: assessment.organisationIds[0], invitationId: invitation.id, responseId, instrumentId: "digital-government" };
  admin = new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "admin")));
  anonymous = new ApiClient(app.url);
  document = (await anonymous.get("/api/v1/openapi.json")).body;
});
afterAll(() => app.close());

/** Compiles a component (with the others beside it, for its $refs) into a validator. */
function validatorFor(schema: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile({ ...schema, components: document.components });
}

const documentedRoutes = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`),
  );

describe("the OpenAPI document", () => {
  it("is served to anyone as JSON at /api/v1/openapi.json", async () => {
    const reply = await anonymous.get("/api/v1/openapi.json");
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(reply.body.openapi).toBe("3.1.0");
  });

  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has component schemas that are valid JSON Schema 2020-12 and whose references resolve", () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(() => validatorFor(schema), name).not.toThrow();
    }
    const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const missing = refs.map((r) => r.slice(22, -1)).filter((name) => !(name in document.components.schemas));
    expect(missing).toEqual([]);
  });

  it("documents every route the app serves under /api/v1, and only those", () => {
    const served = expressRoutes(app.express).filter((route) => route.split(" ")[1].startsWith("/api/v1/"));
    expect(served.length).toBeGreaterThan(10);
    expect([...served].sort()).toEqual([...documentedRoutes()].sort());
  });

  it("uses unique operation ids and documents a permission for every operation that needs a token", () => {
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      expect(isPublic || typeof operation["x-permission"] === "string", operation.operationId).toBe(true);
    }
  });
});

/** A valid body for each operation that takes one: a documented operation without an example here fails the test. */
const exampleBodies: Record<string, (v: Record<string, string | number>) => unknown> = {
  createAssessment: () => ({ countryIso3: "KEN", instrumentId: "digital-government", roundLabel: "2027", levels: ["organisational"], languages: ["en"] }),
  createOrganisation: () => ({ name: "Ministry of Health", type: "ministry" }),
  createInvitation: (v) => ({ organisationId: v.organisationId, levels: ["organisational"], language: "en", name: "A. Respondent" }),
};

describe("every documented operation", () => {
  it("is served, and answers with its documented status and schema", async () => {
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const concrete = `/api/v1${path.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name]))}`;
        let reply;
        if (method === "get") reply = await admin.get(concrete);
        else {
          const example = exampleBodies[operation.operationId];
          if (!example) {
            problems.push(`${operation.operationId}: add an example body to exampleBodies`);
            continue;
          }
          reply = await admin.post(concrete, example(values));
        }
        const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))!;
        if (String(reply.status) !== status) {
          problems.push(`${method.toUpperCase()} ${concrete}: expected ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`);
          continue;
        }
        const [mediaType, { schema }] = Object.entries(response.content ?? {})[0];
        expect(reply.contentType.startsWith(mediaType), `${concrete}: ${reply.contentType}`).toBe(true);
        if (mediaType !== "application/json") continue;
        const validate = validatorFor(schema);
        if (!validate(reply.body))
          problems.push(`${method.toUpperCase()} ${concrete}: the answer does not match its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

describe("routes that do not exist", () => {
  it("answer 404 as problem+json, never as an HTML page", async () => {
    for (const path of ["/api/v1/nothing-here", "/api/v1/assessments/1/unknown", "/api/v1/assessments/not-a-number"]) {
      const reply = await admin.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.contentType, path).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ status: 404, code: "not_found" });
    }
    const wrongMethod = await admin.request("DELETE", `/api/v1/assessments/${values.id}`);
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.contentType).toMatch(/^application\/problem\+json/);
  });
});

describe("the reference page", () => {
  it("lists every documented operation and schema, and loads no script", async () => {
    const reply = await anonymous.request("GET", "/api/v1/docs", { headers: { accept: "text/html" } });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/html/);
    for (const route of documentedRoutes()) {
      const [method, path] = route.split(" ");
      const shown = path.replace(/:(\w+)/g, "{$1}");
      expect(reply.text, route).toContain(`${method} ${shown}`);
    }
    for (const name of Object.keys(document.components.schemas)) expect(reply.text).toContain(`id="schema-${name}"`);
    expect(reply.text).not.toMatch(/<script/i);
    expect(reply.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[^"'\s]*\.(js|css)/);
  });
});
