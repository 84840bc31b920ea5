// The bad-input corpus: every form field, JSON body, route parameter, query and upload of the app receives hostile
// values (markup, SQL, spreadsheet formulas, over-long text, invalid UTF-8, NUL bytes, numbers out of range, wrong
// types, huge bodies). Each answer must be a 4xx with a message, or a success that renders the value escaped; never a
// 500; and a refused request must leave the stored data exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeTable } from "../auth/route-table";
import { buildRouteFixture, type RouteFixture } from "../auth/route-fixture";
import { Browser, startApp, type AuthTestApp } from "../auth/support";
import { createInvitation } from "../../src/assessments/service";
import { loadActor } from "../../src/auth/user-repository";

/** A hostile value, as it goes on the wire in a form body (percent-encoded; some are deliberately malformed). */
interface Hostile {
  name: string;
  encoded: string;
}

const MARKUP = '<script>alert("cna-xss")</script><img src=x onerror=alert(1)>';
const ATTRIBUTE_BREAK = '" autofocus onfocus="alert(1)';
const text = (name: string, value: string): Hostile => ({ name, encoded: encodeURIComponent(value) });

const hostileValues: Hostile[] = [
  text("markup and script", MARKUP),
  text("attribute break-out", ATTRIBUTE_BREAK),
  text("SQL fragment", "' OR 1=1; DROP TABLE users; --"),
  text("formula =", '=HYPERLINK("http://evil.example","click")'),
  text("formula +", "+cmd|' /C calc'!A0"),
  text("formula @", "@SUM(1+1)*cmd|' /C calc'!A0"),
  text("over-long (100,000 characters)", "x".repeat(100_000)),
  text("over-long (5,000 characters)", "y".repeat(5_000)),
  text("NUL byte", "a\u0000b"),
  text("control characters", "a\u0007\u001b[31mb"),
  { name: "invalid UTF-8", encoded: "%C3%28%FF%FE%ED%A0%80" },
  { name: "broken percent-encoding", encoded: "%E0%A4%A" },
  text("bidi override and astral characters", "\u202Eevil\u202C 𝕏 😀"),
  text("number out of range", "99999999999999999999999"),
  text("negative number", "-1"),
  text("fraction", "1.5"),
  text("not a number", "NaN"),
  text("infinity", "1e309"),
  text("hexadecimal", "0x10"),
  text("empty", ""),
  text("blank", "   "),
  text("path traversal", "../../../etc/passwd"),
  text("prototype name", "__proto__"),
];

/** The domain tables a refused request must not touch (sessions, audit and rate-limit state may move). */
const DUMP_QUERIES = [
  "select id, email, name, role, password_hash, disabled_at, must_change_password, locale from users order by id",
  "select * from user_countries order by 1, 2",
  "select id, user_id, name, token_hash, revoked_at from api_tokens order by id",
  "select * from assessments order by id",
  "select * from assessment_members order by 1, 2",
  "select * from organisations order by id",
  "select * from invitations order by id",
  "select * from responses order by id",
  "select * from answers order by 1, 2",
  "select * from report_snapshots order by 1, 2",
];

interface FormRoute {
  /** Route key as in the route table. */
  route: string;
  /** A valid body; each field is replaced by each hostile value in turn. */
  fields: (fixture: RouteFixture, n: number) => Record<string, string>;
  json?: boolean;
  /** Sent with the admin's API token (Bearer) instead of the session and CSRF token. */
  api?: boolean;
}

let app: AuthTestApp;
let fixture: RouteFixture;
let admin: Browser;
let respondent: Browser;
let itemId: string;
let levelId: string;
let instrumentId: string;
let counter = 0;

