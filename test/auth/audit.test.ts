// The audit log: what the account functions record, and the administrators' page with filters and pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditActions, auditObjectTypes } from "../../src/audit/actions";
import { recordAudit } from "../../src/audit/service";
import { auditLog } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, insertUser, PASSWORD, startApp, textOf, type TestUser } from "./support";

describe("the audit log", () => {
  let app: TestApp;
  let admin: TestUser;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    admin = insertUser(app.context, { role: "admin" });
    browser = new Browser(app.url);
    await browser.signIn(admin.email, PASSWORD);
  });
  afterAll(() => app.close());

  it("records user creation and changes, disabling, reset links issued and used", async () => {
    const created = await browser.post("/admin/users", { email: "audited@example.org", role: "expert" });
    const link = new URL(/value="(http[^"]+)"/.exec(created.text)![1]).pathname;
    const id = Number(/\/admin\/users\/(\d+)/.exec(created.text)![1]);
    await browser.post(`/admin/users/${id}`, { role: "analyst", name: "Audited" });
    await browser.post(`/admin/users/${id}/disable`, { confirmed: "yes" });
    await browser.post(`/admin/users/${id}/enable`);
    await new Browser(app.url).post(link, { password: "audited passphrase", confirm: "audited passphrase" });
    const entries = app.context.database.db
      .select()
      .from(auditLog)
      .all()
      .filter((e) => e.objectId === String(id));
    expect(entries.map((e) => e.action)).toEqual(["user.create", "password_reset.issue", "user.update", "user.disable", "user.enable", "password_reset.use"]);
    expect(entries[0]).toMatchObject({
      actorUserId: admin.id,
      actorLabel: admin.email,
      objectType: "user",
      details: { email: "audited@example.org", role: "expert" },
    });
    expect(entries[2].details).toMatchObject({ before: { role: "expert" }, after: { role: "analyst" } });
    expect(entries[5]).toMatchObject({ actorUserId: null, actorLabel: "audited@example.org" });
  });

  it("shows entries newest first, filtered by action, actor, object type and dates", async () => {
    const { db } = app.context.database;
    recordAudit(db, {
      actor: null,
      actorLabel: "old@example.org",
      action: "assessment.create",
      objectType: "assessment",
      objectId: 77,
      details: { round: "<b>2020</b>" },
      at: new Date("2020-05-01T10:00:00Z"),
    });
    const page = await browser.get("/admin/audit?action=assessment.create");
    const text = textOf(page.text);
    expect(text).toContain("old@example.org");
    expect(text).toContain("Assessment #77");
    expect(text).toContain("Assessment created");
    expect(text).toContain("1 entry");
    expect(page.text).not.toContain("<b>2020</b>");
    expect(textOf((await browser.get("/admin/audit?from=2020-05-01&to=2020-05-01")).text)).toContain("1 entry");
    expect(textOf((await browser.get("/admin/audit?to=2019-12-31")).text)).toContain("0 entries");
    expect(textOf((await browser.get("/admin/audit?actor=old%40")).text)).toContain("1 entry");
    expect(textOf((await browser.get("/admin/audit?objectType=assessment")).text)).toContain("old@example.org");
    expect(textOf((await browser.get("/admin/audit?object=77&objectType=assessment")).text)).toContain("1 entry");
    const bad = await browser.get("/admin/audit?from=yesterday");
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain("from : must be a date written YYYY-MM-DD");
    expect((await browser.get("/admin/audit?page=2")).status).toBe(400);
  });

  it("pages through the entries newest first with cursors, keeping the filters in the links and counting each action", async () => {
    const { db } = app.context.database;
    for (let i = 0; i < 120; i++)
      recordAudit(db, { actor: null, actorLabel: "bulk@example.org", action: "invitation.revoke", objectType: "invitation", objectId: i });
    const first = await browser.get("/admin/audit?action=invitation.revoke");
    expect(textOf(first.text)).toContain("120 entries");
    expect(first.text).toMatch(/<option value="invitation.revoke" selected>Invitation withdrawn \(120\)<\/option>/);
    expect(textOf(first.text)).toContain("Invitation #119");
    const objects = (html: string) => [...textOf(html).matchAll(/Invitation #(\d+)/g)].map((m) => Number(m[1]));
    expect(objects(first.text)).toEqual(Array.from({ length: 50 }, (_, i) => 119 - i));
    const next = /<a href="([^"]+)" rel="next">/
      .exec(first.text)![1]
      .replace(/&amp;/g, "&")
      .replace(/&#x3D;/g, "=");
    expect(new URL(next, app.url).searchParams.get("action")).toBe("invitation.revoke");
    // Entries written meanwhile do not shift the next page.
    for (let i = 0; i < 5; i++)
      recordAudit(db, { actor: null, actorLabel: "bulk@example.org", action: "invitation.revoke", objectType: "invitation", objectId: 1000 + i });
    const second = await browser.get(next);
    expect(objects(second.text)).toEqual(Array.from({ length: 50 }, (_, i) => 69 - i));
    const third = await browser.get(
      /<a href="([^"]+)" rel="next">/
        .exec(second.text)![1]
        .replace(/&amp;/g, "&")
        .replace(/&#x3D;/g, "="),
    );
    expect(objects(third.text)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    expect(third.text).not.toContain('rel="next"');
    expect((await browser.get("/admin/audit?size=100")).status).toBe(200);
    expect((await browser.get("/admin/audit?size=101")).status).toBe(400);
  });

  it("names every action and object type in the page's language, in the table and in the filters, never by its code", async () => {
    const fresh = await startApp();
    try {
      const { db } = fresh.context.database;
      for (const action of auditActions)
        recordAudit(db, {
          actor: null,
          actorLabel: "labels@example.org",
          action,
          objectType: auditObjectTypes[auditActions.indexOf(action) % auditObjectTypes.length],
          objectId: 5,
        });
      // A code an older version wrote, no longer in the list.
      fresh.context.database.sqlite
        .prepare("insert into audit_log (actor_label, action, object_type, object_id) values ('old', 'legacy.thing', 'legacy', null)")
        .run();
      for (const [locale, withdrawn, other] of [
        ["en", "Invitation withdrawn", "Other action"],
        ["fr", "Invitation retirée", "Autre action"],
        ["ar", "سحب دعوة", "إجراء آخر"],
      ] as const) {
        const reader = insertUser(fresh.context, { role: "admin", locale });
        const client = new Browser(fresh.url);
        await client.signIn(reader.email, PASSWORD);
        const page = await client.get("/admin/audit?size=100");
        expect(page.status).toBe(200);
        const text = textOf(page.text);
        expect(text).toContain(withdrawn);
        expect(text).toContain(other);
        // No code shows, neither in the table nor as an option's text (codes stay only in option values and links).
        for (const code of [...auditActions, "legacy.thing"]) expect(text, `${locale} ${code}`).not.toContain(code);
        for (const type of [...auditObjectTypes, "legacy"]) {
          expect(text, `${locale} ${type}`).not.toContain(`${type} #`);
          expect(page.text, `${locale} ${type}`).not.toMatch(new RegExp(`<option value="${type}"[^>]*>${type} `));
        }
        expect(page.text).not.toContain("<code>invitation.revoke</code>");
      }
    } finally {
      await fresh.close();
    }
  });
});
