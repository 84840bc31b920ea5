// XLSForm import, second step: the choices sheet as lists, and the survey sheet as drafts of levels → dimensions →
// items (each item a group of select_one current/target/importance and an optional text comment); then the scale and
// importance lists every item shares and each item's anchors.
import { idPattern } from "../questionnaires/schema";
import { CHOICES, descriptionName, idOfXformName, parseFieldName, SURVEY, type ItemField } from "./xlsform-common";
import type { FormLanguages, FormSheets, Problem, Texts } from "./xlsform-sheets";

export interface ItemDraft {
  id: string;
  row: number;
  question: Texts;
  guidance?: Texts;
  relevantXpath?: string;
  lists: Partial<Record<ItemField, { list: string; row: number }>>;
}
export interface DimensionDraft {
  id: string;
  row: number;
  title: Texts;
  description?: Texts;
  items: ItemDraft[];
}
export interface LevelDraft {
  id: string;
  row: number;
  title: Texts;
  description?: Texts;
  dimensions: DimensionDraft[];
}

/** Choice list name → choice name → its row and texts. */
export type ChoiceLists = Map<string, Map<string, { row: number; texts: Texts }>>;

export interface SharedLists {
  items: ItemDraft[];
  scaleList: Map<string, { row: number; texts: Texts }> | undefined;
  importanceList: Map<string, { row: number; texts: Texts }> | undefined;
  /** Item id → scale value → anchor texts. */
  anchors: Map<string, Map<string, Texts>>;
}

export const scaleValues = ["0", "1", "2", "3", "4", "5"];
export const importanceValues = ["1", "2", "3"];
const metadataTypes = new Set(["start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit"]);

export function readChoices({ choices }: FormSheets, { textsOf, requireSource }: FormLanguages, problem: Problem): ChoiceLists {
  const lists: ChoiceLists = new Map();
  for (const row of choices.rows) {
    const list = row.cells.get("list_name") ?? row.cells.get("list name");
    const name = row.cells.get("name");
    if (!list || !name) {
      problem(CHOICES, row.row, list ? "name" : "list_name", "every choice needs a list_name and a name");
      continue;
    }
    const entries = lists.get(list) ?? new Map();
    if (entries.has(name)) problem(CHOICES, row.row, "name", `"${name}" is already in the list "${list}" (row ${entries.get(name)!.row})`);
    entries.set(name, { row: row.row, texts: requireSource(textsOf(row, choices), choices, row.row) });
    lists.set(list, entries);
  }
  return lists;
}

