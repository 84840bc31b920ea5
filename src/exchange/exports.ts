// The export tables of an assessment, built from plain data (no database, no express): answers in long form (one row
// per respondent and item) and wide form (one row per respondent), the codebook (item dictionary and value codes)
// and the results tables of the report model. Respondent identity appears only when the caller asks for it.
import { instrumentText } from "../questionnaires/i18n";
import { indexInstrument } from "../questionnaires/lookup";
import type { Instrument } from "../questionnaires/schema";
import { hiddenItemIds } from "../responses/questionnaire";
import { backgroundQuestionsFor } from "../questionnaires/background";
import { relevantQuestions } from "../responses/background";
import type { ReportModel, Withheld } from "../reports/model";
import { answerKindCodes, currentCode } from "../responses/store";
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

/**
 * What became of one stored answer, as the long answers export says it (column `answer`). The codebook documents every
 * status from this list, so a status added here is documented there too.
 */
export const answerStatuses = [
  { code: "answered", description: "current, target and importance were given: the answer is scored" },
  { code: "incomplete", description: "a current level was given without a target or an importance: not scored (counted apart, like not applicable)" },
  { code: "dontknow", description: "marked don't know: left out of every mean, counted apart (a knowledge gap above 30% of those who saw the item)" },
  { code: "na", description: "marked not applicable: left out of every mean, counted apart" },
  {
    code: "hidden",
    description:
      "the item's relevance condition is false given the respondent's other answers: not asked, counted as not applicable in every result; the stored answer is kept (it counts again if the condition becomes true)",
  },
] as const;
export type AnswerStatus = (typeof answerStatuses)[number]["code"];

/**
 * The status of a stored answer: "hidden" for an item the respondent's other answers hide; an answered row without a
 * target or an importance is incomplete, and is not scored.
 */
export function answerStatus(answer: Pick<ExportAnswer, "kind" | "current" | "target" | "importance">, isHidden = false): AnswerStatus {
  if (isHidden) return "hidden";
  if (answer.kind === "dontknow" || answer.kind === "na") return answer.kind;
  return answer.current === null || answer.target === null || answer.importance === null ? "incomplete" : "answered";
}

/** Statuses of figures in the results tables (column `status`), and the rule named when one is withheld (`withheld`). */
const resultStatuses = [
  ["status", "scored", "the figure is shown"],
  ["status", "suppressed", "withheld for confidentiality: the column withheld names the rule, withheld_threshold its threshold"],
  ["status", "insufficient-data", "too little data: fewer than half of the dimension's questions have a valid answer, or no dimension of the level is scored"],
  ["status", "not-in-scope", "in an organisation's results: a level the organisation was not invited to answer"],
  ["withheld", "group-size", "fewer than k respondents contributed (k = 3 unless the assessment sets more); for a question, fewer than k gave a valid answer"],
  [
    "withheld",
    "individual-floor",
    "an individual-level result with fewer than 5 contributing respondents (or valid answers), the floor for individual-level results",
  ],
  ["withheld", "complementary", "shown alone, it would let a smaller hidden group be worked out from the total (complementary suppression)"],
] as const;

/** How a current level is written in exports and templates: 0-5, or "dk" (don't know) / "na" (not applicable). */
export { currentCode };

/** The background questions' columns (`background.<question id>`), after the respondent's own columns. */
function backgroundColumns(instrument: Instrument): string[] {
  return (instrument.background ?? []).map((q) => `background.${q.id}`);
}

/**
 * A respondent's background answers as stored: an option id, option ids joined by spaces, a number, a text, or
 * prefer-not-to-say; a question hidden by its condition is left empty, as it was not asked.
 */
