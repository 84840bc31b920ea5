// Group commit of autosaves: concurrent saves share a transaction, each in its own savepoint, and each is
// acknowledged only once committed.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionAssessment } from "../../src/assessments/service";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup, loadAnswers, loadRevisions } from "../../src/responses/repository";
import { SaveBatcher } from "../../src/responses/save-batcher";
import type { AnswerInput } from "../../src/responses/schemas";
import { ConflictError } from "../../src/errors";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("autosaves written by group commit", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { status: "open" });
  });
  afterAll(() => app.close());

  const invitationOf = (token: string) => findInvitationByLookup(app.context.database, lookupOf(token))!;
  const firstItems = () => app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
  const answer = (itemId: string, current: number): AnswerInput => ({ itemId, kind: "answered", current, target: 5, importance: 2, comment: null });

  it("keeps every one of many concurrent autosaves of one new respondent, in one response, with a revision each", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const dimension = firstItems();
    const browser = new FormClient(app.url);
    await browser.get(`/r/${token}/p/${dimension.id}`);
    const csrf = browser.csrfToken();
    // Sent at once: they reach the server in the same turn of the event loop and are written as one batch.
    const saves = dimension.items.flatMap((item, i) => [0, 1, 2].map((n) => ({ item: item.id, value: String((i + n) % 6) })));
    const responses = await Promise.all(
      saves.map((s) =>
        browser.postJson(
          `/r/${token}/autosave`,
          { [`current.${s.item}`]: s.value, [`target.${s.item}`]: "5", [`importance.${s.item}`]: "2" },
          { "x-csrf-token": csrf },
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(saves.map(() => 200));
    const invitation = invitationOf(token);
    const count = app.context.database.sqlite.prepare("select count(*) from responses where invitation_id = ?").pluck().get(invitation.invitationId);
    expect(count).toBe(1);
    // Every acknowledged save changed an answer (the values differ per item), so each left a revision.
    expect(loadRevisions(app.context.database, invitation.responseId!).length).toBeGreaterThanOrEqual(dimension.items.length);
    expect(loadAnswers(app.context.database, invitation.responseId).size).toBe(dimension.items.length);
    expect(invitation.invitationStatus).toBe("started");
  });

  it("creates one response when two requests of a new respondent land in the same batch", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const [first, second] = firstItems().items;
    const batcher = new SaveBatcher(app.context.database);
    const options = { source: "autosave" as const, now: new Date() };
    // Two requests read the invitation before either saved: both see no response yet.
    const one = batcher.save(invitationOf(token), [answer(first.id, 1)], options);
    const two = batcher.save(invitationOf(token), [answer(second.id, 2)], options);
    const [a, b] = await Promise.all([one, two]);
    expect(a.responseId).toBe(b.responseId);
    const answers = loadAnswers(app.context.database, a.responseId);
    expect([answers.get(first.id)?.current, answers.get(second.id)?.current]).toEqual([1, 2]);
  });

  it("refuses only the save whose round closed before its batch was written; the others of the batch are kept", async () => {
    const closing = anAssessment(app.context, { status: "open", round: "Closing batch" });
    const open = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const doomed = anInvitation(app.context, closing, { levels: ["organisational"] });
    const item = firstItems().items[0].id;
    const batcher = new SaveBatcher(app.context.database);
    const options = { source: "autosave" as const, now: new Date() };
    // Both requests read their invitation while the round was open...
    const openInvitation = invitationOf(open.token);
    const doomedInvitation = invitationOf(doomed.token);
    const kept = batcher.save(openInvitation, [answer(item, 3)], options);
    const refused = batcher.save(doomedInvitation, [answer(item, 4)], options);
    // ...and the round closes before the batch is written (the batch waits for the end of this turn).
    transitionAssessment(
      { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock },
      closing.owner,
      closing.id,
      "close",
    );
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    const result = await kept;
    expect(loadAnswers(app.context.database, result.responseId).get(item)?.current).toBe(3);
    expect(invitationOf(doomed.token).responseId).toBeNull();
  });

  it("acknowledges a save only once its batch is written: a batch that cannot be written rejects every save and keeps none", async () => {
    const a = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const b = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const item = firstItems().items[1].id;
    const sqlite = app.context.database.sqlite;
    // Another process holds the write lock when the batch is due, past the (shortened) busy timeout.
    const other = new Database(app.context.config.databasePath);
    other.prepare("begin immediate").run();
    const busyTimeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
    sqlite.pragma("busy_timeout = 50");
    try {
      const batcher = new SaveBatcher(app.context.database);
      const options = { source: "autosave" as const, now: new Date() };
      const first = batcher.save(invitationOf(a.token), [answer(item, 1)], options);
      const second = batcher.save(invitationOf(b.token), [answer(item, 2)], options);
      await expect(first).rejects.toThrow(/locked|busy/i);
      await expect(second).rejects.toThrow(/locked|busy/i);
    } finally {
      other.prepare("rollback").run();
      other.close();
      sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
    expect(invitationOf(a.token).responseId).toBeNull();
    expect(invitationOf(b.token).responseId).toBeNull();
  });
});
