// XLSForm import, second step: the survey sheet as a tree of groups and questions. Types are read as the XLSForm spec
// writes them ("begin group" and "begin_group", "select one x" and "select_one x"); what has no place in an instrument
// (repeats with everything in them, media, locations, calculations, choice filters…) is reported as unmappable with
// its row, and left out of the tree. Metadata (start, end, deviceid…) is skipped silently, as the form's own bookkeeping.
import { SURVEY } from "./xlsform-common";
import type { Report, Sheet, SheetRow } from "./xlsform-sheets";

export type QuestionType = "select_one" | "select_multiple" | "integer" | "decimal" | "text" | "note";

export interface QuestionNode {
  kind: "question";
  row: number;
  type: QuestionType;
  /** The choice list of a select. */
  list?: string;
  name: string;
  cells: Map<string, string>;
}
export interface GroupNode {
  kind: "group";
  row: number;
  name: string;
  cells: Map<string, string>;
  children: SurveyNode[];
}
export type SurveyNode = QuestionNode | GroupNode;

const metadataTypes = new Set([
  "start",
  "end",
  "today",
  "deviceid",
  "username",
  "phonenumber",
  "simserial",
  "subscriberid",
  "audit",
  "email",
  "start-geopoint",
  "background-audio",
]);
/** XLSForm types an instrument has no place for, by what they are. */
const unmappableTypes: Record<string, string> = {
  calculate: "a calculation",
  hidden: "a hidden value",
  acknowledge: "an acknowledgement",
  trigger: "an acknowledgement",
  date: "a date",
  time: "a time",
  datetime: "a date and time",
  geopoint: "a location",
  geotrace: "a line on a map",
  geoshape: "an area on a map",
  image: "a photo",
  audio: "a recording",
  "background-audio": "a recording",
  video: "a video",
  file: "a file",
  barcode: "a barcode",
  range: "a slider",
  rank: "a ranking",
  "xml-external": "external data",
  "csv-external": "external data",
  select_one_from_file: "a choice from a file",
  select_multiple_from_file: "a choice from a file",
};
const typeAliases: Record<string, string> = {
  begin_group: "begin_group",
  "begin group": "begin_group",
  end_group: "end_group",
  "end group": "end_group",
  begin_repeat: "begin_repeat",
  "begin repeat": "begin_repeat",
  end_repeat: "end_repeat",
  "end repeat": "end_repeat",
  int: "integer",
  string: "text",
  "select one": "select_one",
  "select multiple": "select_multiple",
  "select all that apply": "select_multiple",
};

/** Survey columns read, and columns with nothing to lose when ignored (messages: the app words its own). */
const readColumns = /^(type|name|label(::.*)?|hint(::.*)?|required|relevant|appearance|constraint)$/;
const ignoredColumns = /^(constraint_message|constraint message|required_message|required message|guidance_hint)(::.*)?$/;

/** An XML name, as XLSForm requires of every question and group name. */
export const xmlNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function typeOf(raw: string): { type: string; list?: string; extra?: string } {
  const text = raw.toLowerCase().replace(/\s+/g, " ").trim();
  const select = /^(select_one|select one|select_multiple|select multiple|select all that apply)(?: (\S+))?(?: (.+))?$/.exec(raw.replace(/\s+/g, " ").trim());
  if (select) return { type: typeAliases[select[1].toLowerCase()] ?? select[1].toLowerCase(), list: select[2], extra: select[3] };
  const fromFile = /^(select_one_from_file|select_multiple_from_file) /.exec(text);
  if (fromFile) return { type: fromFile[1] };
  return { type: typeAliases[text] ?? text };
}

