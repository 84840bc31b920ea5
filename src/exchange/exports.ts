// The export tables of an assessment, built from plain data (no database, no express): answers in long form (one row
// per respondent and item) and wide form (one row per respondent), the codebook (item dictionary and value codes)
// and the results tables of the report model. Respondent identity appears only when the caller asks for it.
import { instrumentText } from "../questionnaires/i18n";
import { indexInstrument } from "../questionnaires/lookup";
import type { Instrument } from "../questionnaires/schema";
import { hiddenItemIds } from "../responses/questionnaire";
import type { ReportModel } from "../reports/model";
import type { ExportAnswer, ExportRespondent } from "./repository";
import type { Cell, DataTable } from "./tables";

export interface AnswerExportInput {
  instrument: Instrument;
  /** The levels the assessment covers, in instrument order. */
  levels: readonly string[];
  respondents: readonly ExportRespondent[];
  answers: readonly ExportAnswer[];
  includeIdentity: boolean;
}

export const answerShapes = ["long", "wide"] as const;
export type AnswerShape = (typeof answerShapes)[number];

/** How a current level is written in exports and templates: 0-5, or "dk" (don't know) / "na" (not applicable). */
export function currentCode(answer: Pick<ExportAnswer, "kind" | "current">): Cell {
  if (answer.kind === "dontknow") return "dk";
  if (answer.kind === "na") return "na";
  return answer.current;
}

function respondentColumns(includeIdentity: boolean): string[] {
  return [
    "respondent_id",
    "organisation_id",
    "organisation",
    "organisation_type",
    "levels",
    "language",
    "status",
    "started_at",
    "submitted_at",
    ...(includeIdentity ? ["name", "email"] : []),
  ];
}

function respondentCells(r: ExportRespondent, includeIdentity: boolean): Cell[] {
  return [
    r.respondentId,
    r.organisationId,
    r.organisationName,
    r.organisationType,
    r.levels.join(","),
    r.language,
    r.status,
    r.startedAt,
    r.submittedAt,
    ...(includeIdentity ? [r.name, r.email] : []),
  ];
}

/**
 * Per response, the items its answers hide (their condition is false): exported with the status "hidden" and counted
 * as not applicable in every result, as the scoring engine does. Their stored answer is kept, and shown.
 */
export function hiddenByResponse(instrument: Instrument, answers: readonly ExportAnswer[]): Map<number, ReadonlySet<string>> {
  const byResponse = new Map<number, Map<string, ExportAnswer>>();
  for (const a of answers) {
    let map = byResponse.get(a.responseId);
    if (!map) byResponse.set(a.responseId, (map = new Map()));
    map.set(a.itemId, a);
  }
  return new Map([...byResponse].map(([responseId, map]) => [responseId, hiddenItemIds(instrument, map)]));
}

/** The answer column: the stored kind, or "hidden" for an item the respondent's other answers hide. */
export function answerStatus(answer: Pick<ExportAnswer, "kind">, isHidden: boolean): string {
  return isHidden ? "hidden" : answer.kind;
}

export function answersLongTable(input: AnswerExportInput): DataTable {
  const index = indexInstrument(input.instrument);
  const hidden = hiddenByResponse(input.instrument, input.answers);
  const byResponse = new Map(input.respondents.map((r) => [r.responseId, r]));
  const position = (itemId: string) => index.itemById.get(itemId)?.position ?? Number.MAX_SAFE_INTEGER;
  const rows = input.answers
    .filter((a) => byResponse.has(a.responseId))
    .sort((a, b) => byResponse.get(a.responseId)!.respondentId - byResponse.get(b.responseId)!.respondentId || position(a.itemId) - position(b.itemId))
    .map((a): Cell[] => {
      const found = index.itemById.get(a.itemId);
      return [
        ...respondentCells(byResponse.get(a.responseId)!, input.includeIdentity),
        a.itemId,
        found?.level.id ?? null,
        found?.dimension.id ?? null,
        answerStatus(a, hidden.get(a.responseId)?.has(a.itemId) ?? false),
        currentCode(a),
        a.target,
        a.importance,
        a.comment,
        a.updatedAt,
      ];
    });
  return {
    name: "answers",
    columns: [...respondentColumns(input.includeIdentity), "item_id", "level_id", "dimension_id", "answer", "current", "target", "importance", "comment", "updated_at"],
    rows,
  };
}

/** Items of the levels the assessment covers, in questionnaire order. */
export function itemsInScope(instrument: Instrument, levels: readonly string[]) {
  return indexInstrument(instrument).items.filter((i) => levels.includes(i.level.id));
}

export const wideFields = ["current", "target", "importance", "comment"] as const;

