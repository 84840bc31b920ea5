// XLSForm import, third step: the choices sheet as lists, and the survey tree (xlsform-survey.ts) as drafts of levels →
// dimensions → items (each item a group of select_one current/target/importance and an optional text comment) and of
// background questions (every other question); then the scale and importance lists every item shares and each item's
// anchors.
import { idPattern } from "../questionnaires/schema";
import { CHOICES, descriptionName, idOfXformName, parseFieldName, SURVEY, type ItemField } from "./xlsform-common";
import type { FormLanguages, FormSheets, Problem, Report, Texts } from "./xlsform-sheets";
import { holdsRatingItem, readSurveyTree, type GroupNode, type QuestionType, type SurveyNode } from "./xlsform-survey";

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

/** A question outside the level groups: it becomes a background question (xlsform-background-import.ts). */
export interface BackgroundDraft {
  row: number;
  name: string;
  type: Exclude<QuestionType, "note">;
  list?: string;
  cells: Map<string, string>;
  label: Texts;
  hint?: Texts;
  /** The conditions of the groups around it, outermost first: a question is asked only when they hold too. */
  groupConditions: { row: number; xpath: string }[];
}

export interface SurveyDrafts {
  levels: LevelDraft[];
  background: BackgroundDraft[];
}

const isRatingField = (name: string) => {
  const field = parseFieldName(name);
  return field !== undefined && field.field !== "comment";
};

/**
 * The survey: groups that hold rating items are levels → dimensions → items (each item a triple and an optional
 * comment, as our export writes them); every other question, in or out of groups, is a background question.
 */
