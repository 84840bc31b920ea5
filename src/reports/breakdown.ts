// The report's results by background category (`?by=<question>`): the submitted responses' background answers read
// (a question hidden by its condition, or not asked of the respondent's levels, counts as "no answer"), the
// categories scored by the engine (scoring/disaggregation.ts, where suppression is decided), and the grid worded in
// the report's language. Shaped like the organisation heatmap: categories down the side, dimensions across.
import type { AssessmentSummary } from "../assessments/repository";
import { InvalidInputError } from "../errors";
import { Translator } from "../i18n/translate";
import { backgroundQuestionsFor, isCategorical, optionIdsOf, preferNotToSay, type BackgroundQuestion } from "../questionnaires/background";
import { backgroundKey, backgroundOptionKey, instrumentText } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import { relevantQuestions } from "../responses/background";
import { disaggregate, resolveScoringOptions } from "../scoring";
import { loadSubmittedAnswers, scoringModelOf } from "../responses/submitted-answers";
import type { ReportDeps } from "./build";
import type { ReportModel } from "./model";
import { withheldOfCell } from "./withheld";

/** The category of respondents who did not answer the question (or were not asked it). */
export const noAnswer = "no-answer";

/** The background questions a report can be broken down by: single choice and yes/no (categories that do not overlap). */
export function breakdownQuestions(instrument: Instrument): BackgroundQuestion[] {
  return (instrument.background ?? []).filter((q) => isCategorical(q) && q.type !== "multiple");
}

/** The categories of a question, in the order shown: its options, "prefer not to say" when offered, then no answer. */
export function categoriesOf(question: BackgroundQuestion): string[] {
  return [...optionIdsOf(question), ...(question.preferNotToSay ? [preferNotToSay] : []), noAnswer];
}

/** A category's name in a language: the option's label, or the interface's words for yes, no, prefer not to say and no answer. */
export function categoryLabel(instrument: Instrument, question: BackgroundQuestion, category: string, language: string, translator: Translator): string {
  if (category === preferNotToSay) return translator.t(language, "respond.background.preferNotToSay");
  if (category === noAnswer) return translator.t(language, "report.breakdown.noAnswer");
  if (question.type === "yesno") return translator.t(language, category === "yes" ? "respond.background.yes" : "respond.background.no");
  return instrumentText(instrument, backgroundOptionKey(question.id, category), language);
}

// The interface's words for yes, no, prefer not to say and no answer: catalogues read once, when first needed.
let catalogues: Translator | undefined;

/** Each submitted respondent's category for `question`, by response id. */
function categoriesByResponse(
  deps: Pick<ReportDeps, "database">,
  instrument: Instrument,
  assessment: AssessmentSummary,
  question: BackgroundQuestion,
  respondents: readonly { id: number; levels: readonly string[] }[],
): Map<number, string> {
  const values = new Map<number, Map<string, string>>();
  const rows = deps.database.sqlite
    .prepare(
      "select b.response_id, b.question_id, b.value from background_answers b join responses r on r.id = b.response_id where r.assessment_id = ? and r.status = 'submitted'",
    )
    .raw()
    .iterate(assessment.id) as IterableIterator<[number, string, string]>;
  for (const [responseId, questionId, value] of rows) {
    let own = values.get(responseId);
    if (!own) values.set(responseId, (own = new Map()));
    own.set(questionId, value);
  }
  const categories = new Set(categoriesOf(question));
  const out = new Map<number, string>();
  for (const respondent of respondents) {
    const own = values.get(respondent.id) ?? new Map<string, string>();
    const asked = relevantQuestions(backgroundQuestionsFor(instrument, respondent.levels), own);
    const value = asked.some((q) => q.id === question.id) ? own.get(question.id) : undefined;
    out.set(respondent.id, value !== undefined && categories.has(value) ? value : noAnswer);
  }
  return out;
}

/**
 * The report's breakdown by `questionId` (of the whole assessment, or of one organisation), in `language`. An
 * unknown question, or one whose answers are not categories, is refused naming the questions that can be used.
 */
export function breakdownOf(
  deps: ReportDeps,
  assessment: AssessmentSummary,
  questionId: string,
  language: string,
  organisationId?: number,
): NonNullable<ReportModel["breakdown"]> {
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const usable = breakdownQuestions(instrument);
  const question = usable.find((q) => q.id === questionId);
  if (!question) {
    const allowed = usable.map((q) => q.id).join(", ") || "none";
    throw new InvalidInputError(`by: must be one of ${allowed}`, { by: `must be one of ${allowed}` });
  }
  const model = scoringModelOf(instrument, assessment.levels);
  const options = resolveScoringOptions({ minGroupSize: assessment.minGroupSize });
  const thresholds = {
    minGroupSize: options.minGroupSize,
    individualMinGroupSize: Math.max(options.minGroupSize, options.individualMinGroupSize),
    individualLevelId: options.individualLevelId,
  };
  const categories = categoriesOf(question);
  const results = deps.database.sqlite.transaction(() => {
    const answers = loadSubmittedAnswers(deps.database, assessment.id, model, { organisationId });
    const categoryOf = categoriesByResponse(deps, instrument, assessment, question, answers.respondents);
    return disaggregate(model, answers, (id) => categoryOf.get(id) ?? noAnswer, categories, options);
  })();
  const text = (key: string) => instrumentText(instrument, key, language);
  const translator = (catalogues ??= new Translator());
  return {
    questionId: question.id,
    question: text(backgroundKey(question.id, "question")),
    dimensions: model.levels.flatMap((l) => l.dimensions.map((d) => ({ id: d.id, levelId: l.id, title: text(`dimension.${d.id}.title`) }))),
    rows: results.map((result) => ({
      category: result.category,
      label: categoryLabel(instrument, question, result.category, language, translator),
      status: result.status === "scored" ? ("scored" as const) : ("suppressed" as const),
      withheld: withheldOfCell(result, null, thresholds),
      cells: model.levels.flatMap((l) =>
        l.dimensions.map((d) => {
          const cell = result.status === "scored" ? result.dimensions.find((x) => x.dimensionId === d.id) : undefined;
          if (!cell || cell.status !== "scored")
            return {
              dimensionId: d.id,
              status: cell?.status ?? ("suppressed" as const),
              withheld: cell ? withheldOfCell(cell, l.id, thresholds) : null,
              current: null,
              gap: null,
              severity: null,
            };
          return { dimensionId: d.id, status: "scored" as const, withheld: null, current: cell.current, gap: cell.gap, severity: cell.severity };
        }),
      ),
    })),
  };
}