/** The survey's rows as a tree; problems of structure and unmappable rows reported as they are met. */
export function readSurveyTree(survey: Sheet, report: Report): SurveyNode[] {
  const { problem, unmappable } = report;
  const root: SurveyNode[] = [];
  const stack: GroupNode[] = [];
  const siblings = () => (stack.length ? stack[stack.length - 1].children : root);
  // Inside a skipped repeat (or an unknown group), the depth of groups opened since, so its end is found.
  let skipping: { row: number; depth: number } | undefined;

  const checkColumns = (row: SheetRow) => {
    for (const column of row.cells.keys()) {
      if (readColumns.test(column) || ignoredColumns.test(column) || column.startsWith("$")) continue;
      unmappable(SURVEY, row.row, column, `the column "${column}" has no place in an instrument (see docs/exchange.md for the supported subset)`);
    }
  };
  const nameOf = (row: SheetRow): string | undefined => {
    const name = row.cells.get("name") ?? "";
    if (!name) problem(SURVEY, row.row, "name", "give this row a name: every question and group needs one");
    else if (!xmlNamePattern.test(name))
      problem(SURVEY, row.row, "name", `"${name}" is not a valid XLSForm name: a letter or "_" first, then letters, digits, "_", "-" or "."`);
    else return name;
    return undefined;
  };

  for (const row of survey.rows) {
    const rawType = row.cells.get("type") ?? "";
    if (!rawType) {
      problem(SURVEY, row.row, "type", "give the type of this row");
      continue;
    }
    const { type, list, extra } = typeOf(rawType);
    if (skipping) {
      if (type === "begin_group" || type === "begin_repeat") skipping.depth += 1;
      else if (type === "end_group" || type === "end_repeat") {
        if (skipping.depth === 0) skipping = undefined;
        else skipping.depth -= 1;
      }
      continue;
    }
    if (metadataTypes.has(type)) continue;
    if (type === "begin_repeat") {
      unmappable(SURVEY, row.row, "type", "a repeat (questions asked several times) has no place in an instrument: its rows are left out");
      skipping = { row: row.row, depth: 0 };
      continue;
    }
    if (type === "end_repeat") {
      problem(SURVEY, row.row, "type", `${rawType} without a begin_repeat`);
      continue;
    }
    if (type === "begin_group") {
      checkColumns(row);
      const group: GroupNode = { kind: "group", row: row.row, name: nameOf(row) ?? "", cells: row.cells, children: [] };
      siblings().push(group);
      stack.push(group);
      continue;
    }
    if (type === "end_group") {
      if (!stack.pop()) problem(SURVEY, row.row, "type", `${rawType} without a begin_group`);
      continue;
    }
    if (unmappableTypes[type]) {
      unmappable(SURVEY, row.row, "type", `"${rawType}" (${unmappableTypes[type]}) has no place in an instrument`);
      continue;
    }
    if (type === "select_one" || type === "select_multiple") {
      if (!list) {
        problem(SURVEY, row.row, "type", `name the choice list after ${type}, as in "${type} yes_no"`);
        continue;
      }
      if (extra) {
        unmappable(
          SURVEY,
          row.row,
          "type",
          `"${rawType}": ${extra === "or_other" ? 'an "other, specify" choice' : `"${extra}"`} has no place in an instrument`,
        );
        continue;
      }
    } else if (!["integer", "decimal", "text", "note"].includes(type)) {
      problem(SURVEY, row.row, "type", `"${rawType}" is not an XLSForm question type`);
      continue;
    }
    checkColumns(row);
    const name = nameOf(row);
    if (name === undefined) continue;
    siblings().push({ kind: "question", row: row.row, type: type as QuestionType, list, name, cells: row.cells });
  }
  if (skipping) problem(SURVEY, skipping.row, "type", "this repeat has no end_repeat");
  for (const open of stack.reverse()) problem(SURVEY, open.row, "type", `the group "${open.name}" has no end_group`);
  return root;
}

/** Whether a group holds a rating item (a select named <item>_current, _target or _importance) anywhere inside. */
export function holdsRatingItem(node: SurveyNode, isRatingField: (name: string) => boolean): boolean {
  if (node.kind === "question") return isRatingField(node.name);
  return node.children.some((child) => holdsRatingItem(child, isRatingField));
}
