// The validation state of an assessment as data (the JSON API): every unit that can be validated, its self-assessed
// and validated figures, the decision, and the national coverage. Rationales only for readers allowed to see
// per-respondent data (like comments).
import { z } from "zod";
import type { AssessmentSummary } from "../assessments/repository";
import { can, type Actor } from "../auth/policy";
import { evidenceRatings, validationConfidences } from "../db/schema";
import { isValidationOpen, validationOverview, type ValidationDeps } from "./service";

const figures = z.object({ current: z.number(), target: z.number(), gap: z.number(), priority: z.number() });

export const validationStateSchema = z.object({
  isOpen: z.boolean().meta({ description: "Validation is possible: the round is closed and the report not published." }),
  coverage: z.number().meta({ description: "Share of the respondents (over all dimensions with a result) whose unit is validated, 0–1." }),
  selfIndex: z.number().nullable(),
  validatedIndex: z.number().nullable(),
  units: z.array(
    z.object({
      organisationId: z.number().int().nullable().meta({ description: "The organisation, or null for the country as a whole." }),
      dimensionId: z.string(),
      levelId: z.string(),
      respondents: z.number().int(),
      self: figures.extend({ importance: z.number() }),
      validated: figures,
      status: z.enum(["not-reviewed", "confirmed", "adjusted", "disputed"]),
      disagreement: z.boolean(),
      confidence: z.enum(validationConfidences).nullable(),
      evidenceRating: z.enum(evidenceRatings).nullable(),
      organisationView: z.number().nullable(),
      rationale: z.string().nullable().meta({ description: "Only for readers allowed to see individual answers and comments." }),
      decidedAt: z.string().nullable(),
    }),
  ),
});
export type ValidationState = z.infer<typeof validationStateSchema>;

export function validationState(deps: ValidationDeps, actor: Actor, assessment: AssessmentSummary): ValidationState {
  const overview = validationOverview(deps, assessment);
  const showsRationales = can(actor, "report.comments", assessment);
  const { validated, scored } = overview;
  return {
    isOpen: isValidationOpen(assessment.status),
    coverage: validated.coverage,
    selfIndex: scored.result.overall.status === "scored" ? scored.result.overall.index : null,
    validatedIndex: validated.overall.status === "scored" ? validated.overall.index : null,
    units: validated.units.map((unit) => {
      const row = overview.rows.find((r) => r.organisationId === unit.organisationId && r.dimensionId === unit.dimensionId);
      return {
        organisationId: unit.organisationId,
        dimensionId: unit.dimensionId,
        levelId: unit.levelId,
        respondents: unit.respondents,
        self: unit.self,
        validated: unit.validated,
        status: row?.status ?? "not-reviewed",
        disagreement: unit.disagreement,
        confidence: row?.confidence ?? null,
        evidenceRating: row?.evidenceRating ?? null,
        organisationView: row?.contestedCurrent ?? null,
        rationale: showsRationales ? (row?.rationale ?? null) : null,
        decidedAt: row?.decidedAt ?? null,
      };
    }),
  };
}
