// The columns of a KoboToolbox or ODK Central export of submissions made on our XLSForm (xlsform-export.ts), and what
// each means here: an item's current/target/importance/comment, a background question, the submission's instance id,
// its submission time or its review state. Names are matched as those tools write them: the bare field name, or the
// group path joined with "/" (KoboToolbox with "include groups") or "-" (ODK Central). Everything else (Kobo's _id,
// _index, start, end, the 0/1 column per option of a multiple choice, ODK's SubmitterName …) is ignored. Pure.
import type { BackgroundQuestion } from "../questionnaires/background";
import type { Instrument } from "../questionnaires/schema";
import { fieldName, itemFields, xformName, type ItemField } from "./xlsform-common";

/** The group our XLSForm export puts the background questions in (the contract with xlsform-export.ts). */
export const BACKGROUND_GROUP = "background";

export type ColumnMeaning =
  | { kind: "item"; itemId: string; levelId: string; field: ItemField }
  | { kind: "background"; questionId: string }
  | { kind: "instance"; rank: number }
  | { kind: "time"; rank: number }
  | { kind: "review" };

/**
 * The submission's identity, best first: the id a submission keeps across edits (Kobo's meta/rootUuid, ODK Central's
 * KEY), then the instance id of its version, then Kobo's _uuid (the same uuid without its "uuid:" prefix).
 */
const instanceColumns = ["meta/rootUuid", "rootUuid", "meta-rootUuid", "KEY", "meta/instanceID", "meta-instanceID", "instanceID", "_uuid"];
/** When it was submitted, best first: Kobo's _submission_time, ODK Central's SubmissionDate, the form's end. */
const timeColumns = ["_submission_time", "SubmissionDate", "end", "meta/end", "meta-end"];
/** Kobo's validation status and ODK Central's review state: a rejected submission is not imported. */
const reviewColumns = ["_validation_status", "ReviewState"];

export interface MappedColumns {
  /** Column index (0-based) → meaning; columns not listed are ignored. */
  meanings: Map<number, ColumnMeaning>;
  /** Problems of the header row: { column (the header as written), message }. */
  problems: { column: string; message: string }[];
}

function namesOf(instrument: Instrument): { exact: Map<string, ColumnMeaning>; bare: Map<string, ColumnMeaning>; multiples: Set<string> } {
  const exact = new Map<string, ColumnMeaning>();
  const bare = new Map<string, ColumnMeaning>();
  const multiples = new Set<string>();
  const add = (path: string[], name: string, meaning: ColumnMeaning) => {
    bare.set(name, meaning);
    for (const separator of ["/", "-"]) exact.set([...path, name].join(separator), meaning);
  };
  for (const question of instrument.background ?? []) {
    // Named as the export names them: an id that begins with a digit gets a leading "_".
    add([BACKGROUND_GROUP], xformName(question.id), { kind: "background", questionId: question.id });
    if (question.type === "multiple") multiples.add(xformName(question.id));
  }
  for (const level of instrument.levels)
    for (const dimension of level.dimensions)
      for (const item of dimension.items)
        for (const field of itemFields)
          add([xformName(level.id), xformName(dimension.id), xformName(item.id)], fieldName(item.id, field), {
            kind: "item",
            itemId: item.id,
            levelId: level.id,
            field,
          });
  return { exact, bare, multiples };
}

/** What a header means, or undefined for a column to ignore. */
function meaningOf(header: string, names: ReturnType<typeof namesOf>): ColumnMeaning | undefined {
  const rank = (list: string[]) => list.indexOf(header);
  if (rank(instanceColumns) >= 0) return { kind: "instance", rank: rank(instanceColumns) };
  if (rank(timeColumns) >= 0) return { kind: "time", rank: rank(timeColumns) };
  if (rank(reviewColumns) >= 0) return { kind: "review" };
  const found = names.exact.get(header) ?? names.bare.get(header);
  if (found) return found;
  // Kobo's 0/1 column per option of a multiple choice ("function/policy", "background/function/policy"): the
  // space-separated column beside it says the same.
  const slash = header.lastIndexOf("/");
  if (slash > 0) {
    const before = header.slice(0, slash);
    if ([...names.multiples].some((q) => before === q || before.endsWith(`/${q}`) || before.endsWith(`-${q}`))) return undefined;
    // A form whose groups were nested differently: the field name is the last part of the path.
    const last = names.bare.get(header.slice(slash + 1));
    if (last) return last;
  }
  // ODK Central joins groups with "-", which our ids may contain too: the longest known name the header ends with.
  let best: { name: string; meaning: ColumnMeaning } | undefined;
  for (const [name, meaning] of names.bare) if (header.endsWith(`-${name}`) && (!best || name.length > best.name.length)) best = { name, meaning };
  return best?.meaning;
}

/** Maps a header row; two columns meaning the same answer is a problem of the second. */
export function mapColumns(instrument: Instrument, header: readonly string[]): MappedColumns {
  const names = namesOf(instrument);
  const meanings = new Map<number, ColumnMeaning>();
  const problems: MappedColumns["problems"] = [];
  const firstOf = new Map<string, string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (!name) return;
    const meaning = meaningOf(name, names);
    if (!meaning) return;
    if (meaning.kind === "item" || meaning.kind === "background") {
      const key = meaning.kind === "item" ? `${meaning.itemId} ${meaning.field}` : `bg ${meaning.questionId}`;
      const first = firstOf.get(key);
      if (first !== undefined) {
        problems.push({ column: name, message: `this column holds the same answer as column ${first}` });
        return;
      }
      firstOf.set(key, name);
    }
    meanings.set(index, meaning);
  });
  if (![...meanings.values()].some((m) => m.kind === "item"))
    problems.push({
      column: "",
      message: 'no column holds an answer to this questionnaire: export the data with "XML values and headers", from a form made from its XLSForm',
    });
  return { meanings, problems };
}

/** The instance id as stored: "uuid:<uuid>" whether the file wrote it with its prefix (instanceID) or without (_uuid). */
export function normaliseInstanceId(value: string): string {
  const text = value.trim();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? `uuid:${text.toLowerCase()}` : text;
}

/** Kobo's "not approved" and ODK Central's "rejected": the project itself set these submissions aside. */
export function isRejected(reviewState: string): boolean {
  return /^(rejected|validation_status_not_approved|not approved)$/i.test(reviewState.trim());
}

/**
 * A submission time as an instant: ISO 8601 with or without a zone (Kobo writes _submission_time in UTC without
 * one); null when the text is not such a time.
 */
export function submissionTimeOf(value: string): Date | null {
  const text = value.trim();
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return null;
  const zone = match[3] ?? "Z";
  const date = new Date(`${match[1]}T${match[2]}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The form fields of the About you page (`bg.<id>`) from a submission's background cells: multiple choices split. */
export function backgroundBody(questions: readonly BackgroundQuestion[], cells: ReadonlyMap<string, string>): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const question of questions) {
    const value = cells.get(question.id)?.trim() ?? "";
    if (value === "") continue;
    body[`bg.${question.id}`] = question.type === "multiple" ? value.split(/\s+/) : value;
  }
  return body;
}
