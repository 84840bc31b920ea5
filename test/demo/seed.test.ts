// The demo: seeded on the first start of an empty database, once, and rich enough for a real report.
import { describe, expect, it } from "vitest";
import { buildContext, prepareFirstRun } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { findAssessment } from "../../src/assessments/repository";
import { buildReportModel } from "../../src/reports/build";
import { reportModelSchema } from "../../src/reports/model";
import { hiddenItemIds } from "../../src/responses/questionnaire";
import { loadAnswerStates } from "../../src/responses/repository";
import { makeTempDir } from "../support/app";

/** The item a condition such as current("org-strategy-1") >= 1 reads. */
const referencedParent = (condition: string) => /"([^"]+)"/.exec(condition)![1];

import fs from "node:fs";
import path from "node:path";
import { detectEvidenceType } from "../../src/evidence/detect";

describe("the demo seed", () => {
  it("seeds a demo assessment on first start, and a second start changes nothing", async () => {
    const dataDir = makeTempDir();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "true", ADMIN_EMAIL: "admin@demo.test" });
    const first = await buildContext(config);
    prepareFirstRun(first);
    const count = (sql: string) => first.database.sqlite.prepare(sql).pluck().get() as number;
    const assessments = count("select count(*) from assessments where is_demo = 1");
    const answers = count("select count(*) from answers");
    const users = count("select count(*) from users");
    expect(assessments).toBeGreaterThanOrEqual(2);
    expect(answers).toBeGreaterThan(1000);
    // Every respondent who started answered the About you page, some preferring not to say.
    expect(count("select count(*) from responses r where not exists (select 1 from background_answers b where b.response_id = r.id)")).toBe(0);
    expect(count("select count(*) from background_answers where question_id = 'grade'")).toBeGreaterThan(50);
    expect(count("select count(*) from background_answers where value = 'prefer-not-to-say'")).toBeGreaterThan(0);
    // Some answers carry evidence: demo PDFs (stored under DATA_DIR/evidence, typed by their content) and links.
    const files = first.database.sqlite.prepare("select sha256, mime, size from evidence where kind = 'file'").all() as {
      sha256: string;
      mime: string;
      size: number;
    }[];
    expect(files.length).toBeGreaterThan(4);
    expect(count("select count(*) from evidence where kind = 'link' and url like 'https://%'")).toBeGreaterThan(4);
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(dataDir, "evidence", file.sha256.slice(0, 2), file.sha256));
      expect(bytes.length).toBe(file.size);
      expect((await detectEvidenceType(bytes, "demo.pdf", config.evidence, config.uploads)).mime).toBe("application/pdf");
    }
    prepareFirstRun(first);
    expect(count("select count(*) from assessments where is_demo = 1")).toBe(assessments);
    expect(count("select count(*) from answers")).toBe(answers);
    first.database.close();

    const second = await buildContext(config);
    prepareFirstRun(second);
    expect(second.database.sqlite.prepare("select count(*) from assessments").pluck().get()).toBe(assessments);
    expect(second.database.sqlite.prepare("select count(*) from users").pluck().get()).toBe(users);

    // The open Demoland round makes a full report: levels scored, recommendations, progress and peers.
    const id = second.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    // The open round can still be answered: it closes weeks after the day it was seeded.
    const closesAt = second.database.sqlite.prepare("select closes_at from assessments where id = ?").pluck().get(id) as string;
    expect(Date.parse(closesAt)).toBeGreaterThan(Date.now() + 20 * 86_400_000);
    const model = reportModelSchema.parse(buildReportModel(second, findAssessment(second.database.db, id)!, { language: "en" }));
    expect(model.meta.isDemo).toBe(true);
    expect(model.overall.status).toBe("scored");
    expect(model.levels.every((l) => l.status === "scored")).toBe(true);
    expect(model.recommendations.length).toBeGreaterThan(0);
    expect(model.progress?.dimensions.length).toBeGreaterThan(0);
    expect(model.peers?.dimensions.some((d) => d.peer !== null)).toBe(true);

    // The published 2024 round was validated before it was published: its frozen report shows both sets side by side.
    const published = second.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    const statuses = second.database.sqlite.prepare("select status, count(*) as n from validations where assessment_id = ? group by status").all(published) as {
      status: string;
      n: number;
    }[];
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    expect(byStatus.confirmed).toBeGreaterThan(0);
    expect(byStatus.adjusted).toBeGreaterThan(0);
    expect(byStatus.disputed).toBe(1);
    const snapshot = reportModelSchema.parse(
      JSON.parse(
        second.database.sqlite.prepare("select model from report_snapshots where assessment_id = ? and language = 'en'").pluck().get(published) as string,
      ),
    );
    expect(snapshot.validation?.validatedUnits).toBeGreaterThan(0);
    expect(snapshot.validation?.disagreements.length).toBeGreaterThan(0);

    // Relevance: no demo response holds an answer to an item its own answers hide ...
    const instrument = second.instruments.current("digital-government")!;
    const responses = second.database.sqlite
      .prepare("select r.id, r.status, r.assessment_id from responses r join assessments a on a.id = r.assessment_id where a.is_demo = 1")
      .all() as { id: number; status: string; assessment_id: number }[];
    const hiddenAnswered = responses.filter((r) => {
      const answers = loadAnswerStates(second.database, r.id);
      return [...hiddenItemIds(instrument, answers)].some((itemId) => answers.has(itemId));
    });
    expect(hiddenAnswered).toEqual([]);
    // ... and in the open round a started response has a follow-up shown and waiting for its answer, another not.
    const followUps = instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.filter((i) => i.relevance)));
    const started = responses.filter((r) => r.assessment_id === id && r.status === "started").map((r) => loadAnswerStates(second.database, r.id));
    const waiting = (answers: ReturnType<typeof loadAnswerStates>) =>
      followUps.some((f) => !hiddenItemIds(instrument, answers).has(f.id) && !answers.has(f.id) && answers.has(referencedParent(f.relevance!)));
    expect(started.some(waiting)).toBe(true);
    // The report counts as having seen a follow-up only those it was shown to.
    const seen = (itemId: string) => model.items.find((i) => i.id === itemId)?.seen ?? null;
    expect(followUps.some((f) => seen(f.id)! < seen(referencedParent(f.relevance!))!)).toBe(true);
    second.database.close();
  });

  it("is skipped with SEED_DEMO=false", async () => {
    const config = loadConfig({ DATA_DIR: makeTempDir(), LOG_LEVEL: "silent", SEED_DEMO: "false" });
    const context = await buildContext(config);
    prepareFirstRun(context);
    expect(context.database.sqlite.prepare("select count(*) from assessments").pluck().get()).toBe(0);
    context.database.close();
  });
});