function backgroundCells(instrument: Instrument, r: ExportRespondent): Cell[] {
  const questions = instrument.background ?? [];
  if (questions.length === 0) return [];
  const values = r.background ?? new Map<string, string>();
  const asked = new Set(relevantQuestions(backgroundQuestionsFor(instrument, r.levels), values).map((q) => q.id));
  return questions.map((q) => (asked.has(q.id) ? (values.get(q.id) ?? null) : null));
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
        ...backgroundCells(input.instrument, byResponse.get(a.responseId)!),
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
    columns: [
      ...respondentColumns(input.includeIdentity),
      ...backgroundColumns(input.instrument),
      "item_id",
      "level_id",
      "dimension_id",
      "answer",
      "current",
      "target",
      "importance",
      "comment",
      "updated_at",
    ],
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
        ...backgroundCells(input.instrument, r),
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
    columns: [
      ...respondentColumns(input.includeIdentity),
      ...backgroundColumns(input.instrument),
      ...items.flatMap(({ item }) => wideFields.map((f) => `${item.id}.${f}`)),
    ],
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
    ["current", answerKindCodes.dontknow.mark, "don't know", null],
    ["current", answerKindCodes.na.mark, "not applicable", null],
    [
      "current",
      "hidden",
      "wide answers: the item's relevance condition is false given the respondent's other answers; not asked, counted as not applicable (the stored answer is in the long answers)",
      null,
    ],
    ...instrument.importance.map((s): Cell[] => ["importance", s.value, text(`importance.${s.value}.label`), null]),
    ...answerStatuses.map(({ code, description }): Cell[] => ["answer", code, description, null]),
    ["status", "started", "the respondent has answered some items, not submitted", null],
    ["status", "submitted", "the respondent submitted (only submitted answers enter the results)", null],
    ...resultStatuses.map(([field, code, description]): Cell[] => [`results: ${field}`, code, description, null]),
    // The background columns: the question as the description, each option id with its label (yes/no and "prefer
    // not to say" as written); several options of a multiple choice are joined by spaces, numbers and texts as given.
    ...(instrument.background ?? []).flatMap((q): Cell[][] => [
      ...(q.type === "yesno" ? ["yes", "no"].map((o): Cell[] => [`background.${q.id}`, o, o, text(`background.${q.id}.question`)]) : []),
      ...(q.options ?? []).map((o): Cell[] => [`background.${q.id}`, o.id, text(`background.${q.id}.option.${o.id}`), text(`background.${q.id}.question`)]),
      ...(q.preferNotToSay ? [[`background.${q.id}`, "prefer-not-to-say", "prefer not to say", text(`background.${q.id}.question`)]] : []),
    ]),
  ];
  return [
    {
      name: "codebook",
      columns: [
        "item_id",
        "level_id",
        "level",
        "dimension_id",
        "dimension",
        "question",
        "guidance",
        "relevance",
        "weight",
        ...instrument.scale.map((s) => `anchor_${s.value}`),
      ],
      rows: items,
    },
    { name: "codes", columns: ["field", "code", "label", "description"], rows: codes },
  ];
}

const resultTableNames = ["overall", "levels", "dimensions", "items", "response_rates"] as const;
export type ResultTableName = (typeof resultTableNames)[number];
export { resultTableNames };

