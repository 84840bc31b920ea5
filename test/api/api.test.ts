// The JSON API over real HTTP with real personal tokens: create, list and read round trips, cursor pagination,
// problem+json errors that name the field, scoping by the policy module, and invitation links that never leak.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "../../src/auth/api-tokens";
import type { Actor } from "../../src/auth/policy";
import { publishReport } from "../../src/reports/publishing";
import { Browser } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, aUser, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { ApiClient, startApp, tokenOf } from "./support";

type App = Awaited<ReturnType<typeof startApp>>;
let app: App;
let expert: Actor;
let asExpert: ApiClient;
let asAdmin: ApiClient;
/** An assessment of LAO the analyst was granted, with three submitted responses, and one of KEN they were not. */
let granted: BuiltAssessment;
let other: BuiltAssessment;
let analyst: Actor;
let asAnalyst: ApiClient;
let asFocalPoint: ApiClient;
const issuedLinkTokens: string[] = [];

const count = (table: "assessments" | "organisations") => app.context.database.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;

beforeAll(async () => {
  app = await startApp();
  expert = aUser(app.context, "expert");
  asExpert = new ApiClient(app.url, tokenOf(app.context, expert));
  asAdmin = new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "admin")));
  granted = anAssessment(app.context, { country: "LAO", status: "open", organisations: ["Ministry of Finance", "Ministry of Health"] });
  other = anAssessment(app.context, { country: "KEN", status: "open" });
  for (let i = 0; i < 3; i++) {
    const invitation = anInvitation(app.context, granted);
    issuedLinkTokens.push(invitation.token);
    aSubmittedResponse(app.context, invitation.token, { current: 1 + i, target: 4 });
  }
  analyst = aUser(app.context, "analyst", { grants: [{ assessmentId: granted.id, role: "analyst" }] });
  asAnalyst = new ApiClient(app.url, tokenOf(app.context, analyst));
  asFocalPoint = new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "focal_point", { countries: ["KEN"] })));
});
afterAll(() => app.close());

