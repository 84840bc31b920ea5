// Results by a category of a background question (method.md, "Disaggregation by background"): each category is
// scored like an organisation, over the respondents in it, by the same engine run, so the confidentiality rule
// applies unchanged: a category below k (5 at the individual level) is withheld, and when the hidden remainder of a
// dimension could be computed from the national figure and the categories shown, the next smallest is hidden too
// (complementary suppression). "Prefer not to say" and "no answer" are categories like the others.
import { scoreAssessment } from "./engine";
import type { AnswerBatches, AnswerSet, OrganisationResult, ScoringModel, ScoringOptions, ScoringRespondent } from "./types";

export type CategoryResult = { readonly category: string } & DistributiveOmit<OrganisationResult, "organisationId">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Scores each category. `categoryOf` gives a respondent's category (by respondent id); `categories` lists every
 * category in the order shown, each respondent's among them. Categories must not overlap (single choice, yes/no).
 */
export function disaggregate(
  model: ScoringModel,
  answers: AnswerSet | AnswerBatches,
  categoryOf: (respondentId: number) => string,
  categories: readonly string[],
  options: Partial<ScoringOptions> = {},
): CategoryResult[] {
  const position = new Map(categories.map((category, index) => [category, index + 1]));
  const regroup = (respondent: ScoringRespondent): ScoringRespondent => {
    const group = position.get(categoryOf(respondent.id));
    if (group === undefined) throw new Error(`respondent ${respondent.id} is in no listed category ("${categoryOf(respondent.id)}")`);
    return { ...respondent, organisationId: group };
  };
  // The same rows, with each respondent's organisation replaced by their category: the engine's groups are then the
  // categories, and its national result the same as the report's.
  const respondents = answers.respondents.map(regroup);
  const regrouped: AnswerSet | AnswerBatches = "batches" in answers ? { ...answers, respondents } : { ...answers, respondents };
  const result = scoreAssessment(model, regrouped, options);
  const byGroup = new Map(result.organisations.map((o) => [o.organisationId, o]));
  return categories.map((category, index) => {
    const found = byGroup.get(index + 1);
    // A category nobody is in has no figures, and none to hide: it is listed as withheld, as an empty organisation is.
    if (found === undefined) return { category, status: "suppressed", suppressed: true, reason: "below-threshold" };
    const { organisationId: _, ...rest } = found;
    return { category, ...rest } as CategoryResult;
  });
}