/** The survey: level → dimension → item groups, each item a triple (and an optional comment). */
export function readSurvey({ survey }: FormSheets, { textsOf, requireSource }: FormLanguages, lists: ChoiceLists, problem: Problem): LevelDraft[] {
  const levels: LevelDraft[] = [];
  const stack: (LevelDraft | DimensionDraft | ItemDraft)[] = [];
  const kinds = ["level", "dimension", "item"] as const;
  const closeItem = (item: ItemDraft) => {
    for (const field of ["current", "target", "importance"] as const) {
      if (!item.lists[field]) problem(SURVEY, item.row, "name", `the item group "${item.id}" has no select_one question named ${item.id}_${field}`);
    }
  };
  for (const row of survey.rows) {
    const rawType = (row.cells.get("type") ?? "").toLowerCase().replace(/\s+/g, " ").trim();
    const type = rawType.replace(/^(begin|end) (group|repeat)$/, "$1_$2");
    const name = row.cells.get("name") ?? "";
    if (!type) {
      problem(SURVEY, row.row, "type", "give the type of this row");
      continue;
    }
    if (metadataTypes.has(type)) continue;
    if (type === "begin_group") {
      const depth = stack.length;
      if (depth >= 3) {
        problem(SURVEY, row.row, "type", "groups nest at most three deep: level, dimension, item");
        stack.push({ id: name, row: row.row, question: new Map(), lists: {} });
        continue;
      }
      const id = idOfXformName(name);
      if (!idPattern.test(id)) problem(SURVEY, row.row, "name", `"${name}" is not a usable id: lowercase letters and digits joined by single '-' or '.'`);
      const label = requireSource(textsOf(row, survey), survey, row.row);
      if (depth === 0) {
        const level: LevelDraft = { id, row: row.row, title: label, dimensions: [] };
        levels.push(level);
        stack.push(level);
      } else if (depth === 1) {
        const dimension: DimensionDraft = { id, row: row.row, title: label, items: [] };
        (stack[0] as LevelDraft).dimensions.push(dimension);
        stack.push(dimension);
      } else {
        const item: ItemDraft = { id, row: row.row, question: label, relevantXpath: row.cells.get("relevant"), lists: {} };
        (stack[1] as DimensionDraft).items.push(item);
        stack.push(item);
      }
      continue;
    }
    if (type === "end_group") {
      const closed = stack.pop();
      if (!closed) problem(SURVEY, row.row, "type", "end_group without a begin_group");
      else if (stack.length === 2) closeItem(closed as ItemDraft);
      continue;
    }
    const top = stack[stack.length - 1];
    const topKind = stack.length ? kinds[Math.min(stack.length, 3) - 1] : undefined;
    if (type === "note") {
      if ((topKind === "level" || topKind === "dimension") && name === descriptionName(top.id)) {
        (top as LevelDraft | DimensionDraft).description = requireSource(textsOf(row, survey), survey, row.row);
      } else
        problem(
          SURVEY,
          row.row,
          "type",
          `a note is supported only as the description of a level or dimension, named <group name>_description${top ? ` (here ${descriptionName(top.id)})` : ""}`,
        );
      continue;
    }
    const select = /^select_one ([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(type);
    if (!select && type !== "text") {
      problem(
        SURVEY,
        row.row,
        "type",
        `the type "${rawType}" is not supported: an item is a group of select_one questions (current, target, importance) and an optional text comment`,
      );
      continue;
    }
    const field = parseFieldName(name);
    if (topKind !== "item") {
      problem(SURVEY, row.row, "name", "questions must be inside an item group (level group → dimension group → item group)");
      continue;
    }
    const item = top as ItemDraft;
    if (!field || field.itemId !== item.id || (type === "text") !== (field.field === "comment")) {
      problem(
        SURVEY,
        row.row,
        "name",
        `inside the item group "${item.id}" the questions are select_one ${item.id}_current, ${item.id}_target, ${item.id}_importance and text ${item.id}_comment`,
      );
      continue;
    }
    if (item.lists[field.field]) {
      problem(SURVEY, row.row, "name", `${name} is given twice in the item group "${item.id}"`);
      continue;
    }
    item.lists[field.field] = { list: select?.[1] ?? "", row: row.row };
    if (field.field === "current") {
      const hint = textsOf(row, survey, "hint");
      if (hint.size) item.guidance = requireSource(hint, survey, row.row, "hint");
    }
    if (select && !lists.has(select[1])) problem(SURVEY, row.row, "type", `the choice list "${select[1]}" is not in the choices sheet`);
  }
  for (const open of stack.reverse()) problem(SURVEY, open.row, "type", `the group "${open.id}" has no end_group`);
  if (levels.length === 0) problem(SURVEY, 0, "", "the survey has no level group");
  return levels;
}

/** The scale and importance lists, shared by every item, and each item's anchors (its current question's list). */
export function readSharedLists(levels: LevelDraft[], lists: ChoiceLists, problem: Problem): SharedLists {
  const items = levels.flatMap((l) => l.dimensions.flatMap((d) => d.items));
  const sharedList = (field: "target" | "importance", values: string[]) => {
    const first = items.find((i) => i.lists[field])?.lists[field];
    if (!first) return undefined;
    for (const item of items) {
      const used = item.lists[field];
      if (used && used.list !== first.list) problem(SURVEY, used.row, "type", `every ${field} question must use the same choice list ("${first.list}")`);
    }
    const entries = lists.get(first.list);
    if (!entries) return undefined;
    const names = [...entries.keys()];
    if (names.join(",") !== values.join(","))
      problem(
        CHOICES,
        [...entries.values()][0].row,
        "name",
        `the list "${first.list}" must have exactly the choices ${values.join(", ")}, in order (it has ${names.join(", ")})`,
      );
    return entries;
  };
  const scaleList = sharedList("target", scaleValues);
  const importanceList = sharedList("importance", importanceValues);
  const anchors = new Map<string, Map<string, Texts>>();
  for (const item of items) {
    const used = item.lists.current;
    const entries = used && lists.get(used.list);
    if (!used || !entries) continue;
    const names = [...entries.keys()];
    const levelNames = names.filter((n) => n !== "dk" && n !== "na");
    if (levelNames.join(",") !== scaleValues.join(","))
      problem(
        CHOICES,
        [...entries.values()][0].row,
        "name",
        `the list "${used.list}" of ${item.id}_current must have the choices 0 to 5 in order (and optionally dk, na); it has ${names.join(", ")}`,
      );
    anchors.set(item.id, new Map(levelNames.map((n) => [n, entries.get(n)!.texts])));
    // dk and na are offered by the app for every item: their labels are interface words, not instrument texts.
  }
  return { items, scaleList, importanceList, anchors };
}