describe("creating and reading over HTTP with a personal token", () => {
  it("creates an assessment, then lists and reads it", async () => {
    const created = await asExpert.post("/api/v1/assessments", {
      countryIso3: "lao",
      instrumentId: "digital-government",
      roundLabel: "API 2026",
      levels: ["organisational", "individual"],
      languages: ["en"],
      closesOn: "2026-12-31",
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      countryIso3: "LAO",
      roundLabel: "API 2026",
      status: "draft",
      levels: ["organisational", "individual"],
      closesOn: "2026-12-31",
      minGroupSize: 3,
    });
    expect(created.location).toBe(`/api/v1/assessments/${created.body.id}`);

    const read = await asExpert.get(created.location!);
    expect(read.status).toBe(200);
    expect(read.cacheControl).toBe("no-store");
    expect(read.body).toEqual(created.body);
    const list = await asExpert.get("/api/v1/assessments");
    expect(list.body.data.map((a: { id: number }) => a.id)).toEqual([created.body.id]);
  });

  it("registers an organisation and invites a respondent, whose link is shown once and works", async () => {
    const assessment = anAssessment(app.context, { owner: expert, organisations: [] });
    const organisation = await asExpert.post(`/api/v1/assessments/${assessment.id}/organisations`, { name: "National Statistics Office", type: "agency" });
    expect(organisation.status, organisation.text).toBe(201);
    expect(organisation.body).toMatchObject({ assessmentId: assessment.id, name: "National Statistics Office", type: "agency" });
    expect((await asExpert.get(organisation.location!)).body).toEqual(organisation.body);

    const invitation = await asExpert.post(`/api/v1/assessments/${assessment.id}/invitations`, {
      organisationId: organisation.body.id,
      name: "Ms Vong",
      email: "vong@example.org",
      levels: ["organisational"],
      language: "en",
    });
    expect(invitation.status, invitation.text).toBe(201);
    expect(invitation.body).toMatchObject({
      organisationId: organisation.body.id,
      name: "Ms Vong",
      email: "vong@example.org",
      status: "invited",
      revokedAt: null,
    });
    const link: string = invitation.body.link;
    expect(link).toMatch(new RegExp(`^${app.context.config.baseUrl}/r/[A-Za-z0-9_-]{43}$`));
    const token = link.slice(link.lastIndexOf("/") + 1);
    issuedLinkTokens.push(token);

    const respondentPage = await fetch(new URL(`/r/${token}`, app.url));
    expect(respondentPage.status).toBe(200);

    const read = await asExpert.get(invitation.location!);
    const list = await asExpert.get(`/api/v1/assessments/${assessment.id}/invitations`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("link");
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toEqual(read.body);
    for (const reply of [read, list]) expect(reply.text).not.toContain(token);
  });

  it("lists responses with their answers, and the computed results", async () => {
    const asOwner = new ApiClient(app.url, tokenOf(app.context, granted.owner));
    const responses = await asOwner.get(`/api/v1/assessments/${granted.id}/responses?status=submitted`);
    expect(responses.status).toBe(200);
    expect(responses.body.data).toHaveLength(3);
    expect(responses.body.data[0]).toMatchObject({ status: "submitted", levels: ["organisational"], organisationId: granted.organisationIds[0] });
    expect(responses.body.data[0].invitationId).toEqual(expect.any(Number));

    // Responses are raw data: the analyst, granted results only, is refused them.
    expect((await asAnalyst.get(`/api/v1/assessments/${granted.id}/responses/${responses.body.data[2].id}`)).status).toBe(403);
    const one = await asOwner.get(`/api/v1/assessments/${granted.id}/responses/${responses.body.data[2].id}`);
    expect(one.status).toBe(200);
    expect(one.body.answers.length).toBeGreaterThan(0);
    expect(one.body.answers.every((a: { current: number; target: number; kind: string }) => a.kind === "answered" && a.current === 3 && a.target === 4)).toBe(
      true,
    );

    const results = await asAnalyst.get(`/api/v1/assessments/${granted.id}/results`);
    expect(results.status).toBe(200);
    expect(results.body.meta).toMatchObject({ assessmentId: granted.id, respondents: 3, isDraft: true, language: "en" });
    const organisational = results.body.levels.find((l: { id: string }) => l.id === "organisational");
    expect(organisational).toMatchObject({ status: "scored", respondents: 3, current: 2, target: 4, gap: 2 });

    const organisation = await asAnalyst.get(`/api/v1/assessments/${granted.id}/organisations/${granted.organisationIds[0]}/results`);
    expect(organisation.status).toBe(200);
    expect(organisation.body.meta.organisation).toEqual({ id: granted.organisationIds[0], name: "Ministry of Finance" });
  });

  it("serves a published assessment's results from its frozen report", async () => {
    const assessment = anAssessment(app.context, { country: "LAO", status: "closed" });
    const deps = { database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock };
    publishReport(deps, assessment.owner, assessment.id, { now: new Date("2026-05-01T10:00:00Z") });
    const client = new ApiClient(app.url, tokenOf(app.context, assessment.owner));
    const results = await client.get(`/api/v1/assessments/${assessment.id}/results`);
    expect(results.status).toBe(200);
    expect(results.body.meta).toMatchObject({ status: "published", isDraft: false, generatedAt: "2026-05-01T10:00:00.000Z" });
  });

  it("reads the reference data: instruments and countries", async () => {
    const instruments = await asAnalyst.get("/api/v1/instruments");
    expect(instruments.body.data.map((i: { id: string }) => i.id)).toContain("digital-government");
    const instrument = await asAnalyst.get("/api/v1/instruments/digital-government");
    expect(instrument.body.levels.map((l: { id: string }) => l.id)).toEqual(["institutional", "organisational", "individual", "societal"]);
    const countries = await asAnalyst.get("/api/v1/countries?limit=200");
    expect(countries.body.data.map((c: { iso3: string }) => c.iso3)).toContain("LAO");
    expect((await asAnalyst.get("/api/v1/instruments/no-such-instrument")).status).toBe(404);
  });
});

describe("cursor pagination", () => {
  it("walks a list page by page, each entry once, in order, ending with a null cursor", async () => {
    const assessment = anAssessment(app.context, { owner: expert, organisations: ["Org 1", "Org 2", "Org 3", "Org 4", "Org 5", "Org 6", "Org 7"] });
    const seen: number[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const reply: Awaited<ReturnType<ApiClient["get"]>> = await asExpert.get(
        `/api/v1/assessments/${assessment.id}/organisations?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(reply.status, reply.text).toBe(200);
      pageSizes.push(reply.body.data.length);
      seen.push(...reply.body.data.map((o: { id: number }) => o.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...assessment.organisationIds].sort((a, b) => a - b));
  });

  it("pages the assessments newest first, and stops exactly at the end", async () => {
    const admin = await asAdmin.get("/api/v1/assessments?limit=200");
    const all = admin.body.data.map((a: { id: number }) => a.id);
    expect(all).toEqual([...all].sort((a: number, b: number) => b - a));
    const first = await asAdmin.get(`/api/v1/assessments?limit=${all.length - 1}`);
    expect(first.body.data).toHaveLength(all.length - 1);
    const last = await asAdmin.get(`/api/v1/assessments?limit=${all.length}&cursor=${first.body.nextCursor}`);
    expect(last.body.data.map((a: { id: number }) => a.id)).toEqual([all[all.length - 1]]);
    expect(last.body.nextCursor).toBeNull();
    expect((await asAdmin.get(`/api/v1/assessments?limit=${all.length}`)).body.nextCursor).toBeNull();
  });

  it("refuses a limit out of range or a cursor it did not make, naming the query field", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=ten", "limit"],
      ["cursor=not*a*cursor", "cursor"],
      [`cursor=${Buffer.from("abc").toString("base64url")}`, "cursor"],
    ]) {
      const reply = await asAdmin.get(`/api/v1/assessments?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.contentType).toMatch(/^application\/problem\+json/);
      expect(reply.body.errors, query).toEqual([expect.objectContaining({ in: "query", path: field })]);
    }
  });
});

describe("errors", () => {
  const body = { countryIso3: "LAO", instrumentId: "digital-government", roundLabel: "Errors", levels: ["organisational"], languages: ["en"] };

  it("names every refused body field, as problem+json, and writes nothing", async () => {
    const before = count("assessments");
    const reply = await asExpert.post("/api/v1/assessments", { countryIso3: "LAO", levels: "organisational", languages: [], minGroupSize: 2 });
    expect(reply.status).toBe(400);
    expect(reply.contentType).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400, code: "invalid_input" });
    const fields = reply.body.errors.map((e: { in: string; path: string }) => `${e.in}:${e.path}`);
    expect(fields).toEqual(expect.arrayContaining(["body:instrumentId", "body:roundLabel", "body:levels"]));
    expect(count("assessments")).toBe(before);
  });

  it("reports the domain's own rules under the field they concern", async () => {
    const minGroup = await asExpert.post("/api/v1/assessments", { ...body, minGroupSize: 2 });
    expect(minGroup.body.errors).toEqual([{ in: "body", path: "minGroupSize", message: "can never be below 3" }]);
    const country = await asExpert.post("/api/v1/assessments", { ...body, countryIso3: "ZZZ" });
    expect(country.status).toBe(400);
    expect(country.body.errors).toEqual([{ in: "body", path: "countryIso3", message: "unknown country" }]);
    const level = await asAdmin.post(`/api/v1/assessments/${granted.id}/invitations`, {
      organisationId: granted.organisationIds[0],
      levels: ["nonsense"],
      language: "en",
    });
    expect(level.body.errors).toEqual([expect.objectContaining({ in: "body", path: "levels" })]);
    const lang = await asAdmin.get(`/api/v1/assessments/${granted.id}/results?lang=fr`);
    expect(lang.body.errors).toEqual([{ in: "query", path: "lang", message: "must be one of en" }]);
  });

  it("answers a conflict with 409, bad JSON with 400 and another content type with 415", async () => {
    expect((await asExpert.post("/api/v1/assessments", { ...body, roundLabel: "Twice" })).status).toBe(201);
    const again = await asExpert.post("/api/v1/assessments", { ...body, roundLabel: "Twice" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "conflict", detail: expect.stringContaining("Twice") });
    const badJson = await asExpert.request("POST", "/api/v1/assessments", { rawBody: "{ not json" });
    expect(badJson.status).toBe(400);
    expect(badJson.contentType).toMatch(/^application\/problem\+json/);
    expect(badJson.body.errors).toEqual([{ in: "body", path: "", message: "is not valid JSON" }]);
    const form = await asExpert.request("POST", "/api/v1/assessments", {
      rawBody: "countryIso3=LAO",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });
});

describe("who may use the API", () => {
  it("answers 401 without a token, with a revoked or unknown token, and to a session cookie alone", async () => {
    const noToken = await new ApiClient(app.url).get("/api/v1/assessments");
    expect(noToken.status).toBe(401);
    expect(noToken.contentType).toMatch(/^application\/problem\+json/);
    const anonymousPost = await new ApiClient(app.url).post("/api/v1/assessments", {});
    expect(anonymousPost.status).toBe(401);
    expect((await new ApiClient(app.url, `cna_${"x".repeat(43)}`).get("/api/v1/assessments")).status).toBe(401);

    const user = aUser(app.context, "expert");
    const token = tokenOf(app.context, user);
    const tokenId = app.context.database.sqlite.prepare("select id from api_tokens where user_id = ?").pluck().get(user.id) as number;
    revokeApiToken({ database: app.context.database, clock: app.context.clock }, user, tokenId);
    const revoked = await new ApiClient(app.url, token).get("/api/v1/assessments");
    expect(revoked.status).toBe(401);
    expect(revoked.contentType).toMatch(/^application\/problem\+json/);

    const browser = new Browser(app.url);
    expect((await browser.signIn(expert.email, TEST_PASSWORD)).status).toBe(303);
    expect((await browser.get("/api/v1/assessments", { accept: "application/json" })).status).toBe(401);
  });

  it("shows an analyst only the assessments granted to them, and no individual responses without a raw-data grant", async () => {
    const list = await asAnalyst.get("/api/v1/assessments");
    expect(list.body.data.map((a: { id: number }) => a.id)).toEqual([granted.id]);
    expect((await asAnalyst.get(`/api/v1/assessments/${other.id}`)).status).toBe(403);
    expect((await asAnalyst.get(`/api/v1/assessments/${other.id}/results`)).status).toBe(403);
    expect((await asAnalyst.get(`/api/v1/assessments/${granted.id}/invitations`)).status).toBe(403);
    expect((await asAnalyst.get(`/api/v1/assessments/${granted.id}/responses`)).status).toBe(403);
  });

  it("lets an analyst create nothing, and writes nothing when refused", async () => {
    const before = { assessments: count("assessments"), organisations: count("organisations") };
    const assessment = await asAnalyst.post("/api/v1/assessments", {
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "No",
      levels: ["organisational"],
      languages: ["en"],
    });
    expect(assessment.status).toBe(403);
    expect(assessment.contentType).toMatch(/^application\/problem\+json/);
    expect((await asAnalyst.post(`/api/v1/assessments/${granted.id}/organisations`, { name: "Refused", type: "agency" })).status).toBe(403);
    expect({ assessments: count("assessments"), organisations: count("organisations") }).toEqual(before);
  });

  it("scopes a focal point to the assessments of their countries", async () => {
    const list = await asFocalPoint.get("/api/v1/assessments");
    expect(list.body.data.map((a: { countryIso3: string }) => a.countryIso3)).toEqual(["KEN"]);
    expect((await asFocalPoint.get(`/api/v1/assessments/${granted.id}`)).status).toBe(403);
    expect((await asFocalPoint.get(`/api/v1/assessments/${other.id}/invitations`)).status).toBe(200);
  });

  it("never shows an invitation's link token after creation, in any answer", async () => {
    const seeds = app.context.database.sqlite.prepare("select token_seed from invitations").pluck().all() as string[];
    const paths = [
      `/api/v1/assessments/${granted.id}/invitations?limit=200`,
      ...(app.context.database.sqlite.prepare("select id from invitations where assessment_id = ?").pluck().all(granted.id) as number[]).map(
        (id) => `/api/v1/assessments/${granted.id}/invitations/${id}`,
      ),
      `/api/v1/assessments/${granted.id}/responses?limit=200`,
      `/api/v1/assessments/${granted.id}/results`,
      `/api/v1/assessments?limit=200`,
    ];
    for (const path of paths) {
      const reply = await asAdmin.get(path);
      expect(reply.status, path).toBe(200);
      for (const secret of [...issuedLinkTokens, ...seeds]) expect(reply.text, path).not.toContain(secret);
      expect(reply.text).not.toMatch(/tokenSeed|tokenLookup|\/r\//);
    }
  });
});
