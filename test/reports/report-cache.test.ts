// The report cache (src/reports/cache.ts, migration 0012): a repeated view serves the kept model and its rendered
// sections, and every change to what a report reads reaches the next view, whoever writes it: a respondent's
// autosave, another connection (the command line), a peer country's published round, validation and evidence.
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionAssessment } from "../../src/assessments/service";
import { findAssessment } from "../../src/assessments/repository";
import { reportCacheStats } from "../../src/reports/cache";
import { publishReport } from "../../src/reports/publishing";
import { reportFile } from "../../src/reports/report-file";
import { reportFor } from "../../src/reports/service";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";
import { FormClient } from "../support/form-client";
import { anAssessment, anInvitation, aSubmittedResponse, type BuiltAssessment } from "../support/builders";

/** The part of the page read from the model (contents and sections), without the reader's header. */
function sectionsOf(html: string): string {
  return html.slice(html.indexOf('<nav class="toc"'), html.indexOf("</main>"));
}

describe("report cache", () => {
  let app: AuthTestApp;
  let admin: Browser;

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, user.password)).status).toBe(303);
  });
  afterAll(() => app.close());

  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock });
  const version = (assessmentId: number) =>
    (app.context.database.sqlite.prepare("select version from results_versions where assessment_id = ?").pluck().get(assessmentId) as number | undefined) ?? 0;

  function answered(country: string, respondents: number, current: number): BuiltAssessment & { tokens: string[] } {
    const assessment = anAssessment(app.context, { status: "open", country, organisations: ["Ministry of ICT"] });
    const tokens: string[] = [];
    for (let i = 0; i < respondents; i++) {
      const { token } = anInvitation(app.context, assessment);
      aSubmittedResponse(app.context, token, { current, target: 4, importance: 3 });
      tokens.push(token);
    }
    return { ...assessment, tokens };
  }

  it("serves a repeated view from the kept model, with the same sections and the assessment's own links", async () => {
    const assessment = answered("LAO", 3, 1);
    const first = await admin.get(`/assessments/${assessment.id}/report`);
    const before = reportCacheStats(app.context.database);
    const second = await admin.get(`/assessments/${assessment.id}/report`);
    const after = reportCacheStats(app.context.database);
    expect(second.status).toBe(200);
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses);
    expect(sectionsOf(second.text)).toBe(sectionsOf(first.text));
    expect(sectionsOf(second.text).length).toBeGreaterThan(10_000);
    // Links inside the kept sections name this assessment (the heatmap's and the organisation reports').
    expect(second.text).toContain(`/assessments/${assessment.id}/organisations/${assessment.organisationIds[0]}/report?lang=en`);
    expect(second.text).not.toContain("/assessments//");
  });

  it("shows a respondent's autosave in the next view", async () => {
    const assessment = answered("LAO", 3, 1);
    const seen = sectionsOf((await admin.get(`/assessments/${assessment.id}/report`).then((r) => r)).text);
    const { token } = anInvitation(app.context, assessment);
    aSubmittedResponse(app.context, token, { current: 1, target: 4, importance: 3 });
    const counted = sectionsOf((await admin.get(`/assessments/${assessment.id}/report`)).text);
    expect(counted).not.toBe(seen);
    expect(counted).toMatch(/4 submitted responses/);

    const respondent = new FormClient(app.url);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0];
    await respondent.get(`/r/${token}/p/${dimension.id}`);
    const saved = await respondent.postJson(
      `/r/${token}/autosave`,
      { page: dimension.id, [`current.${item.id}`]: "5", [`target.${item.id}`]: "5", [`importance.${item.id}`]: "3" },
      { "x-csrf-token": respondent.csrfToken() },
    );
    expect(saved.status, saved.text).toBe(200);
    const changed = sectionsOf((await admin.get(`/assessments/${assessment.id}/report`)).text);
    expect(changed).not.toBe(counted);
  });

  it("shows a write by another connection (the command line, another process) in the next view", async () => {
    const assessment = answered("LAO", 3, 1);
    const model = reportFor(deps(), findAssessment(app.context.database.db, assessment.id)!);
    const other = new Database(path.join(app.dataDir, "cna.sqlite"));
    try {
      other.prepare("update answers set current = 4 where response_id in (select id from responses where assessment_id = ?)").run(assessment.id);
    } finally {
      other.close();
    }
    const next = reportFor(deps(), findAssessment(app.context.database.db, assessment.id)!);
    expect(next).not.toBe(model);
    expect(next.overall.index).not.toBe(model.overall.index);
  });

  it("follows the peer group: a peer country's published round, and a change behind it, reach the next view", async () => {
    const own = answered("LAO", 3, 1);
    const first = reportFor(deps(), findAssessment(app.context.database.db, own.id)!);
    const peersBefore = first.peers?.countries.length ?? 0;

    const peer = answered("NPL", 3, 2);
    transitionAssessment(
      { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock },
      peer.owner,
      peer.id,
      "close",
    );
    publishReport({ ...deps() }, peer.owner, peer.id);
    const withPeer = reportFor(deps(), findAssessment(app.context.database.db, own.id)!);
    expect(withPeer.peers?.countries).toContain("Nepal");
    expect(withPeer.peers!.countries.length).toBe(peersBefore + 1);

    expect(reportFor(deps(), findAssessment(app.context.database.db, own.id)!)).toBe(withPeer);

    // Answers changed behind the peer's published report: the comparison reads them live, so the kept model goes (a
    // figure would show only with three peers or more, so the test watches the rebuild itself).
    const misses = reportCacheStats(app.context.database).misses;
    app.context.database.sqlite.prepare("update answers set current = 5 where response_id in (select id from responses where assessment_id = ?)").run(peer.id);
    const afterChange = reportFor(deps(), findAssessment(app.context.database.db, own.id)!);
    expect(afterChange).not.toBe(withPeer);
    expect(reportCacheStats(app.context.database).misses).toBe(misses + 1);
  });

  it("bumps the assessment's results version on every table a report reads, and nothing else's", () => {
    const assessment = answered("LAO", 3, 1);
    const bystander = answered("LAO", 3, 1);
    const db = app.context.database.sqlite;
    const responseId = db.prepare("select id from responses where assessment_id = ? limit 1").pluck().get(assessment.id) as number;
    const writes: [string, () => unknown][] = [
      ["answers", () => db.prepare("update answers set comment = 'x' where response_id = ?").run(responseId)],
      ["responses", () => db.prepare("update responses set updated_at = updated_at where id = ?").run(responseId)],
      ["invitations", () => db.prepare("update invitations set language = language where assessment_id = ?").run(assessment.id)],
      ["organisations", () => db.prepare("update organisations set name = name || ' ' where assessment_id = ?").run(assessment.id)],
      ["assessments", () => db.prepare("update assessments set round_label = round_label where id = ?").run(assessment.id)],
      [
        "background_answers",
        () =>
          db
            .prepare("insert into background_answers (response_id, question_id, value, revision_id, updated_at) values (?, 'gender', 'woman', 0, '2026-01-01')")
            .run(responseId),
      ],
      [
        "evidence_ratings",
        () =>
          db
            .prepare(
              "insert into evidence_ratings (response_id, item_id, assessment_id, rating, rated_at) values (?, 'org-leadership-1', ?, 'sufficient', '2026-01-01')",
            )
            .run(responseId, assessment.id),
      ],
    ];
    for (const [table, write] of writes) {
      const own = version(assessment.id);
      const other = version(bystander.id);
      write();
      expect(version(assessment.id), table).toBeGreaterThan(own);
      expect(version(bystander.id), table).toBe(other);
    }
  });

  it("renders the file of a kept model once: a second download, or one asked at the same time, shares it", async () => {
    const assessment = answered("LAO", 3, 1);
    const summary = findAssessment(app.context.database.db, assessment.id)!;
    const model = reportFor(deps(), summary);
    const [first, same] = await Promise.all([
      reportFile(summary, model, "pdf", app.context.translator),
      reportFile(summary, model, "pdf", app.context.translator),
    ]);
    expect(first.body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(same.body).toBe(first.body);
    expect((await reportFile(summary, model, "pdf", app.context.translator)).body).toBe(first.body);
    // A model made for one reader (here with comments) is not kept, and neither is its file.
    const own = reportFor(deps(), summary, { comments: true });
    expect((await reportFile(summary, own, "pdf", app.context.translator)).body).not.toBe((await reportFile(summary, own, "pdf", app.context.translator)).body);
  });

  it("keeps nothing read inside a transaction, which may yet be rolled back", () => {
    const assessment = answered("LAO", 3, 1);
    const summary = findAssessment(app.context.database.db, assessment.id)!;
    const kept = reportFor(deps(), summary);
    app.context.database.sqlite.transaction(() => {
      const inside = reportFor(deps(), summary);
      expect(inside).not.toBe(kept);
    })();
    expect(reportFor(deps(), summary)).toBe(kept);
  });
});
