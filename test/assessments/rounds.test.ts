// Rounds that carry over, over HTTP: the next round copies what it should (new links, never the old tokens), the
// newer instrument version's changes are summarised, archived assessments leave the lists and come back, and a draft
// is deleted only while nobody has answered it. Every step is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/api-tokens";
import { runCli } from "../../src/cli/run";
import { transitionAssessment } from "../../src/assessments/service";
import { findAssessment } from "../../src/assessments/repository";
import { findPreviousRound } from "../../src/reports/rounds-repository";
import type { Instrument } from "../../src/questionnaires/schema";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";

describe("rounds that carry over", () => {
  let app: AuthTestApp;
  let source: BuiltAssessment;
  let owner: Browser;
  let admin: Browser;
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock });
  const sql = (query: string, ...params: unknown[]) => app.context.database.sqlite.prepare(query).all(...params) as Record<string, unknown>[];
  const auditOf = (id: number) =>
    sql("select action from audit_log where object_type = 'assessment' and object_id = ? order by id", String(id)).map((r) => r.action);

  beforeAll(async () => {
    app = await startApp();
    source = anAssessment(app.context, { round: "2025", status: "open", organisations: ["Ministry of Finance", "Ministry of Health"] });
    anInvitation(app.context, source, { name: "Ada Lovelace", email: "ada@example.org", language: "en" });
    anInvitation(app.context, source, { organisationId: source.organisationIds[1], name: "Grace Hopper", email: "grace@example.org" });
    const answered = anInvitation(app.context, source, { name: "Answered", email: "answered@example.org" });
    aSubmittedResponse(app.context, answered.token, { current: 2, target: 4 });
    transitionAssessment(deps(), source.owner, source.id, "close");
    app.context.database.sqlite
      .prepare("update assessments set reminder_days = '[7,2]', time_zone = 'Africa/Nairobi', min_group_size = 4 where id = ?")
      .run(source.id);
    owner = new Browser(app.url);
    expect((await owner.signIn(source.owner.email, TEST_PASSWORD)).status).toBe(303);
    const adminUser = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(adminUser.email, adminUser.password)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("starts the next round as a draft with the same organisations, invitees under new links, settings and new dates", async () => {
    const form = await owner.get(`/assessments/${source.id}/next-round`);
    expect(form.status).toBe(200);
    expect(textOf(form.text)).toContain("The new round uses the same version of");

    const created = await owner.post(`/assessments/${source.id}/next-round`, {
      roundLabel: "2026",
      opensOn: "2026-05-01",
      closesOn: "2026-06-30",
      closesTime: "",
    });
    expect(created.status).toBe(303);
    const nextId = Number(created.location!.split("/").pop());
    expect(nextId).not.toBe(source.id);
    const page = await owner.get(`/assessments/${nextId}`);
    expect(textOf(page.text)).toContain('Round "2026" started as a draft');

    const [before, after] = [findAssessment(app.context.database.db, source.id)!, findAssessment(app.context.database.db, nextId)!];
    expect(after).toMatchObject({
      status: "draft",
      roundLabel: "2026",
      countryIso3: before.countryIso3,
      instrumentVersion: before.instrumentVersion,
      levels: before.levels,
      languages: before.languages,
      minGroupSize: 4,
      reminderDays: [7, 2],
      timeZone: "Africa/Nairobi",
      opensOn: "2026-05-01",
      closesOn: "2026-06-30",
    });
    expect(before.status).toBe("closed");
    expect(sql("select name, type from organisations where assessment_id = ? order by name", nextId)).toEqual(
      sql("select name, type from organisations where assessment_id = ? order by name", source.id),
    );
    const invitees = (id: number) =>
      sql(
        "select i.name, i.email, i.levels, i.language, o.name as organisation, i.status, i.token_lookup as lookup from invitations i join organisations o on o.id = i.organisation_id where i.assessment_id = ? order by i.email",
        id,
      );
    const [old, fresh] = [invitees(source.id), invitees(nextId)];
    expect(fresh.map(({ lookup: _l, status: _s, ...rest }) => rest)).toEqual(old.map(({ lookup: _l, status: _s, ...rest }) => rest));
    expect(fresh.every((row) => row.status === "invited")).toBe(true);
    expect(fresh.map((row) => row.lookup).filter((lookup) => old.some((o) => o.lookup === lookup))).toEqual([]);
    expect(sql("select user_id as userId, role from assessment_members where assessment_id = ?", nextId)).toEqual([{ userId: source.owner.id, role: "owner" }]);

    // The reports compare with the previous round of the same country: the new round finds this one.
    expect(findPreviousRound(app.context.database, after)?.id).toBe(source.id);
    expect(auditOf(nextId)).toEqual(["assessment.new_round"]);

    // The same label again is refused with a message, and changes nothing.
    const again = await owner.post(`/assessments/${source.id}/next-round`, { roundLabel: "2026" });
    expect(again.status).toBe(409);
    expect(textOf(again.text)).toContain('already has a round "2026"');
  });

  it("moves the next round to the catalogue's newer instrument version and says what changed", async () => {
    const current = app.context.instruments.current("digital-government")!;
    const older = structuredClone(current) as Instrument;
    const items = older.levels[0].dimensions[0].items;
    const dropped = items.splice(1, 1)[0];
    items[0] = { ...items[0], question: `${items[0].question} (old wording)` };
    items.push({ ...items[2], id: "retired-item", question: "A question the newer version no longer asks" });
    (older as { version: string }).version = "0ld".padEnd(current.version.length, "0");
    app.context.instruments.pin(app.context.database, older);
    const oldRound = anAssessment(app.context, { round: "2019", owner: source.owner });
    app.context.database.sqlite.prepare("update assessments set instrument_version = ? where id = ?").run(older.version, oldRound.id);

    const form = textOf((await owner.get(`/assessments/${oldRound.id}/next-round`)).text);
    expect(form).toContain("The catalogue has a newer version of");
    expect(form).toMatch(/Questions added: 1 .*\b/);
    expect(form).toContain(dropped.id);
    expect(form).toContain("Questions removed: 1");
    expect(form).toContain("retired-item A question the newer version no longer asks");
    expect(form).toContain("Questions reworded (question or answer descriptions): 1");
    expect(form).toContain(items[0].id);

    const created = await owner.post(`/assessments/${oldRound.id}/next-round`, { roundLabel: "2020" });
    expect(created.status).toBe(303);
    const next = findAssessment(app.context.database.db, Number(created.location!.split("/").pop()))!;
    expect(next.instrumentVersion).toBe(current.version);
    expect(findAssessment(app.context.database.db, oldRound.id)!.instrumentVersion).toBe(older.version);
  });

  it("starts a next round from the command line too", async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: async () => "" };
    const env = { DATA_DIR: app.dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false" };
    expect(await runCli(["assessments", "new-round", "--from", String(source.id), "--round", "2027", "--closes", "2027-06-30", "--json"], io, env)).toBe(0);
    const next = findAssessment(app.context.database.db, JSON.parse(out.join("")).id)!;
    expect(next).toMatchObject({
      roundLabel: "2027",
      status: "draft",
      closesOn: "2027-06-30",
      countryIso3: findAssessment(app.context.database.db, source.id)!.countryIso3,
    });
    expect(sql("select count(*) as n from invitations where assessment_id = ?", next.id)).toEqual([{ n: 3 }]);
  });

  it("hides an archived assessment from the lists, keeps it readable, and lets only an administrator restore it", async () => {
    const listed = (html: string) => html.includes(`href="/assessments/${source.id}"`);
    expect(listed((await owner.get("/assessments")).text)).toBe(true);
    const archived = await owner.post(`/assessments/${source.id}/archive`);
    expect(archived.status).toBe(303);
    expect(archived.location).toBe("/assessments");
    const list = await owner.get("/assessments");
    expect(listed(list.text)).toBe(false);
    expect(textOf(list.text)).toContain("is archived: hidden from the lists and kept");
    expect(listed((await admin.get("/assessments")).text)).toBe(false);
    const token = createApiToken({ database: app.context.database, clock: app.context.clock }, source.owner, "list check").token;
    const api = await fetch(`${app.url}/api/v1/assessments`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    const apiIds = ((await api.json()) as { data: { id: number }[] }).data.map((a) => a.id);
    expect(apiIds).not.toContain(source.id);
    expect(apiIds.length).toBeGreaterThan(0);
    expect(textOf((await owner.get(`/assessments/${source.id}`)).text)).toContain("This assessment was archived on");
    expect((await owner.get(`/assessments/${source.id}/report`)).status).toBe(200);

    expect((await owner.get("/assessments/archived")).status).toBe(403);
    expect((await owner.post(`/assessments/${source.id}/restore`)).status).toBe(403);
    expect(listed((await admin.get("/assessments/archived")).text)).toBe(true);
    expect((await admin.post(`/assessments/${source.id}/restore`)).status).toBe(303);
    expect(listed((await owner.get("/assessments")).text)).toBe(true);
    expect(textOf((await admin.get("/assessments/archived")).text)).toContain("No assessment is archived: archive one from its own page");
    expect(auditOf(source.id).slice(-2)).toEqual(["assessment.archive", "assessment.restore"]);
  });

  it("deletes a draft nobody answered and refuses, saying why, anything else", async () => {
    const draft = anAssessment(app.context, { round: "draft to delete", owner: source.owner });
    anInvitation(app.context, draft);
    const asked = await owner.post(`/assessments/${draft.id}/delete`);
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain("cannot be undone");
    expect(findAssessment(app.context.database.db, draft.id)).toBeDefined();
    const deleted = await owner.post(`/assessments/${draft.id}/delete`, { confirmed: "yes" });
    expect(deleted.status).toBe(303);
    expect(findAssessment(app.context.database.db, draft.id)).toBeUndefined();
    expect(sql("select count(*) as n from invitations where assessment_id = ?", draft.id)).toEqual([{ n: 0 }]);
    expect(auditOf(draft.id)).toEqual(["assessment.create", "assessment.delete"]);

    const closed = await owner.post(`/assessments/${source.id}/delete`);
    expect(closed.status).toBe(409);
    expect(textOf(closed.text)).toContain("Only a draft can be deleted");
    // A draft with answers (a round reopened to draft by an import, say) is refused too.
    const answeredDraft = anAssessment(app.context, { round: "answered draft", owner: source.owner, status: "open" });
    aSubmittedResponse(app.context, anInvitation(app.context, answeredDraft).token);
    app.context.database.sqlite.prepare("update assessments set status = 'draft' where id = ?").run(answeredDraft.id);
    const refused = await owner.post(`/assessments/${answeredDraft.id}/delete`, { confirmed: "yes" });
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toContain("This draft cannot be deleted: 1 response belongs to it.");
    expect(findAssessment(app.context.database.db, answeredDraft.id)).toBeDefined();
  });
});
