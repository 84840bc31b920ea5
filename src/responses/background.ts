// Background answers (who answered): the form fields parsed per question type, how a value is stored, and the save
// (a revision for every change, the current answer kept beside it, in one transaction), like the ratings' answers.
import type { AppDatabase } from "../db/client";
import { decimalInteger } from "../numbers";
import { backgroundTextMax, optionIdsOf, preferNotToSay, type BackgroundQuestion } from "../questionnaires/background";
import { isItemRelevant, type AnswerLookup, type AnswerState } from "../questionnaires/expression";
import { assertAcceptsAnswers } from "./service";
import { statementsFor, type RespondentInvitation } from "./repository";

/** A parsed answer: the stored value (see `background_answers.value`), or null to clear it. */
export interface BackgroundInput {
  questionId: string;
  value: string | null;
}

/** A field error: a catalogue key of the respondent pages, with its values. */
export interface BackgroundFieldError {
  key: string;
  values?: Record<string, string | number>;
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<object, Statements>();

function prepare(database: AppDatabase) {
  const sqlite = database.sqlite;
  return {
    valuesOf: sqlite.prepare("select question_id, value from background_answers where response_id = ?").raw(),
    valueOf: sqlite.prepare("select value from background_answers where response_id = ? and question_id = ?").pluck(),
    insertRevision: sqlite.prepare(
      "insert into background_answer_revisions (response_id, question_id, value, source, actor_user_id, created_at) values (?, ?, ?, ?, ?, ?)",
    ),
    upsert: sqlite.prepare(`insert into background_answers (response_id, question_id, value, revision_id, updated_at) values (?, ?, ?, ?, ?)
      on conflict (response_id, question_id) do update set value = excluded.value, revision_id = excluded.revision_id, updated_at = excluded.updated_at`),
    remove: sqlite.prepare("delete from background_answers where response_id = ? and question_id = ?"),
  };
}

function statements(database: AppDatabase): Statements {
  let s = cache.get(database.sqlite);
  if (!s) cache.set(database.sqlite, (s = prepare(database)));
  return s;
}

/** The respondent's background answers, question id → stored value. */
export function loadBackground(database: AppDatabase, responseId: number | null): Map<string, string> {
  const map = new Map<string, string>();
  if (responseId === null) return map;
  for (const [questionId, value] of statements(database).valuesOf.all(responseId) as [string, string][]) map.set(questionId, value);
  return map;
}

/** What a condition reads of a stored background answer ("prefer not to say" reads as na). */
export function backgroundState(question: BackgroundQuestion, value: string | undefined): AnswerState {
  if (value === undefined) return { kind: "none" };
  if (value === preferNotToSay) return { kind: "na" };
  if (question.type === "integer") return { kind: "answered", value: Number(value) };
  if (question.type === "text") return { kind: "answered", choices: [] };
  return { kind: "answered", choices: value.split(" ") };
}

/**
 * The questions shown, given the answers: a question whose condition is false is hidden, and reads as not answered
 * for the conditions after it (conditions read only earlier questions, so one pass in order settles them).
 */
export function relevantQuestions(questions: readonly BackgroundQuestion[], values: ReadonlyMap<string, string>): BackgroundQuestion[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const shown = new Set<string>();
  const lookup: AnswerLookup = (id) => {
    const question = byId.get(id);
    return question && shown.has(id) ? backgroundState(question, values.get(id)) : { kind: "none" };
  };
  return questions.filter((q) => {
    const relevant = isItemRelevant(q, lookup);
    if (relevant) shown.add(q.id);
    return relevant;
  });
}

const wholeNumber = decimalInteger("must be a whole number");

function fieldValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/**
 * Parses the page's fields (`bg.<question id>`, repeated for multiple choices and for "prefer not to say" beside a
 * number or a text) for the questions shown. Blank clears; a required question left blank is an error.
 */
export function parseBackgroundFields(
  body: Record<string, unknown>,
  questions: readonly BackgroundQuestion[],
): { answers: BackgroundInput[]; errors: Map<string, BackgroundFieldError>; sent: Map<string, string> } {
  const answers: BackgroundInput[] = [];
  const errors = new Map<string, BackgroundFieldError>();
  const sent = new Map<string, string>();
  for (const q of questions) {
    const values = fieldValues(body[`bg.${q.id}`]);
    const declined = values.includes(preferNotToSay);
    const given = values.filter((v) => v !== preferNotToSay);
    if (values.length > 0) sent.set(q.id, values.join(" "));
    const fail = (key: string, extra?: Record<string, string | number>) => errors.set(q.id, { key, values: extra });
    if (declined && !q.preferNotToSay) {
      fail("respond.background.errors.unknownOption");
    } else if (declined && given.length > 0) {
      fail("respond.background.errors.declinedAndAnswered");
    } else if (declined) {
      answers.push({ questionId: q.id, value: preferNotToSay });
    } else if (given.length === 0) {
      if (q.required) fail("respond.background.errors.required");
      else answers.push({ questionId: q.id, value: null });
    } else if (q.type === "single" || q.type === "yesno") {
      if (given.length > 1 || !optionIdsOf(q).includes(given[0])) fail("respond.background.errors.unknownOption");
      else answers.push({ questionId: q.id, value: given[0] });
    } else if (q.type === "multiple") {
      const options = optionIdsOf(q);
      const chosen = options.filter((o) => given.includes(o));
      if (chosen.length !== new Set(given).size) fail("respond.background.errors.unknownOption");
      else answers.push({ questionId: q.id, value: chosen.join(" ") });
    } else if (q.type === "integer") {
      const parsed = given.length === 1 ? wholeNumber.safeParse(given[0]) : undefined;
      const n = parsed?.success ? parsed.data : null;
      if (n === null) fail("respond.background.errors.integer");
      else if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))
        fail("respond.background.errors.range", { min: q.min ?? "", max: q.max ?? "" });
      else answers.push({ questionId: q.id, value: String(n) });
    } else {
      const text = given.join(" ");
      if (text.length > backgroundTextMax) fail("respond.background.errors.tooLong", { count: backgroundTextMax });
      else answers.push({ questionId: q.id, value: text });
    }
  }
  return { answers, errors, sent };
}