/** The results of the report model as tables; suppressed cells stay empty, as in the report. */
export function resultsTables(model: ReportModel): DataTable[] {
  const dimensions = model.levels.flatMap((l) => l.dimensions);
  const withheld = (cell: { withheld: Withheld }): Cell[] => [cell.withheld?.rule ?? null, cell.withheld?.threshold ?? null];
  // Both sets, self-assessed and validated (empty where nothing is validated), as the report shows them side by side.
  const validation = model.validation;
  const validatedOf = new Map((validation?.dimensions ?? []).map((d) => [d.id, d]));
  return [
    {
      name: "overall",
      columns: [
        "organisation_id",
        "organisation",
        "status",
        "withheld",
        "withheld_threshold",
        "index",
        "respondents",
        "validated_index",
        "validation_coverage",
      ],
      rows: [
        [
          model.meta.organisation?.id ?? null,
          model.meta.organisation?.name ?? null,
          model.overall.status,
          ...withheld(model.overall),
          model.overall.index,
          model.meta.respondents,
          validation?.validatedIndex ?? null,
          validation?.coverage ?? null,
        ],
      ],
    },
    {
      name: "levels",
      columns: ["level_id", "level", "status", "withheld", "withheld_threshold", "respondents", "current", "target", "gap", "index", "target_index"],
      rows: model.levels.map((l) => [l.id, l.title, l.status, ...withheld(l), l.respondents, l.current, l.target, l.gap, l.index, l.targetIndex]),
    },
    {
      name: "dimensions",
      columns: [
        "dimension_id",
        "level_id",
        "dimension",
        "status",
        "withheld",
        "withheld_threshold",
        "respondents",
        "current",
        "target",
        "gap",
        "priority",
        "index",
        "sd_current",
        "ci_lower",
        "ci_upper",
        "alpha",
        "severity",
        "rank",
        "items",
        "items_with_answers",
        "low_consensus",
        "low_reliability",
        "insufficient_data",
        "validated_current",
        "validated_severity",
        "validation_coverage",
        "disagreements",
      ],
      rows: dimensions.map((d) => [
        d.id,
        d.levelId,
        d.title,
        d.status,
        ...withheld(d),
        d.respondents,
        d.current,
        d.target,
        d.gap,
        d.priority,
        d.index,
        d.sdCurrent,
        d.ci?.lower ?? null,
        d.ci?.upper ?? null,
        d.alpha,
        d.severity,
        d.rank,
        d.items,
        d.itemsWithAnswers,
        d.flags.lowConsensus ? 1 : 0,
        d.flags.lowReliability ? 1 : 0,
        d.flags.insufficientData ? 1 : 0,
        validatedOf.get(d.id)?.validated ?? null,
        validatedOf.get(d.id)?.validatedSeverity ?? null,
        validatedOf.get(d.id)?.coverage ?? null,
        validatedOf.get(d.id)?.disagreements ?? null,
      ]),
    },
    {
      // The item flags travel with the figures, as in the report: knowledge gap, low consensus, and how many saw the item.
      name: "items",
      columns: [
        "item_id",
        "dimension_id",
        "level_id",
        "question",
        "status",
        "withheld",
        "withheld_threshold",
        "n",
        "seen",
        "current",
        "target",
        "gap",
        "importance",
        "priority",
        "sd_current",
        "not_applicable",
        "dont_know",
        "rank",
        "knowledge_gap",
        "low_consensus",
        ...model.scale.map((s) => `count_${s.value}`),
      ],
      rows: model.items.map((i) => [
        i.id,
        i.dimensionId,
        i.levelId,
        i.question,
        i.status,
        ...withheld(i),
        i.n,
        i.seen,
        i.current,
        i.target,
        i.gap,
        i.importance,
        i.priority,
        i.sdCurrent,
        i.notApplicable,
        i.dontKnow,
        i.rank,
        i.status === "scored" ? (i.flags.knowledgeGap ? 1 : 0) : null,
        i.status === "scored" ? (i.flags.lowConsensus ? 1 : 0) : null,
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

/**
 * Results by background category (the report's `?by=` grids, one per question), in long form: one row per question,
 * category and dimension; hidden cells empty with the rule that hid them, as in the report.
 */
export function categoryResultsTable(breakdowns: readonly NonNullable<ReportModel["breakdown"]>[]): DataTable {
  return {
    name: "by_category",
    columns: [
      "question_id",
      "question",
      "category",
      "category_label",
      "dimension_id",
      "level_id",
      "dimension",
      "status",
      "withheld",
      "withheld_threshold",
      "current",
      "gap",
      "severity",
    ],
    rows: breakdowns.flatMap((b) =>
      b.rows.flatMap((row) =>
        row.cells.map((cell, index): Cell[] => {
          const dimension = b.dimensions[index];
          const hidden = row.status === "suppressed" ? row : cell;
          return [
            b.questionId,
            b.question,
            row.category,
            row.label,
            dimension.id,
            dimension.levelId,
            dimension.title,
            hidden.status,
            hidden.withheld?.rule ?? null,
            hidden.withheld?.threshold ?? null,
            cell.current,
            cell.gap,
            cell.severity,
          ];
        }),
      ),
    ),
  };
}