/** Every POST route that takes input, with a body that would be accepted. */
const formRoutes: FormRoute[] = [
  { route: "POST /sign-in", fields: () => ({ email: "nobody@example.org", password: "not the password at all", next: "/assessments" }) },
  { route: "POST /reset/:token", fields: () => ({ password: "a new and long passphrase", confirm: "a different long passphrase" }) },
  { route: "POST /forgot-password", fields: () => ({ email: "nobody@example.org" }) },
  { route: "POST /account/language", fields: () => ({ locale: "en" }) },
  {
    route: "POST /account/password",
    fields: () => ({ current: "not the current password", password: "another long passphrase 2026", confirm: "another long passphrase 2026" }),
  },
  { route: "POST /account/tokens", fields: () => ({ name: "corpus token" }) },
  { route: "POST /admin/users", fields: (_f, n) => ({ email: `corpus.${n}@example.org`, name: "Corpus User", role: "expert", countries: "" }) },
  { route: "POST /admin/users/:userId", fields: () => ({ name: "Target User", role: "analyst", countries: "" }) },
  { route: "POST /r/:token/language", fields: () => ({ language: "en" }) },
  {
    route: "POST /r/:token/p/:dimensionId",
    fields: () => ({ [`current.${itemId}`]: "2", [`target.${itemId}`]: "4", [`importance.${itemId}`]: "2", [`comment.${itemId}`]: "fine", intent: "later" }),
  },
  // One question: valid answers beside a refused one are saved, as on the rating pages.
  { route: "POST /r/:token/about", fields: () => ({ "bg.function": "policy", intent: "later" }) },
  {
    route: "POST /r/:token/evidence",
    fields: () => ({ item: itemId, [`evidenceLink.${itemId}`]: "https://example.org/evidence", [`evidenceNote.${itemId}`]: "a note" }),
  },
  {
    route: "POST /r/:token/autosave",
    json: true,
    fields: (f) => ({ page: f.dimensionId, [`current.${itemId}`]: "3", [`target.${itemId}`]: "4", [`importance.${itemId}`]: "1", [`comment.${itemId}`]: "ok" }),
  },
  {
    route: "POST /assessments",
    fields: () => ({
      countryIso3: "LAO",
      instrumentId,
      roundLabel: "corpus round",
      levels: levelId,
      languages: "en",
      opensOn: "",
      closesOn: "",
      minGroupSize: "3",
    }),
  },
  ...["POST /assessments/:id/plan", "POST /assessments/:id/plan/:entryId"].map((route) => ({
    route,
    fields: () => ({
      actionId: "",
      title: "Adopt a data governance policy",
      leadOrganisation: "Ministry of Digital Economy",
      othersInvolved: "",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      costAmount: "1000",
      costCurrency: "USD",
      fundingSource: "government",
      indicator: "Share of ministries with a data steward",
      dimensionId: "",
      baselineKind: "share",
      baselineValue: "40",
      targetValue: "80",
      targetDate: "2027-06-30",
      status: "planned",
      notes: "",
    }),
  })),
  { route: "POST /assessments/:id/evidence/rating", fields: () => ({ responseId: "1", itemId, rating: "partial", organisation: "", dimension: "" }) },
  // Validation: the fixture's round is not closed, so even a valid decision is refused (409): no value may make it a 500.
  {
    route: "POST /assessments/:id/validation/:unit/:dimensionId/decision",
    fields: () => ({
      current: "2.5",
      target: "4",
      confidence: "medium",
      evidenceRating: "partial",
      rationale: "seen in the meeting",
      organisationView: "",
      organisationNote: "",
      next: "",
    }),
  },
  { route: "POST /assessments/:id/validation/:unit/:dimensionId/contest", fields: () => ({ level: "3", note: "the ministry disagrees" }) },
  { route: "POST /assessments/:id/validation/:unit/:dimensionId/comment", fields: () => ({ note: "a comment" }) },
  { route: "POST /assessments/:id/transition", fields: () => ({ transition: "open" }) },
  { route: "POST /assessments/:id/dates", fields: () => ({ opensOn: "2026-01-01", closesOn: "2096-12-31", closesTime: "17:00", timeZone: "Africa/Nairobi" }) },
  { route: "POST /assessments/:id/reminder-schedule", fields: () => ({ reminderDays: "7, 2" }) },
  // Every accepted value starts one more round (a draft) of the fixture's assessment; a label already taken is refused (409).
  { route: "POST /assessments/:id/next-round", fields: () => ({ roundLabel: "corpus next round", opensOn: "", closesOn: "", closesTime: "" }) },
  { route: "POST /assessments/:id/mail/invitations", fields: (f) => ({ scope: "chosen", invitationIds: String(f.invitationId) }) },
  { route: "POST /assessments/:id/mail/reminders", fields: () => ({ scope: "all" }) },
  { route: "POST /assessments/:id/mail/announcement", fields: () => ({ scope: "all" }) },
  { route: "POST /assessments/:id/organisations", fields: () => ({ name: "Ministry of Corpus", type: "ministry" }) },
  { route: "POST /assessments/:id/members", fields: () => ({ email: "nobody@example.org", role: "analyst" }) },
  { route: "POST /assessments/:id/members/:userId/raw-data", fields: () => ({ grant: "1" }) },
  { route: "POST /assessments/:id/organisations/:organisationId", fields: () => ({ name: "Ministry of Corpus", type: "agency" }) },
  {
    route: "POST /assessments/:id/invitations",
    fields: (f) => ({ organisationId: String(f.organisationId), name: "", email: "", levels: levelId, language: "en" }),
  },
  { route: "POST /assessments/:id/invitations/:invitationId/edit", fields: () => ({ name: "Corpus Person", email: "", language: "en" }) },
  // Withdraws what is already withdrawn: accepted, and it changes nothing the later routes need.
  {
    route: "POST /assessments/:id/invitations/bulk",
    fields: (f) => ({ action: "revoke", status: "revoked", organisation: String(f.organisationId), scope: "all", upTo: "1" }),
  },
  {
    route: "POST /assessments/:id/invitations/mail",
    fields: (f) => ({ kind: "reminder", mail: "none", organisation: String(f.organisationId), scope: "all", upTo: "1" }),
  },
  {
    route: "POST /api/v1/assessments",
    api: true,
    json: true,
    fields: () => ({ countryIso3: "LAO", instrumentId, roundLabel: "api corpus round", levels: levelId, languages: "en", minGroupSize: "3" }),
  },
  { route: "POST /api/v1/assessments/:id/organisations", api: true, json: true, fields: () => ({ name: "Agency of Corpus", type: "agency" }) },
  {
    route: "POST /api/v1/assessments/:id/invitations",
    api: true,
    json: true,
    fields: (f) => ({ organisationId: String(f.organisationId), levels: levelId, language: "en" }),
  },
];