/**
 * Saves background answers in one transaction: the response created on the first save, a revision for every
 * changed answer, the current answer updated or removed.
 */
export function saveBackground(
  database: AppDatabase,
  invitation: RespondentInvitation,
  answers: readonly BackgroundInput[],
  options: { source: "form" | "import" | "seed"; now: Date; actorUserId?: number | null; skipStatusCheck?: boolean },
): { responseId: number; changed: string[] } {
  if (!options.skipStatusCheck) assertAcceptsAnswers(invitation);
  const responseStatements = statementsFor(database);
  const s = statements(database);
  const at = options.now.toISOString();
  return database.sqlite
    .transaction(() => {
      let responseId = invitation.responseId;
      if (responseId === null) {
        responseId = (
          responseStatements.insertResponse.get(invitation.invitationId, invitation.assessmentId, invitation.organisationId, at, at) as { id: number }
        ).id;
        invitation.responseId = responseId;
        invitation.responseStatus = "started";
      }
      const changed: string[] = [];
      for (const answer of answers) {
        const stored = (s.valueOf.get(responseId, answer.questionId) as string | undefined) ?? null;
        if (stored === answer.value) continue;
        const revision = s.insertRevision.run(responseId, answer.questionId, answer.value, options.source, options.actorUserId ?? null, at);
        if (answer.value === null) s.remove.run(responseId, answer.questionId);
        else s.upsert.run(responseId, answer.questionId, answer.value, Number(revision.lastInsertRowid), at);
        changed.push(answer.questionId);
      }
      // "about" is no rating page: the welcome page resumes at the first one, not here again (background-routes.ts).
      responseStatements.touchResponse.run(at, "about", responseId);
      invitation.lastPage = "about";
      if (invitation.invitationStatus === "invited") {
        responseStatements.markStarted.run(invitation.invitationId);
        invitation.invitationStatus = "started";
      }
      return { responseId, changed };
    })
    .immediate();
}