export function answersWideTable(input: AnswerExportInput): DataTable {
  const items = itemsInScope(input.instrument, input.levels);
  const hidden = hiddenByResponse(input.instrument, input.answers);
  const answersByResponse = new Map<number, Map<string, ExportAnswer>>();
  for (const a of input.answers) {
    let map = answersByResponse.get(a.responseId);
    if (!map) answersByResponse.set(a.responseId, (map = new Map()));
    map.set(a.itemId, a);
  }
  const rows = [...input.respondents]
    .sort((a, b) => a.respondentId - b.respondentId)
    .map((r): Cell[] => {
      const answers = answersByResponse.get(r.responseId) ?? new Map<string, ExportAnswer>();
      const hiddenHere = hidden.get(r.responseId);
      return [
        ...respondentCells(r, input.includeIdentity),
        ...items.flatMap(({ item }) => {
          const a = answers.get(item.id);
          // One row per respondent has no status column: a hidden item's current cell says "hidden" (not scored).
          if (a && hiddenHere?.has(item.id)) return ["hidden", null, null, a.comment];
          return a ? [currentCode(a), a.target, a.importance, a.comment] : [null, null, null, null];
        }),
      ];
    });
  return {
    name: "answers",
    columns: [...respondentColumns(input.includeIdentity), ...items.flatMap(({ item }) => wideFields.map((f) => `${item.id}.${f}`))],
    rows,
  };
}

/** The item dictionary and the meaning of every code, in one language. */
export function codebookTables(instrument: Instrument, levels: readonly string[], language: string): DataTable[] {
  const text = (key: string) => instrumentText(instrument, key, language);
  const items: Cell[][] = itemsInScope(instrument, levels).map(({ item, dimension, level }) => [
    item.id,
    level.id,
    text(`level.${level.id}.title`),
    dimension.id,
    text(`dimension.${dimension.id}.title`),
    text(`item.${item.id}.question`),
    item.guidance ? text(`item.${item.id}.guidance`) : null,
    item.relevance ?? null,
    item.weight,
    ...instrument.scale.map((s) => text(`item.${item.id}.anchor.${s.value}`)),
  ]);
  const codes: Cell[][] = [
    ...instrument.scale.map((s): Cell[] => ["current, target", s.value, text(`scale.${s.value}.label`), text(`scale.${s.value}.description`)]),
    ["current", "dk", "don't know", null],
    ["current", "na", "not applicable", null],
    ["current", "hidden", "wide answers: the item's relevance condition is false given the respondent's other answers; not asked, counted as not applicable (the stored answer is in the long answers)", null],
    ...instrument.importance.map((s): Cell[] => ["importance", s.value, text(`importance.${s.value}.label`), null]),
    ["answer", "answered", "a current level was given", null],
    ["answer", "dontknow", "marked don't know", null],
    ["answer", "na", "marked not applicable", null],
    ["answer", "hidden", "the item's relevance condition is false given the respondent's other answers: not asked, counted as not applicable in every result; the stored answer is kept (it counts again if the condition becomes true)", null],
    ["status", "started", "the respondent has answered some items, not submitted", null],
    ["status", "submitted", "the respondent submitted (only submitted answers enter the results)", null],
  ];
  return [
    {
      name: "codebook",
      columns: ["item_id", "level_id", "level", "dimension_id", "dimension", "question", "guidance", "relevance", "weight", ...instrument.scale.map((s) => `anchor_${s.value}`)],
      rows: items,
    },
    { name: "codes", columns: ["field", "code", "label", "description"], rows: codes },
  ];
}

const resultTableNames = ["levels", "dimensions", "items", "response_rates"] as const;
export type ResultTableName = (typeof resultTableNames)[number];
export { resultTableNames };

/** The results of the report model as tables; suppressed cells stay empty, as in the report. */
export function resultsTables(model: ReportModel): DataTable[] {
  const dimensions = model.levels.flatMap((l) => l.dimensions);
  return [
    {
      name: "levels",
      columns: ["level_id", "level", "status", "respondents", "current", "target", "gap", "index", "target_index"],
      rows: model.levels.map((l) => [l.id, l.title, l.status, l.respondents, l.current, l.target, l.gap, l.index, l.targetIndex]),
    },
    {
      name: "dimensions",
      columns: ["dimension_id", "level_id", "dimension", "status", "respondents", "current", "target", "gap", "priority", "index", "sd_current", "ci_lower", "ci_upper", "alpha", "severity", "rank", "items", "items_with_answers", "low_consensus", "low_reliability"],
      rows: dimensions.map((d) => [
        d.id, d.levelId, d.title, d.status, d.respondents, d.current, d.target, d.gap, d.priority, d.index, d.sdCurrent, d.ci?.lower ?? null, d.ci?.upper ?? null, d.alpha, d.severity, d.rank, d.items, d.itemsWithAnswers,
        d.flags.lowConsensus ? 1 : 0, d.flags.lowReliability ? 1 : 0,
      ]),
    },
    {
      name: "items",
      columns: ["item_id", "dimension_id", "level_id", "question", "status", "n", "current", "target", "gap", "importance", "priority", "sd_current", "not_applicable", "dont_know", "rank", ...model.scale.map((s) => `count_${s.value}`)],
      rows: model.items.map((i) => [
        i.id, i.dimensionId, i.levelId, i.question, i.status, i.n, i.current, i.target, i.gap, i.importance, i.priority, i.sdCurrent, i.notApplicable, i.dontKnow, i.rank,
        ...model.scale.map((_, index) => i.counts?.[index] ?? null),
      ]),
    },
    {
      name: "response_rates",
      columns: ["organisation_id", "organisation", "invited", "started", "submitted", "rate", "low_response"],
      rows: model.responseRates.organisations.map((o) => [o.organisationId, o.name, o.invited, o.started, o.submitted, o.rate, o.lowResponse ? 1 : 0]),
    },
  ];
}
