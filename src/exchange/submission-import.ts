// The rows of a submissions export (submission-file.ts) checked one by one into submissions to import: the instance
// id, the submission time, the rating answers through the web form's own parser (parseAnswerFields) and the
// background answers through the About you page's (parseBackgroundFields). Every problem names its sheet, row and
// column (the header as the file writes it). Pure: what was already imported is given by the caller.
import { backgroundQuestionsFor, type BackgroundQuestion } from "../questionnaires/background";
import type { Instrument } from "../questionnaires/schema";
import { parseBackgroundFields, relevantQuestions, type BackgroundFieldError, type BackgroundInput } from "../responses/background";
import { parseAnswerFields, type AnswerInput } from "../responses/schemas";
import type { ImportProblem } from "./answer-import";
import { backgroundBody, isRejected, mapColumns, normaliseInstanceId, submissionTimeOf, type ColumnMeaning } from "./submission-columns";
import type { SubmissionTable } from "./submission-file";

export interface ParsedSubmission {
  row: number;
  instanceId: string;
  /** When the tool received it (or the form was finished); null when the file does not say. */
  submittedAt: Date | null;
  answers: AnswerInput[];
  background: BackgroundInput[];
}

export interface ReadSubmissions {
  submissions: ParsedSubmission[];
  /** Rows the project itself rejected (Kobo "not approved", ODK "rejected"): not imported. */
  rejected: number;
  /** Rows whose instance id was imported before: nothing is added for them. */
  alreadyImported: number;
  problems: ImportProblem[];
}

const MAX_INSTANCE_ID = 200;

/** The English sentence of an About you page error, as file problems state them (translated where shown). */
function backgroundMessage(question: BackgroundQuestion, error: BackgroundFieldError): string {
  switch (error.key) {
    case "respond.background.errors.required":
      return "must be answered: the question is required";
    case "respond.background.errors.declinedAndAnswered":
      return "give an answer or prefer-not-to-say, not both";
    case "respond.background.errors.integer":
      return "must be a whole number";
    case "respond.background.errors.range":
      return `must be a number from ${error.values?.min ?? ""} to ${error.values?.max ?? ""}`;
    case "respond.background.errors.tooLong":
      return `must be at most ${error.values?.count ?? ""} characters`;
    default:
      return `must be one of the question's options (${[...(question.type === "yesno" ? ["yes", "no"] : (question.options ?? []).map((o) => o.id)), ...(question.preferNotToSay ? ["prefer-not-to-say"] : [])].join(", ")})`;
  }
}

/**
 * Reads every row of `table` as a submission of respondents answering `levels` of `instrument`. `imported` are the
 * instance ids already imported into the assessment.
 */