/** The staff lists that page on the server (issue 26): their query strings are parsed strictly. */
const staffLists = [
  "GET /assessments",
  "GET /assessments/:id/invitations",
  "GET /assessments/:id/progress",
  "GET /assessments/:id/organisations",
  "GET /assessments/:id/members",
  "GET /admin/users",
  "GET /admin/audit",
];

/** Routes that take a file: each gets the generic hostile uploads (the invitation import gets more, below). */
const uploadRoutes = [
  "POST /assessments/:id/invitations/import",
  "POST /assessments/:id/data/answers",
  "POST /assessments/:id/data/submissions",
  "POST /instruments/xlsform",
];

/** POST routes whose only input is the path (they act on the object it names), and the upload, tested on its own. */
const routesWithoutBody = new Set([
  "POST /sign-out",
  "POST /account/tokens/:tokenId/revoke",
  "POST /account/tokens/revoke-all",
  "POST /admin/users/:userId/disable",
  "POST /admin/users/:userId/enable",
  "POST /admin/users/:userId/reset",
  "POST /r/:token/submit",
  "POST /r/:token/evidence/:evidenceId/remove",
  "POST /assessments/:id/validation/:unit/:dimensionId/withdraw",
  "POST /assessments/:id/organisations/:organisationId/delete",
  "POST /assessments/:id/members/:userId/remove",
  "POST /assessments/:id/invitations/:invitationId/revoke",
  "POST /assessments/:id/invitations/:invitationId/reissue",
  "POST /assessments/:id/report/publish",
  "POST /assessments/:id/report/unpublish",
  "POST /assessments/:id/mail/:messageId/requeue",
  "POST /assessments/:id/report-links",
  "POST /assessments/:id/report-links/:linkId/revoke",
  "POST /assessments/:id/archive",
  "POST /assessments/:id/restore",
  "POST /assessments/:id/delete",
]);

function dump(): string {
  return JSON.stringify(DUMP_QUERIES.map((q) => app.context.database.sqlite.prepare(q).raw().all()));
}

/** A new open invitation of the fixture's assessment: earlier cases submit, revoke and re-issue the fixture's own. */
function freshInvitationToken(): string {
  const deps = { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock };
  const actor = loadActor(app.context.database.db, fixture.users.admin.id)!.actor;
  return createInvitation(deps, actor, fixture.assessmentId, { organisationId: fixture.organisationId, levels: [levelId], language: "en" }).token;
}

function fillPath(route: string, override: Record<string, string> = {}): string {
  const path = route.split(" ")[1];
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (override[name] !== undefined) return override[name];
    const values: Record<string, string | number> = {
      id: fixture.assessmentId,
      organisationId: fixture.organisationId,
      invitationId: fixture.spareInvitationIds.admin,
      token: fixture.invitationToken,
      dimensionId: fixture.dimensionId,
      userId: fixture.targetUserId,
      tokenId: fixture.apiTokenIds.admin,
      evidenceId: fixture.evidenceId,
      entryId: fixture.planEntryId,
      // Validation pages: the country's unit (the organisations' are "o<id>").
      unit: "country",
    };
    if (name === "token" && route.includes("/reset/")) return fixture.resetToken;
    return String(values[name]);
  });
}

interface Outcome {
  status: number;
  text: string;
  contentType: string;
}

/** What went wrong with an answer, or null: no 500, a message with any 4xx, nothing hostile echoed unescaped. */
function problemWith(reply: Outcome): string | null {
  if (reply.status >= 500) return `answered ${reply.status}`;
  // Node's HTTP parser refuses oversized headers and URLs itself, before the app can say anything.
  if (reply.status === 431 || reply.status === 414) return null;
  // Markup only matters where a browser renders it: CSV and JSON carry the text as data.
  const isEchoed = reply.text.includes("<script>alert(") || reply.text.includes("onerror=alert(1)>") || reply.text.includes('autofocus onfocus="alert(1)');
  if (reply.contentType.includes("text/html") && isEchoed) return "echoed markup unescaped";
  if (reply.status >= 400) {
    const isJson = reply.contentType.includes("json");
    const hasMessage = isJson
      ? /"(detail|error|message)"\s*:\s*"[^"]+/.test(reply.text)
      : /class="(field-error|notice notice-error|lead)"[^>]*>[^<]+/.test(reply.text);
    if (!hasMessage) return `answered ${reply.status} without a readable message`;
  }
  return null;
}

function encodeForm(fields: Record<string, string>, replaced: string, hostile: Hostile, csrf: string): string {
  const parts = [`_csrf=${encodeURIComponent(csrf)}`];
  for (const [key, value] of Object.entries(fields)) parts.push(`${encodeURIComponent(key)}=${key === replaced ? hostile.encoded : encodeURIComponent(value)}`);
  return parts.join("&");
}

import { EvidenceStore } from "../../src/evidence/store";
import { docxBomb, htmlPage, pdfFile, pngFile, polyglotPdf } from "../support/evidence-files";

