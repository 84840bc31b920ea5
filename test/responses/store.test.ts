// The answer codec (src/responses/store.ts) against the SQL triggers of migration 0002: for every kind, what the
// triggers write into responses.answer_vector is what encodeVectorCell says, and decodeVectorCell reads back the
// row; the scoring codes of a row and of its vector character agree; the form marks map to the kinds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup } from "../../src/responses/repository";
import type { AnswerInput } from "../../src/responses/schemas";
import { saveAnswers } from "../../src/responses/service";
import {
  answerKindCodes,
  answerKinds,
  answerMarks,
  currentCode,
  decodeVectorCell,
  encodeVectorCell,
  engineKindOfRow,
  engineKindOfVector,
  kindOfMark,
  type AnswerRow,
} from "../../src/responses/store";
import { ANSWERED, DONT_KNOW, NOT_APPLICABLE } from "../../src/scoring/types";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";

describe("the answer codec", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("decodes what the SQL triggers encode, for every kind, on insert, update and delete", () => {
    const assessment = anAssessment(app.context, { status: "open", levels: ["organisational"] });
    const { token } = anInvitation(app.context, assessment);
    const invitation = () => findInvitationByLookup(app.context.database, lookupOf(token))!;
    const instrument = app.context.instruments.current("digital-government")!;
    const items = instrument.levels.find((l) => l.id === "organisational")!.dimensions.flatMap((d) => d.items.map((i) => i.id));
    // Every kind, and the answered kind with each digit present or missing.
    const rows: AnswerRow[] = [
      ...answerKinds.filter((k) => k !== "answered").map((kind) => ({ kind, current: null, target: null, importance: null })),
      { kind: "answered", current: 0, target: 5, importance: 1 },
      { kind: "answered", current: 3, target: null, importance: null },
      { kind: "answered", current: null, target: 4, importance: 3 },
      { kind: "answered", current: 5, target: 5, importance: 2 },
    ];
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(answerKinds));
    const written = rows.map((row, i) => ({ itemId: items[i], ...row, comment: null }) as AnswerInput);
    saveAnswers(app.context.database, invitation(), written, { source: "seed", now: new Date() });

    const responseId = invitation().responseId!;
    const vector = () => app.context.database.sqlite.prepare("select answer_vector from responses where id = ?").pluck().get(responseId) as string;
    const position = (itemId: string) =>
      app.context.database.sqlite
        .prepare("select position from instrument_item_positions where instrument_version = ? and item_id = ?")
        .pluck()
        .get(instrument.version, itemId) as number;
    const stored = (itemId: string) =>
      app.context.database.sqlite
        .prepare("select kind, current, target, importance from answers where response_id = ? and item_id = ?")
        .get(responseId, itemId) as AnswerRow;

    written.forEach((answer, i) => {
      const row = stored(answer.itemId);
      expect(row, answer.itemId).toEqual(rows[i]);
      const cell = vector().slice(position(answer.itemId) * 4, position(answer.itemId) * 4 + 4);
      expect(cell, `${row.kind} as written by the trigger`).toBe(encodeVectorCell(row));
      expect(decodeVectorCell(vector(), position(answer.itemId))).toEqual(row);
      expect(engineKindOfVector[cell[0]]).toBe(engineKindOfRow[row.kind]);
    });
    // An item without an answer, and one whose answer is deleted.
    expect(decodeVectorCell(vector(), position(items[rows.length]))).toBeNull();
    app.context.database.sqlite.prepare("delete from answers where response_id = ? and item_id = ?").run(responseId, items[0]);
    expect(vector().slice(position(items[0]) * 4, position(items[0]) * 4 + 4)).toBe(encodeVectorCell(null));
    expect(decodeVectorCell(vector(), position(items[0]))).toBeNull();
    // Updates go through the update trigger: every kind over every other.
    for (const kind of answerKinds) {
      app.context.database.sqlite
        .prepare("update answers set kind = ?, current = ?, target = ?, importance = ? where response_id = ? and item_id = ?")
        .run(kind, kind === "answered" ? 2 : null, kind === "answered" ? 4 : null, kind === "answered" ? 3 : null, responseId, items[1]);
      expect(decodeVectorCell(vector(), position(items[1]))).toEqual(stored(items[1]));
    }
  });

  it("names each kind once: scoring codes, vector characters and form marks", () => {
    expect(engineKindOfRow).toEqual({ answered: ANSWERED, na: NOT_APPLICABLE, dontknow: DONT_KNOW });
    expect(Object.keys(engineKindOfVector).sort()).toEqual(answerKinds.map((k) => answerKindCodes[k].vector).sort());
    expect(answerMarks.map(kindOfMark)).toEqual(["dontknow", "na"]);
    for (const mark of answerMarks) expect(currentCode({ kind: kindOfMark(mark), current: null })).toBe(mark);
    expect(currentCode({ kind: "answered", current: 4 })).toBe(4);
  });
});
