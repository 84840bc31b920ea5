// Answer vectors (responses.answer_vector, kept by triggers) must always say exactly what the answers table says:
// scoring reads them instead of the rows. Checked through the real save paths and after a migration backfill.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment, invitationStatuses } from "../../src/assessments/repository";
import { openDatabase } from "../../src/db/client";
import {
  invitationTallies,
  loadSubmittedAnswers,
  loadSubmittedAnswersFromRows,
  scoreFromDatabase,
  type LoadedAnswers,
  type StreamedAnswers,
} from "../../src/responses/submitted-answers";
import { responseRates, scoreAssessment } from "../../src/scoring";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers, submitResponse } from "../../src/responses/service";
import type { AnswerInput } from "../../src/responses/schemas";
import { lookupOf } from "../../src/assessments/tokens";
import { seededRandom } from "../../src/demo/random";
import { makeTempDir, startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse, aUser } from "../support/builders";

/** The answers loaded (every batch, read as it comes: the loader refills its arrays), sorted, in a comparable shape. */
function sortedRows(loaded: StreamedAnswers | LoadedAnswers) {
  const out: string[] = [];
  for (const r of "batches" in loaded ? loaded.batches : [loaded.rows]) {
    for (let i = 0; i < r.length; i++)
      out.push([loaded.respondents[r.respondent[i]].id, r.item[i], r.kind[i], r.current[i], r.target[i], r.importance[i]].join(":"));
  }
  return out.sort();
}

describe("answer vectors", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("load exactly the answers table after random saves, changes, clears, not-applicable and don't-know", () => {
    const assessment = anAssessment(app.context, { status: "open", levels: ["organisational", "individual"] });
    const instrument = app.context.instruments.current("digital-government")!;
    const items = instrument.levels
      .filter((l) => l.id !== "institutional" && l.id !== "societal")
      .flatMap((l) => l.dimensions.flatMap((d) => d.items.map((i) => i.id)));
    const random = seededRandom(7);
    for (let r = 0; r < 12; r++) {
      const { token } = anInvitation(app.context, assessment, {
        levels: r % 2 ? ["organisational"] : ["organisational", "individual"],
        organisationId: assessment.organisationIds[r % 2],
      });
      const invitation = () => findInvitationByLookup(app.context.database, lookupOf(token))!;
      for (let round = 0; round < 4; round++) {
        const batch: AnswerInput[] = items
          .filter(() => random.next() < 0.5)
          .map((itemId) => {
            const roll = random.next();
            if (roll < 0.1) return { itemId, kind: "blank", current: null, target: null, importance: null, comment: null } as unknown as AnswerInput;
            if (roll < 0.2) return { itemId, kind: "na", current: null, target: null, importance: null, comment: null } as AnswerInput;
            if (roll < 0.3) return { itemId, kind: "dontknow", current: null, target: null, importance: null, comment: null } as AnswerInput;
            const current = Math.floor(random.next() * 6);
            return {
              itemId,
              kind: "answered",
              current,
              target: Math.max(current, Math.floor(random.next() * 6)),
              importance: 1 + Math.floor(random.next() * 3),
              comment: null,
            } as AnswerInput;
          });
        saveAnswers(app.context.database, invitation(), batch, { source: "seed", now: new Date() });
      }
      if (r < 10) submitResponse(app.context.database, invitation(), new Date());
    }
    const summary = findAssessment(app.context.database.db, assessment.id)!;
    const { model } = scoreFromDatabase(app.context, summary);
    const fromVectors = loadSubmittedAnswers(app.context.database, assessment.id, model);
    const fromRows = loadSubmittedAnswersFromRows(app.context.database, assessment.id, model);
    expect(fromVectors.respondents).toEqual(fromRows.respondents);
    expect(sortedRows(fromVectors).length).toBeGreaterThan(100);
    expect(sortedRows(fromVectors)).toEqual(sortedRows(fromRows));
    // Batches of 3 respondents: rows cross batch boundaries (and a last, partial batch) the same way.
    expect(sortedRows(loadSubmittedAnswers(app.context.database, assessment.id, model, { batchRespondents: 3 }))).toEqual(sortedRows(fromRows));
    const scored = scoreAssessment(model, loadSubmittedAnswers(app.context.database, assessment.id, model, { batchRespondents: 3 }), { minGroupSize: 3 });
    // …and the same rows summed for all respondents at once (no batch-by-batch sums) score the same.
    expect(scored).toEqual(scoreAssessment(model, { respondents: fromVectors.respondents, batches: fromVectors.batches }, { minGroupSize: 3 }));
    expect(scored.dimensions.some((d) => d.status === "scored")).toBe(true);
    for (const organisationId of assessment.organisationIds) {
      expect(sortedRows(loadSubmittedAnswers(app.context.database, assessment.id, model, { organisationId }))).toEqual(
        sortedRows(loadSubmittedAnswersFromRows(app.context.database, assessment.id, model, { organisationId })),
      );
    }
  });

  it("count invitations for response rates in the database exactly as one by one (revoked ones left out)", () => {
    const assessment = anAssessment(app.context, { status: "open" });
    const tokens = Array.from({ length: 7 }, (_, i) =>
      anInvitation(app.context, assessment, {
        organisationId: assessment.organisationIds[i % 2],
        levels: i % 3 ? ["organisational"] : ["organisational", "individual"],
      }),
    );
    tokens.slice(0, 3).forEach(({ token }) => aSubmittedResponse(app.context, token));
    saveAnswers(app.context.database, findInvitationByLookup(app.context.database, lookupOf(tokens[3].token))!, [], { source: "seed", now: new Date() });
    app.context.database.sqlite.prepare("update invitations set revoked_at = ? where id = ?").run(new Date().toISOString(), tokens[4].id);
    const levels = ["organisational", "individual"];
    const rates = responseRates(invitationTallies(app.context.database, assessment.id), levels);
    expect(rates).toEqual(responseRates(invitationStatuses(app.context.database, assessment.id), levels));
    expect(rates.overall.invited).toBe(6);
    expect(rates.overall.submitted).toBe(3);
    const organisationId = assessment.organisationIds[1];
    expect(responseRates(invitationTallies(app.context.database, assessment.id, { organisationId }), levels)).toEqual(
      responseRates(
        invitationStatuses(app.context.database, assessment.id).filter((i) => i.organisationId === organisationId),
        levels,
      ),
    );
  });

  it("falls back to the rows when a vector is missing", () => {
    const assessment = anAssessment(app.context, { status: "open" });
    const { token } = anInvitation(app.context, assessment);
    const invitation = findInvitationByLookup(app.context.database, lookupOf(token))!;
    const item = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].items[0].id;
    saveAnswers(app.context.database, invitation, [{ itemId: item, kind: "answered", current: 2, target: 4, importance: 3, comment: null } as AnswerInput], {
      source: "seed",
      now: new Date(),
    });
    submitResponse(app.context.database, findInvitationByLookup(app.context.database, lookupOf(token))!, new Date());
    app.context.database.sqlite.prepare("update responses set answer_vector = null where assessment_id = ?").run(assessment.id);
    const { model } = scoreFromDatabase(app.context, findAssessment(app.context.database.db, assessment.id)!);
    expect(sortedRows(loadSubmittedAnswers(app.context.database, assessment.id, model))).toEqual(
      sortedRows(loadSubmittedAnswersFromRows(app.context.database, assessment.id, model)),
    );
    expect(sortedRows(loadSubmittedAnswers(app.context.database, assessment.id, model))).toHaveLength(1);
  });
});