export function readSubmissions(instrument: Instrument, levels: readonly string[], table: SubmissionTable, imported: ReadonlySet<string>): ReadSubmissions {
  const { sheet } = table;
  const mapped = mapColumns(instrument, table.header);
  const problems: ImportProblem[] = mapped.problems.map((p) => ({ sheet, row: 1, ...p }));
  const columns = [...mapped.meanings].map(([index, meaning]) => ({ index, meaning, name: table.header[index] }));
  const ranked = (kind: "instance" | "time") =>
    columns.filter((c) => c.meaning.kind === kind).sort((a, b) => (a.meaning as { rank: number }).rank - (b.meaning as { rank: number }).rank);
  const instanceColumns = ranked("instance");
  const timeColumns = ranked("time");
  const reviewColumn = columns.find((c) => c.meaning.kind === "review");
  if (instanceColumns.length === 0)
    problems.push({
      sheet,
      row: 1,
      column: "meta/instanceID",
      message: "the file has no instance id column (meta/instanceID, KEY or _uuid): export it with its metadata",
    });
  const levelOfColumn = (m: ColumnMeaning) => (m.kind === "item" ? m.levelId : null);
  for (const level of levels)
    if (!columns.some((c) => levelOfColumn(c.meaning) === level))
      problems.push({ sheet, row: 1, column: "", message: `the file has no column for the questions of the ${level} level chosen for this import` });
  if (problems.length) return { submissions: [], rejected: 0, alreadyImported: 0, problems };

  const allowed = new Set(instrument.levels.filter((l) => levels.includes(l.id)).flatMap((l) => l.dimensions.flatMap((d) => d.items.map((i) => i.id))));
  const asked = backgroundQuestionsFor(instrument, levels);
  const submissions: ParsedSubmission[] = [];
  const seen = new Map<string, number>();
  let rejected = 0;
  let alreadyImported = 0;
  for (const { row, cells } of table.rows) {
    const cell = (index: number) => (cells[index] ?? "").trim();
    const problem = (column: string, message: string) => problems.push({ sheet, row, column, message });
    if (reviewColumn && isRejected(cell(reviewColumn.index))) {
      rejected++;
      continue;
    }
    const identity = instanceColumns.find((c) => cell(c.index) !== "");
    if (!identity) {
      problem(instanceColumns[0].name, "the submission has no instance id");
      continue;
    }
    const instanceId = normaliseInstanceId(cell(identity.index));
    if (instanceId.length > MAX_INSTANCE_ID || /[\u0000-\u001F\u007F]/.test(instanceId)) {
      problem(identity.name, `must be an instance id such as uuid:… (at most ${MAX_INSTANCE_ID} characters)`);
      continue;
    }
    const first = seen.get(instanceId);
    if (first !== undefined) {
      problem(identity.name, `the same submission is already on row ${first}`);
      continue;
    }
    seen.set(instanceId, row);
    if (imported.has(instanceId)) {
      alreadyImported++;
      continue;
    }
    const time = timeColumns.map((c) => submissionTimeOf(cell(c.index))).find((t) => t !== null) ?? null;

    // Ratings: the cells of the chosen levels' items as the web form's fields; an answer elsewhere is a problem.
    const body: Record<string, string> = {};
    const columnOf = new Map<string, string>();
    const backgroundCells = new Map<string, string>();
    for (const { index, meaning, name } of columns) {
      const value = cell(index);
      if (meaning.kind === "background") backgroundCells.set(meaning.questionId, value);
      if (meaning.kind !== "item") continue;
      columnOf.set(`${meaning.field}.${meaning.itemId}`, name);
      if (value === "") continue;
      if (!allowed.has(meaning.itemId)) problem(name, `answers a question of the ${meaning.levelId} level, which was not chosen for this import`);
      else body[`${meaning.field}.${meaning.itemId}`] = value;
    }
    const parsed = parseAnswerFields(body, allowed);
    for (const [key, message] of Object.entries(parsed.errors)) problem(columnOf.get(key) ?? key, message);
    const answers = parsed.answers.filter((a) => a.kind !== "blank" || a.comment);
    // A level without target or importance is incomplete on the web too, but there the page asks again; a file cannot.
    for (const answer of answers) {
      if (answer.kind !== "answered" || answer.current === null) continue;
      if (answer.target === null) problem(columnOf.get(`target.${answer.itemId}`) ?? "", "give a target level (0 to 5) with the current level");
      if (answer.importance === null) problem(columnOf.get(`importance.${answer.itemId}`) ?? "", "give an importance (1, 2 or 3) with the current level");
    }
    if (answers.length === 0 && Object.keys(parsed.errors).length === 0)
      problem(identity.name, `the submission answers no question of the levels chosen (${levels.join(", ")})`);

    // Background: only when the file has its columns; the questions these levels are asked, as the page shows them.
    let background: BackgroundInput[] = [];
    if (backgroundCells.size > 0) {
      const values = new Map([...backgroundCells].filter(([, v]) => v !== ""));
      const shown = relevantQuestions(asked, values);
      const checked = parseBackgroundFields(backgroundBody(shown, values), shown);
      for (const [questionId, error] of checked.errors) {
        const question = shown.find((q) => q.id === questionId)!;
        const column = columns.find((c) => c.meaning.kind === "background" && c.meaning.questionId === questionId)?.name ?? questionId;
        problem(column, backgroundMessage(question, error));
      }
      background = checked.answers.filter((a) => a.value !== null);
    }
    submissions.push({ row, instanceId, submittedAt: time, answers, background });
  }
  return { submissions, rejected, alreadyImported, problems: problems.sort((a, b) => a.row - b.row) };
}