describe("the bad-input corpus", () => {
  beforeAll(async () => {
    app = await startApp();
    fixture = buildRouteFixture(app.context);
    // The respondent's round is open, so that answers reach validation rather than stopping at "closed".
    app.context.database.sqlite.prepare("update assessments set status = 'open' where id = ?").run(fixture.assessmentId);
    const instrument = app.context.instruments.list()[0];
    instrumentId = instrument.id;
    levelId = instrument.levels[0].id;
    itemId = instrument.levels[0].dimensions.find((d) => d.id === fixture.dimensionId)!.items[0].id;
    admin = new Browser(app.url);
    const signedIn = await admin.signIn(fixture.users.admin.email, fixture.users.admin.password);
    expect(signedIn.status).toBe(303);
    respondent = new Browser(app.url);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("covers every POST route of the route table", () => {
    const posts = Object.keys(routeTable).filter((r) => r.startsWith("POST "));
    const covered = new Set([...formRoutes.map((r) => r.route), ...routesWithoutBody, ...uploadRoutes]);
    expect(
      posts.filter((r) => !covered.has(r)),
      "POST routes the corpus does not feed: add them to formRoutes (or routesWithoutBody)",
    ).toEqual([]);
  });

  it("refuses or escapes every hostile value in every form field and JSON body, and a refusal changes nothing", async () => {
    const problems: string[] = [];
    for (const form of formRoutes) {
      const isRespondent = form.route.startsWith("POST /r/");
      const client = isRespondent ? respondent : admin;
      const path = fillPath(form.route);
      const csrf = form.api ? "" : await client.csrfTokenFor(path);
      const auth: Record<string, string> = form.api ? { authorization: `Bearer ${fixture.apiTokens.admin}` } : { "x-csrf-token": csrf };
      const base = form.fields(fixture, counter);
      for (const field of Object.keys(base)) {
        for (const hostile of hostileValues) {
          counter += 1;
          const fields = form.fields(fixture, counter);
          const before = dump();
          let reply;
          if (form.json) {
            const raw = decodeURIComponentSafe(hostile.encoded);
            reply = await client.request("POST", path, {
              body: JSON.stringify({ ...fields, [field]: raw }),
              headers: { "content-type": "application/json", accept: "application/json", ...auth },
            });
          } else {
            reply = await client.request("POST", path, {
              body: encodeForm(fields, field, hostile, csrf),
              headers: { "content-type": "application/x-www-form-urlencoded" },
            });
          }
          const outcome = { status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" };
          const where = `${form.route} ${field} = ${hostile.name}`;
          if (reply.status === 403 && /csrf|forgery|expired/i.test(reply.text))
            problems.push(`${where}: the CSRF token was refused, so the value was never checked`);
          const problem = problemWith(outcome);
          if (problem) problems.push(`${where}: ${problem}`);
          if (reply.status >= 400 && dump() !== before) problems.push(`${where}: refused with ${reply.status} but the stored data changed`);
        }
        // The same field sent twice (a list where one value is expected).
        if (form.api) continue;
        const twice = `${encodeForm(base, "", text("", ""), csrf)}&${encodeURIComponent(field)}=a&${encodeURIComponent(field)}=b`;
        const reply = await client.request("POST", path, { body: twice, headers: { "content-type": "application/x-www-form-urlencoded" } });
        const problem = problemWith({ status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" });
        if (problem) problems.push(`${form.route} ${field} sent twice: ${problem}`);
      }
    }
    expect(problems, problems.slice(0, 40).join("\n")).toEqual([]);
  }, 300_000);

  it("answers JSON bodies of the wrong shape and type with a 4xx", async () => {
    const path = fillPath("POST /r/:token/autosave");
    const csrf = await respondent.csrfTokenFor(path);
    const field = `current.${itemId}`;
    const bodies = [
      "null",
      "[]",
      '"text"',
      "42",
      "{",
      '{"a":',
      JSON.stringify({ [field]: [1, 2] }),
      JSON.stringify({ [field]: { $gt: 0 } }),
      JSON.stringify({ [field]: true }),
      JSON.stringify({ [field]: null, [`comment.${itemId}`]: 12 }),
      JSON.stringify({ [field]: 1e309 }),
      JSON.stringify({ [field]: -0 }),
      JSON.stringify({ page: { nested: [[[[[[]]]]]] } }),
      JSON.stringify({ __proto__: { isAdmin: true }, constructor: { prototype: { x: 1 } } }),
      JSON.stringify({ "current.not-an-item": "3" }),
      JSON.stringify({ [`comment.${itemId}`]: "z".repeat(150_000) }),
      `{"${field}": "\\u0000"}`,
      JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`current.x${i}`, "1"]))),
    ];
    const problems: string[] = [];
    for (const body of bodies) {
      const before = dump();
      const reply = await respondent.request("POST", path, {
        body,
        headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
      });
      const problem = problemWith({ status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" });
      if (problem) problems.push(`${body.slice(0, 60)}: ${problem}`);
      if (reply.status >= 400 && dump() !== before) problems.push(`${body.slice(0, 60)}: refused but the stored data changed`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("accepts only decimal whole numbers in range for levels and counts, in forms and JSON alike, and stores nothing else", async () => {
    const token = freshInvitationToken();
    const autosave = fillPath("POST /r/:token/autosave", { token });
    const page = fillPath("POST /r/:token/p/:dimensionId", { token });
    const csrf = await respondent.csrfTokenFor(autosave);
    const loose: unknown[] = [true, "true", "0x3", "0x1f", "1e0", " 3", "3 ", "3.0", "+3", "٣", 3.5, "", "03x"];
    const problems: string[] = [];
    for (const value of loose) {
      const before = dump();
      const json = await respondent.request("POST", autosave, {
        body: JSON.stringify({ page: fixture.dimensionId, [`current.${itemId}`]: value, [`target.${itemId}`]: "4", [`importance.${itemId}`]: "2" }),
        headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
      });
      // A blank level is a blank answer, not a refusal; everything else here must be refused.
      if (value !== "" && json.status !== 400) problems.push(`autosave current=${JSON.stringify(value)}: ${json.status}`);
      if (value !== "" && dump() !== before) problems.push(`autosave current=${JSON.stringify(value)}: stored`);
      if (typeof value !== "string" || value === "") continue;
      const form = await respondent.request("POST", page, {
        body: `_csrf=${encodeURIComponent(await respondent.csrfTokenFor(page))}&${encodeURIComponent(`importance.${itemId}`)}=${encodeURIComponent(value)}&${encodeURIComponent(`current.${itemId}`)}=2&${encodeURIComponent(`target.${itemId}`)}=4&intent=later`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      if (form.status !== 400) problems.push(`form importance=${JSON.stringify(value)}: ${form.status}`);
      if (dump() !== before) problems.push(`form importance=${JSON.stringify(value)}: stored`);
    }
    const adminCsrf = await admin.csrfTokenFor("/assessments/new");
    for (const minGroupSize of ["0x10", "1e1", " 5", "5.0", "true"]) {
      const before = dump();
      const reply = await admin.request("POST", "/assessments", {
        body: new URLSearchParams({
          _csrf: adminCsrf,
          countryIso3: "LAO",
          instrumentId,
          roundLabel: `strict ${minGroupSize}`,
          levels: levelId,
          languages: "en",
          minGroupSize,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      if (reply.status !== 400) problems.push(`minGroupSize=${JSON.stringify(minGroupSize)}: ${reply.status}`);
      if (dump() !== before) problems.push(`minGroupSize=${JSON.stringify(minGroupSize)}: stored`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("stores a comment with a lone surrogate as well-formed text (U+FFFD), from a form or JSON", async () => {
    const autosave = fillPath("POST /r/:token/autosave", { token: freshInvitationToken() });
    const csrf = await respondent.csrfTokenFor(autosave);
    const reply = await respondent.request("POST", autosave, {
      // Written by hand: JSON.stringify would escape the lone surrogate the same way, but this is the wire form.
      body: `{"page":"${fixture.dimensionId}","comment.${itemId}":"half \\ud83d an emoji \\ude00 here"}`,
      headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
    });
    expect(reply.status).toBe(200);
    const stored = app.context.database.sqlite.prepare("select comment from answers where item_id = ? and comment like 'half %'").pluck().get(itemId) as string;
    expect(stored).toBe("half \ufffd an emoji \ufffd here");
    expect(/[\uD800-\uDFFF]/.test(stored)).toBe(false);
  });

  it("refuses huge bodies with 413, form and JSON alike", async () => {
    const csrf = await admin.csrfTokenFor("/assessments");
    const form = await admin.request("POST", "/assessments", {
      body: `_csrf=${csrf}&roundLabel=${"x".repeat(400_000)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(413);
    expect(form.text).toContain("too large");
    const json = await respondent.request("POST", fillPath("POST /r/:token/autosave"), {
      body: JSON.stringify({ comment: "x".repeat(400_000) }),
      headers: { "content-type": "application/json", accept: "application/json" },
    });
    expect(json.status).toBe(413);
    const manyFields = await admin.request("POST", "/assessments", {
      body: `_csrf=${csrf}&${Array.from({ length: 5000 }, (_, i) => `f${i}=1`).join("&")}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(manyFields.status).toBeGreaterThanOrEqual(400);
    expect(manyFields.status).toBeLessThan(500);
  });

  it("refuses weak passwords on every form that sets one, with the reason, changing nothing", async () => {
    const weak = [" ".repeat(12), "password1234", "qwertyuiop12", "1234567890ab", "aaaaaaaaaaaa"];
    const problems: string[] = [];
    const visitor = new Browser(app.url);
    for (const password of weak) {
      const before = dump();
      const replies = [
        ["POST /reset/:token", await visitor.post(fillPath("POST /reset/:token"), { password, confirm: password })],
        ["POST /account/password", await admin.post("/account/password", { current: fixture.users.admin.password, password, confirm: password })],
      ] as const;
      for (const [route, reply] of replies) {
        if (reply.status !== 400 || !/This password (is|repeats|relies|contains)/.test(reply.text))
          problems.push(`${route} with ${JSON.stringify(password)}: answered ${reply.status} without the reason`);
      }
      if (dump() !== before) problems.push(`${JSON.stringify(password)}: refused but the stored data changed`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
    expect((await visitor.get(fillPath("GET /reset/:token"))).status).toBe(200);
  });

  it("answers hostile route parameters with a 4xx, for every route", async () => {
    const hostileParams = ["0", "-1", "1.5", "99999999999999999999", "abc", "%00", "'%20OR%201=1", "%E0%A4%A", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E"];
    const problems: string[] = [];
    for (const route of Object.keys(routeTable)) {
      const [method, pattern] = route.split(" ");
      const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
      if (route === "POST /sign-out") continue;
      for (const param of params) {
        for (const value of hostileParams) {
          const path = fillPath(route, { [param]: value });
          const client = path.startsWith("/r/") ? respondent : admin;
          const before = dump();
          const reply =
            method === "GET"
              ? await client.get(path)
              : await client.request("POST", path, {
                  body: `_csrf=${encodeURIComponent(await client.csrfTokenFor(path.startsWith("/r/") ? fillPath("GET /r/:token") : "/"))}`,
                  headers: { "content-type": "application/x-www-form-urlencoded" },
                });
          const problem = problemWith({ status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" });
          if (problem) problems.push(`${route} with :${param} = ${value}: ${problem}`);
          if (reply.status < 400 && reply.status !== 303 && reply.status !== 302)
            problems.push(`${route} with :${param} = ${value}: answered ${reply.status}, expected a refusal`);
          if (reply.status >= 400 && dump() !== before) problems.push(`${route} with :${param} = ${value}: refused but the stored data changed`);
        }
      }
    }
    expect(problems, problems.slice(0, 40).join("\n")).toEqual([]);
  }, 120_000);

  it("answers hostile query strings on every page without a 500 or an unescaped echo", async () => {
    const names = [
      "lang",
      "peers",
      "comments",
      "next",
      "page",
      "from",
      "to",
      "q",
      "action",
      "user",
      "status",
      "after",
      "before",
      "size",
      "organisation",
      "level",
      "language",
      "scope",
      "actor",
      "objectType",
      "role",
    ];
    const problems: string[] = [];
    for (const route of Object.keys(routeTable).filter((r) => r.startsWith("GET "))) {
      const path = fillPath(route);
      const client = path.startsWith("/r/") ? respondent : admin;
      for (const hostile of hostileValues.filter((h) => h.encoded.length < 20_000)) {
        const query = names.map((n) => `${n}=${hostile.encoded}`).join("&");
        const reply = await client.get(`${path}?${query}&${names[0]}=twice`);
        const problem = problemWith({ status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" });
        if (problem) problems.push(`${route}?… = ${hostile.name}: ${problem}`);
      }
    }
    expect(problems, problems.slice(0, 40).join("\n")).toEqual([]);
  }, 120_000);

  it("refuses bad cursors, huge page sizes and unknown filters on every staff list with a 400 naming the parameter", async () => {
    const problems: string[] = [];
    for (const route of staffLists) {
      for (const [query, named] of [
        ["after=%3Cscript%3E", "after"],
        ["after=AAAAAAAA", "after"],
        ["before=-1", "before"],
        ["size=100000000", "size"],
        ["size=0", "size"],
        ["size=25&size=50", "size"],
        ["sortBy=id", "sortBy"],
        ["__proto__=1", "__proto__"],
      ]) {
        const reply = await admin.get(`${fillPath(route)}?${query}`);
        if (reply.status !== 400) problems.push(`${route}?${query}: answered ${reply.status}`);
        else if (!reply.text.includes(`<strong>${named}</strong>`)) problems.push(`${route}?${query}: the message does not name ${named}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("refuses hostile invitation uploads with row and column named, or imports them safely", async () => {
    const path = fillPath("POST /assessments/:id/invitations/import");
    const csrf = await admin.csrfTokenFor(path);
    const header = "organisation,organisation_type,name,email,levels,language\n";
    const csv = (body: string | Buffer) => Buffer.concat([Buffer.from(header), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
    const uploads: { name: string; file?: { name: string; type: string; content: Buffer }; field?: string; expectRefusal: boolean }[] = [
      { name: "no file", expectRefusal: true },
      { name: "empty file", file: { name: "i.csv", type: "text/csv", content: Buffer.alloc(0) }, expectRefusal: true },
      { name: "header only", file: { name: "i.csv", type: "text/csv", content: csv("") }, expectRefusal: true },
      { name: "no header row", file: { name: "i.csv", type: "text/csv", content: Buffer.from("Ministry,ministry,,,institutional,en\n") }, expectRefusal: true },
      {
        name: "markup in cells",
        file: {
          name: "i.csv",
          type: "text/csv",
          content: csv(`"${MARKUP.replace(/"/g, '""')}",ministry,"${ATTRIBUTE_BREAK.replace(/"/g, '""')}",,${"LEVEL"},en\n`),
        },
        expectRefusal: false,
      },
      {
        name: "formula cells",
        file: { name: "i.csv", type: "text/csv", content: csv(`"=HYPERLINK(""http://evil.example"")",ministry,+cmd,,LEVEL,en\n`) },
        expectRefusal: false,
      },
      { name: "unknown level", file: { name: "i.csv", type: "text/csv", content: csv("Ministry of X,ministry,,,' OR 1=1 --,en\n") }, expectRefusal: true },
      {
        name: "bad e-mail and language",
        file: { name: "i.csv", type: "text/csv", content: csv("Ministry of X,ministry,,not-an-email,LEVEL,english\n") },
        expectRefusal: true,
      },
      {
        name: "NUL bytes",
        file: { name: "i.csv", type: "text/csv", content: csv(Buffer.from("Minis\u0000try,ministry,a\u0000b,,LEVEL,en\n")) },
        expectRefusal: true,
      },
      {
        name: "invalid UTF-8",
        file: { name: "i.csv", type: "text/csv", content: csv(Buffer.from([0x4d, 0xc3, 0x28, 0xff, 0xfe, 0x2c, 0x6d, 0x69, 0x6e, 0x0a])) },
        expectRefusal: true,
      },
      { name: "unbalanced quotes", file: { name: "i.csv", type: "text/csv", content: csv('"Ministry,ministry,,,LEVEL,en\n') }, expectRefusal: true },
      {
        name: "over-long cells",
        file: { name: "i.csv", type: "text/csv", content: csv(`${"o".repeat(5000)},ministry,${"n".repeat(5000)},,LEVEL,en\n`) },
        expectRefusal: true,
      },
      {
        name: "too many rows",
        file: { name: "i.csv", type: "text/csv", content: csv("Ministry of Many,ministry,,,LEVEL,en\n".repeat(5001)) },
        expectRefusal: true,
      },
      {
        name: "over 2 MB",
        file: { name: "i.csv", type: "text/csv", content: csv(`Ministry of Size,ministry,${"s".repeat(2.5 * 1024 * 1024)},,LEVEL,en\n`) },
        expectRefusal: true,
      },
      {
        name: "binary data named .csv",
        file: { name: "i.csv", type: "text/csv", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) },
        expectRefusal: true,
      },
      {
        name: "garbage named .xlsx",
        file: {
          name: "i.xlsx",
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          content: Buffer.from("PK\u0003\u0004 this is not a zip"),
        },
        expectRefusal: true,
      },
      { name: "unknown file type", file: { name: "i.exe", type: "application/octet-stream", content: Buffer.from("MZ\u0090\u0000") }, expectRefusal: true },
      {
        name: "path in the file name",
        file: { name: "../../../etc/passwd.csv", type: "text/csv", content: csv("Ministry,ministry,,,nolevel,en\n") },
        expectRefusal: true,
      },
      {
        name: "file under another field name",
        field: "attachment",
        file: { name: "i.csv", type: "text/csv", content: csv("Ministry of X,ministry,,,LEVEL,en\n") },
        expectRefusal: true,
      },
    ];
    const problems: string[] = [];
    for (const upload of uploads) {
      const file = upload.file && { ...upload.file, content: Buffer.from(upload.file.content.toString("latin1").replace(/LEVEL/g, levelId), "latin1") };
      const before = dump();
      const reply = await postFile(path, csrf, file, upload.field);
      const problem = problemWith(reply);
      if (problem) problems.push(`${upload.name}: ${problem}`);
      if (upload.expectRefusal && reply.status < 400) problems.push(`${upload.name}: accepted with ${reply.status}, expected a refusal`);
      if (!upload.expectRefusal && reply.status >= 400) problems.push(`${upload.name}: refused with ${reply.status}, expected an import of safely stored text`);
      if (reply.status >= 400 && dump() !== before) problems.push(`${upload.name}: refused but the stored data changed`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  }, 60_000);

  it("refuses hostile files on every upload route with a 4xx and a message, changing nothing", async () => {
    const problems: string[] = [];
    const garbage: { name: string; field?: string; file?: { name: string; type: string; content: Buffer } }[] = [
      { name: "no file" },
      { name: "empty file", file: { name: "f.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content: Buffer.alloc(0) } },
      {
        name: "garbage named .xlsx",
        file: { name: "f.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content: Buffer.from("PK\u0003\u0004 not a zip") },
      },
      { name: "binary named .csv", file: { name: "f.csv", type: "text/csv", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]) } },
      { name: "markup named .csv", file: { name: "<script>.csv", type: "text/csv", content: Buffer.from(`a,b\n${MARKUP},=1+1\n`) } },
      { name: "unknown type", file: { name: "f.exe", type: "application/octet-stream", content: Buffer.from("MZ") } },
      { name: "over 10 MB", file: { name: "f.csv", type: "text/csv", content: Buffer.alloc(11 * 1024 * 1024, 0x61) } },
      { name: "under another field name", field: "attachment", file: { name: "f.csv", type: "text/csv", content: Buffer.from("a,b\n1,2\n") } },
    ];
    for (const route of uploadRoutes) {
      const path = fillPath(route);
      const csrf = await admin.csrfTokenFor(path);
      for (const upload of garbage) {
        const before = dump();
        const reply = await postFile(path, csrf, upload.file, upload.field);
        const problem = problemWith(reply);
        if (problem) problems.push(`${route}, ${upload.name}: ${problem}`);
        if (reply.status < 400) problems.push(`${route}, ${upload.name}: accepted with ${reply.status}, expected a refusal`);
        if (dump() !== before) problems.push(`${route}, ${upload.name}: refused but the stored data changed`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  }, 60_000);

  it("refuses hostile evidence with a message naming the file, field or limit, writing no row and keeping no file", async () => {
    const token = freshInvitationToken();
    const page = `/r/${token}/p/${fixture.dimensionId}`;
    const csrf = await respondent.csrfTokenFor(page);
    const rows = () => app.context.database.sqlite.prepare("select count(*) from evidence").pluck().get() as number;
    const stored = () => new EvidenceStore(app.dataDir).digests().length;
    const pdf = await pdfFile();
    const cases: { name: string; file?: { name: string; content: Buffer }; link?: string; expect: RegExp }[] = [
      { name: "wrong type", file: { name: "tool.exe", content: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64)]) }, expect: /tool\.exe.*not accepted/ },
      { name: "HTML named .pdf", file: { name: "report.pdf", content: htmlPage }, expect: /report\.pdf.*web-page code/ },
      { name: "polyglot", file: { name: "report.pdf", content: await polyglotPdf() }, expect: /report\.pdf.*web-page code/ },
      { name: "PNG named .pdf", file: { name: "chart.pdf", content: pngFile }, expect: /chart\.pdf.*PNG/ },
      { name: "over 10 MB", file: { name: "big.pdf", content: Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]) }, expect: /big\.pdf.*10 MB/ },
      { name: "ZIP bomb disguised as DOCX", file: { name: "minutes.docx", content: docxBomb() }, expect: /minutes\.docx/ },
      { name: "path in the file name", file: { name: "../../etc/passwd.pdf", content: pdf }, expect: /file name.*folder path/ },
      { name: "Windows path in the file name", file: { name: "C:\\evil\\report.pdf", content: pdf }, expect: /file name.*folder path/ },
      { name: "empty file", file: { name: "empty.pdf", content: Buffer.alloc(0) }, expect: /empty\.pdf.*empty/ },
      { name: "javascript: link", link: "javascript:alert(document.cookie)", expect: /Evidence link/ },
      { name: "file: link", link: "file:///etc/passwd", expect: /Evidence link/ },
      { name: "data: link", link: "data:text/html,<script>alert(1)</script>", expect: /Evidence link/ },
    ];
    const problems: string[] = [];
    for (const c of cases) {
      const [rowsBefore, filesBefore, answersBefore] = [rows(), stored(), dump()];
      const form = new FormData();
      form.set("_csrf", csrf);
      form.set("item", itemId);
      if (c.link) form.set(`evidenceLink.${itemId}`, c.link);
      if (c.file) form.set(`evidenceFile.${itemId}`, new Blob([new Uint8Array(c.file.content)], { type: "application/pdf" }), c.file.name);
      // Through the page script's route, and through the page's own form (without JavaScript) with an answer beside it.
      const script = await respondent.request("POST", `/r/${token}/evidence`, {
        body: form as unknown as string,
        headers: { "x-csrf-token": csrf, accept: "application/json" },
      });
      const message = (JSON.parse(script.text) as { error?: string }).error ?? "";
      if (script.status < 400 || !c.expect.test(message)) problems.push(`${c.name} (script): ${script.status} ${message}`);
      form.set(`current.${itemId}`, "2");
      form.set("intent", `attach:${itemId}`);
      const plain = await respondent.request("POST", page, { body: form as unknown as string });
      const problem = problemWith({ status: plain.status, text: plain.text, contentType: plain.headers.get("content-type") ?? "" });
      if (problem) problems.push(`${c.name} (form): ${problem}`);
      const shown = plain.text
        .replace(/&#x27;|&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");
      if (plain.status !== 400 || !c.expect.test(shown)) problems.push(`${c.name} (form): ${plain.status}, the refusal is not shown`);
      if (rows() !== rowsBefore) problems.push(`${c.name}: an evidence row was written`);
      if (stored() !== filesBefore) problems.push(`${c.name}: a file was kept`);
      // The answer sent beside the refused evidence is saved all the same (the first time only: then it is unchanged).
      if (dump() === answersBefore && c === cases[0]) problems.push(`${c.name}: the page's answer was not saved`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  }, 120_000);

  it("renders every stored hostile value escaped on every page afterwards", async () => {
    const problems: string[] = [];
    for (const route of Object.keys(routeTable).filter((r) => r.startsWith("GET "))) {
      const path = fillPath(route);
      const reply = await (path.startsWith("/r/") ? respondent : admin).get(path);
      const problem = problemWith({ status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" });
      if (problem) problems.push(`${route}: ${problem}`);
    }
    // The corpus did store some hostile text (accepted as plain text), so this looked at real cases.
    expect(app.context.database.sqlite.prepare("select count(*) from organisations where name like '%<script>%'").pluck().get()).toBeGreaterThan(0);
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

/** Posts one file (or none) as a browser's multipart form would. */
async function postFile(path: string, csrf: string, file?: { name: string; type: string; content: Buffer }, field = "file"): Promise<Outcome> {
  const form = new FormData();
  form.set("_csrf", csrf);
  // The submissions import names the organisation beside its file: the hostile file, not a missing field, is refused.
  if (path.endsWith("/data/submissions")) form.set("organisationId", String(fixture.organisationId));
  if (file) form.set(field, new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
  const encoded = new Response(form);
  const reply = await admin.request("POST", `${path}?_csrf=${encodeURIComponent(csrf)}`, {
    body: Buffer.from(await encoded.arrayBuffer()) as unknown as string,
    headers: { "content-type": encoded.headers.get("content-type")! },
  });
  return { status: reply.status, text: reply.text, contentType: reply.headers.get("content-type") ?? "" };
}

function decodeURIComponentSafe(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    // Malformed on purpose: send the bytes' Latin-1 reading, which JSON then carries as odd but valid text.
    return unescape(encoded);
  }
}