describe("the answer-vector migration", () => {
  it("fills the vectors of a database answered before it existed", async () => {
    const file = path.join(makeTempDir(), "old.sqlite");
    // Answers written through the app's own code; then the database is taken back to before migrations 0001–0002.
    const app = await startTestApp({ DATABASE_PATH: file }, {});
    const assessment = anAssessment(app.context, { status: "open", owner: aUser(app.context, "expert") });
    const { token } = anInvitation(app.context, assessment);
    const items = app.context.instruments
      .current("digital-government")!
      .levels.find((l) => l.id === "organisational")!
      .dimensions.flatMap((d) => d.items);
    saveAnswers(
      app.context.database,
      findInvitationByLookup(app.context.database, lookupOf(token))!,
      items.map(
        (i, n) =>
          ({
            itemId: i.id,
            kind: n % 5 === 0 ? "na" : "answered",
            current: n % 5 === 0 ? null : n % 6,
            target: n % 5 === 0 ? null : 5,
            importance: n % 5 === 0 ? null : 2,
            comment: null,
          }) as AnswerInput,
      ),
      { source: "seed", now: new Date() },
    );
    submitResponse(app.context.database, findInvitationByLookup(app.context.database, lookupOf(token))!, new Date());
    app.context.database.sqlite.exec(
      "update responses set answer_vector = null; delete from instrument_item_positions; delete from __drizzle_migrations where created_at > (select min(created_at) from __drizzle_migrations);",
    );
    app.context.database.sqlite.exec(
      "drop trigger answers_answer_vector_insert; drop trigger answers_answer_vector_update; drop trigger answers_answer_vector_delete; drop trigger responses_answer_vector_start; drop trigger instrument_versions_item_positions; drop table instrument_item_positions; alter table responses drop column answer_vector;",
    );
    // Migrations after 0002 are re-applied too (drizzle runs every migration newer than the last recorded one): undo what is not repeatable.
    app.context.database.sqlite.exec("alter table assessments drop column accepts_fallback;");
    app.context.database.sqlite.exec(
      "drop table outbox; drop table report_links; alter table assessments drop column closes_time; alter table assessments drop column time_zone; alter table assessments drop column closes_at; alter table assessments drop column reminder_days;",
    );
    app.context.database.sqlite.exec("alter table assessment_members drop column raw_data;");
    app.context.database.sqlite.exec("drop table validation_events; drop table validations;");
    app.context.database.sqlite.exec("drop table evidence_ratings; drop table evidence;");
    app.context.database.sqlite.exec("alter table assessments drop column archived_at;");
    app.context.database.sqlite.exec("drop table sign_in_failures;");
    const levels = app.context.instruments.current("digital-government")!.levels;
    const total = levels.reduce((n, l) => n + l.dimensions.reduce((m, d) => m + d.items.length, 0), 0);
    const institutional = levels[0].dimensions.reduce((m, d) => m + d.items.length, 0);
    await app.close();

    const migrated = openDatabase(file);
    const vector = migrated.sqlite.prepare("select answer_vector from responses").pluck().get() as string;
    expect(vector.length).toBe(total * 4);
    expect(vector.slice(0, institutional * 4)).toBe("----".repeat(institutional)); // the institutional level comes first and was not answered
    expect(vector.slice(institutional * 4, institutional * 4 + 8)).toBe("n---a152");
    migrated.close();
  });
});
