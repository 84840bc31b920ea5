// The demo's validations: an expert reviewed the published round before it was published, so a newcomer sees the
// self-assessed and validated figures side by side at once. Some units confirmed, some adjusted (with rationales),
// one disputed by its organisation (both views kept).
import type { Actor } from "../auth/policy";
import { requireAssessment } from "../assessments/service";
import { decide, validationOverview, type ValidationDeps } from "../validation/service";

const rationales = [
  "The strategy is a draft: no adopted document or budget line was shown.",
  "Evidence shows the practice in two directorates only, not across the organisation.",
  "The committee exists on paper but has not met in the past year.",
];

export function seedDemoValidations(deps: ValidationDeps, actor: Actor, assessmentId: number): void {
  const overview = validationOverview(deps, requireAssessment(deps, assessmentId));
  const half = (value: number) => Math.round(value * 2) / 2;
  const clamp = (value: number) => Math.min(5, Math.max(0, value));
  const units = overview.validated.units;
  const country = units.filter((u) => u.organisationId === null).slice(0, 3);
  const organisations = units
    .filter((u) => u.organisationId !== null)
    .filter((_, i) => i % 3 === 0)
    .slice(0, 8);
  const chosen = [...country, ...organisations];
  chosen.forEach((unit, i) => {
    const self = unit.self.current;
    const kind = i === 4 ? "disputed" : i % 3 === 1 ? "adjusted" : "confirmed";
    const current = kind === "confirmed" ? half(self) : clamp(half(self) - (i % 2 === 0 ? 1 : 1.5));
    const needsRationale = Math.abs(current - self) >= 1 - 1e-9;
    decide(deps, actor, assessmentId, unit.organisationId, unit.dimensionId, {
      current,
      target: null,
      confidence: kind === "confirmed" ? "high" : "medium",
      evidenceRating: kind === "confirmed" ? "sufficient" : "partial",
      rationale: needsRationale || kind !== "confirmed" ? rationales[i % rationales.length] : null,
      organisationView: kind === "disputed" ? half(self) : null,
      organisationNote: kind === "disputed" ? "The organisation holds that its self-assessed level reflects the reforms of this year." : null,
    });
  });
}
