// File uploads carry their CSRF token in the multipart body, never in the URL (where logs, history and the address bar
// would keep it): the upload middleware checks it once the body is read; without a valid one nothing is imported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInvitations } from "../../src/assessments/repository";
import { anAssessment } from "../support/builders";
import { Browser, insertUser, PASSWORD, startApp, type AuthTestApp, type Reply } from "./support";

const CSV = "organisation,levels\nMinistry of Finance,organisational\n";

describe("CSRF tokens of file uploads", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let assessmentId: number;

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, PASSWORD)).status).toBe(303);
    assessmentId = anAssessment(app.context, { status: "open", levels: ["organisational"] }).id;
  });
  afterAll(() => app.close());

  async function upload(path: string, fields: Record<string, string>, file = { name: "invitations.csv", content: CSV }): Promise<Reply> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set("file", new Blob([file.content], { type: "text/csv" }), file.name);
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await fetch(new URL(path, app.url), { method: "POST", body: form, headers: { cookie, accept: "text/html" }, redirect: "manual" });
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get("location") };
  }

  it("puts no token in the action of any upload form", async () => {
    for (const page of [`/assessments/${assessmentId}/invitations`, `/assessments/${assessmentId}/data`, "/instruments/xlsform"]) {
      const reply = await admin.get(page);
      expect(reply.status, page).toBe(200);
      const actions = [...reply.text.matchAll(/<form[^>]*enctype="multipart\/form-data"[^>]*>/g)].map((m) => m[0]);
      expect(actions.length, page).toBeGreaterThan(0);
      for (const action of actions) expect(action).not.toContain("_csrf");
    }
  });

  it("imports with the token in the body only, and refuses a missing or wrong one without importing", async () => {
    const path = `/assessments/${assessmentId}/invitations/import`;
    const csrf = await admin.csrfTokenFor("/");
    expect((await upload(path, {})).status).toBe(403);
    expect((await upload(path, { _csrf: `${csrf.slice(0, -2)}xx` })).status).toBe(403);
    expect(listInvitations(app.context.database.db, assessmentId)).toHaveLength(0);
    const imported = await upload(path, { _csrf: csrf });
    expect(imported.status).toBe(200);
    expect(listInvitations(app.context.database.db, assessmentId)).toHaveLength(1);
  });

  it("refuses every upload route without a token", async () => {
    for (const path of [
      `/assessments/${assessmentId}/invitations/import`,
      `/assessments/${assessmentId}/data/answers`,
      `/assessments/${assessmentId}/data/submissions`,
      "/instruments/xlsform",
    ]) {
      const reply = await upload(path, {});
      expect(reply.status, path).toBe(403);
      expect(reply.text, path).toContain("This form has expired or did not come from this site");
    }
  });

  it("checks a multipart post to any other route at once, like any form", async () => {
    const before = app.context.database.sqlite.prepare("select count(*) as n from api_tokens").get() as { n: number };
    const form = new FormData();
    form.set("name", "smuggled token");
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await fetch(new URL("/account/tokens", app.url), { method: "POST", body: form, headers: { cookie, accept: "text/html" }, redirect: "manual" });
    expect(res.status).toBe(403);
    expect(app.context.database.sqlite.prepare("select count(*) as n from api_tokens").get()).toEqual(before);
  });
});