export function readSurvey(
  { survey }: FormSheets,
  { textsOf, requireSource }: FormLanguages,
  lists: ChoiceLists,
  report: Report,
  /** An instrument chosen to give the rating items to a form without any. */
  hasBase = false,
): SurveyDrafts {
  const { problem, unmappable, warn } = report;
  const tree = readSurveyTree(survey, report);
  const levels: LevelDraft[] = [];
  const background: BackgroundDraft[] = [];
  const groupId = (group: GroupNode) => {
    const id = idOfXformName(group.name);
    if (group.name && !idPattern.test(id))
      problem(SURVEY, group.row, "name", `"${group.name}" is not a usable id: lowercase letters and digits joined by single '-' or '.'`);
    return id;
  };
  const noGroupCondition = (group: GroupNode, kind: "level" | "dimension") => {
    if (!group.cells.has("relevant")) return;
    if (kind === "level") unmappable(SURVEY, group.row, "relevant", "a condition on a level group has no place in an instrument");
    else unmappable(SURVEY, group.row, "relevant", "a condition on a dimension group has no place in an instrument");
  };
  const outsideItem = (node: SurveyNode, where: LevelDraft | DimensionDraft, kind: "level" | "dimension") => {
    const isNote = node.kind === "question" && node.type === "note";
    if (isNote && node.name === descriptionName(where.id)) {
      where.description = requireSource(textsOf({ row: node.row, cells: node.cells }, survey), survey, node.row);
    } else if (isNote) {
      const name = descriptionName(where.id);
      if (kind === "level") problem(SURVEY, node.row, "type", `inside a level group a note is only its description, named ${name}`);
      else problem(SURVEY, node.row, "type", `inside a dimension group a note is only its description, named ${name}`);
    } else
      problem(
        SURVEY,
        node.row,
        "name",
        "inside level and dimension groups, questions belong to item groups; put other questions before the level groups (they become background questions)",
      );
  };

  const collectBackground = (node: SurveyNode, conditions: BackgroundDraft["groupConditions"]): void => {
    if (node.kind === "group") {
      const relevant = node.cells.get("relevant");
      const inner = relevant ? [...conditions, { row: node.row, xpath: relevant }] : conditions;
      for (const child of node.children) collectBackground(child, inner);
      return;
    }
    const row = { row: node.row, cells: node.cells };
    if (node.type === "note") {
      warn(SURVEY, node.row, "type", `the note "${node.name}" is not imported: the About you page shows questions only`);
      return;
    }
    if (node.list && !lists.has(node.list)) problem(SURVEY, node.row, "type", `the choice list "${node.list}" is not in the choices sheet`);
    const hint = textsOf(row, survey, "hint");
    background.push({
      row: node.row,
      name: node.name,
      type: node.type,
      list: node.list,
      cells: node.cells,
      label: requireSource(textsOf(row, survey), survey, node.row),
      ...(hint.size ? { hint: requireSource(hint, survey, node.row, "hint") } : {}),
      groupConditions: conditions,
    });
  };

  const readItem = (group: GroupNode, dimension: DimensionDraft) => {
    const id = groupId(group);
    const item: ItemDraft = {
      id,
      row: group.row,
      question: requireSource(textsOf({ row: group.row, cells: group.cells }, survey), survey, group.row),
      relevantXpath: group.cells.get("relevant"),
      lists: {},
    };
    dimension.items.push(item);
    for (const node of group.children) {
      if (node.kind === "group") {
        problem(SURVEY, node.row, "type", "groups nest at most three deep: level, dimension, item");
        continue;
      }
      const field = parseFieldName(node.name);
      const isSelect = node.type === "select_one";
      if (!field || field.itemId !== item.id || (field.field === "comment" ? node.type !== "text" : !isSelect)) {
        problem(
          SURVEY,
          node.row,
          node.type === "select_one" || node.type === "text" ? "name" : "type",
          `inside the item group "${item.id}" the questions are select_one ${item.id}_current, ${item.id}_target, ${item.id}_importance and text ${item.id}_comment`,
        );
        continue;
      }
      if (item.lists[field.field]) {
        problem(SURVEY, node.row, "name", `${node.name} is given twice in the item group "${item.id}"`);
        continue;
      }
      item.lists[field.field] = { list: node.list ?? "", row: node.row };
      if (field.field === "current") {
        const hint = textsOf({ row: node.row, cells: node.cells }, survey, "hint");
        if (hint.size) item.guidance = requireSource(hint, survey, node.row, "hint");
      }
      if (node.list && !lists.has(node.list)) problem(SURVEY, node.row, "type", `the choice list "${node.list}" is not in the choices sheet`);
    }
    for (const field of ["current", "target", "importance"] as const) {
      if (!item.lists[field]) problem(SURVEY, item.row, "name", `the item group "${item.id}" has no select_one question named ${item.id}_${field}`);
    }
  };

  for (const node of tree) {
    if (node.kind === "question" || !holdsRatingItem(node, isRatingField)) {
      collectBackground(node, []);
      continue;
    }
    noGroupCondition(node, "level");
    const level: LevelDraft = {
      id: groupId(node),
      row: node.row,
      title: requireSource(textsOf({ row: node.row, cells: node.cells }, survey), survey, node.row),
      dimensions: [],
    };
    levels.push(level);
    for (const child of node.children) {
      if (child.kind === "question") {
        outsideItem(child, level, "level");
        continue;
      }
      noGroupCondition(child, "dimension");
      const dimension: DimensionDraft = {
        id: groupId(child),
        row: child.row,
        title: requireSource(textsOf({ row: child.row, cells: child.cells }, survey), survey, child.row),
        items: [],
      };
      level.dimensions.push(dimension);
      for (const grandchild of child.children) {
        if (grandchild.kind === "question") outsideItem(grandchild, dimension, "dimension");
        else readItem(grandchild, dimension);
      }
    }
  }
  if (levels.length === 0 && !(hasBase && background.length))
    problem(
      SURVEY,
      0,
      "",
      background.length
        ? `the form has ${background.length} question${background.length === 1 ? "" : "s"} but no rating item, and an instrument needs at least one: a level group → dimension group → item group of select_one <item>_current, <item>_target and <item>_importance, as the XLSForms downloaded from this page are laid out. Add these questions to such a form, or choose an instrument whose rating items the form takes (they become its background questions)`
        : "the survey has no rating item: an instrument needs at least one level group → dimension group → item group of select_one <item>_current, <item>_target and <item>_importance",
    );
  return { levels, background };
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
