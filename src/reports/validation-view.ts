// The report's validation section, worded in one language: the self-assessed and validated headline index with the
// coverage, each dimension's two current levels, and the largest disagreements. For the national report, or one
// organisation's (its own units only). Rationales are added by reports/service.ts, only where comments are.
import type { ValidatedDimensionResult } from "../scoring";
import type { ScoredReport } from "./build";
import type { ReportModel } from "./model";

/** Disagreements listed in the report, largest first. */
export const LISTED_DISAGREEMENTS = 10;

export function validationView(scored: Omit<ScoredReport, "findings">, dimensionTitle: (id: string) => string, countryName: string): ReportModel["validation"] {
  if (!scored.validation) return null;
  const { result, rows } = scored.validation;
  const organisationId = scored.organisation?.id ?? null;
  const own = organisationId === null ? null : result.organisations.find((o) => o.organisationId === organisationId);
  if (organisationId !== null && !own) return null;
  const validatedDimensions: readonly ValidatedDimensionResult[] = own ? own.dimensions : result.dimensions;
  const validatedOverall = own ? own.overall : result.overall;
  const units = result.units.filter((u) => u.isValidated && (organisationId === null || u.organisationId === organisationId));
  if (units.length === 0) return null;
  const selfDimensions = new Map(scored.scope.dimensions.map((d) => [d.dimensionId, d]));
  const dimensions = validatedDimensions.map((d) => {
    const self = selfDimensions.get(d.dimensionId);
    const scoredSelf = self && self.status === "scored" ? self : null;
    return {
      id: d.dimensionId,
      levelId: d.levelId,
      title: dimensionTitle(d.dimensionId),
      self: scoredSelf?.current ?? null,
      validated: d.status === "scored" ? d.current : null,
      selfSeverity: scoredSelf?.severity ?? null,
      validatedSeverity: d.status === "scored" ? d.severity : null,
      coverage: d.status === "scored" ? d.validation.share : 0,
      disagreements: d.status === "scored" ? d.validation.disagreements : 0,
    };
  });
  const rowOf = (u: (typeof units)[number]) => rows.find((r) => r.organisationId === u.organisationId && r.dimensionId === u.dimensionId);
  const disagreements = units
    .filter((u) => u.disagreement)
    .sort(
      (a, b) => Math.abs(b.validated.current - b.self.current) - Math.abs(a.validated.current - a.self.current) || a.dimensionId.localeCompare(b.dimensionId),
    )
    .slice(0, LISTED_DISAGREEMENTS)
    .map((u) => {
      const row = rowOf(u);
      return {
        organisationId: u.organisationId,
        unit: u.organisationId === null ? countryName : (scored.organisationNames.get(u.organisationId) ?? String(u.organisationId)),
        dimensionId: u.dimensionId,
        dimensionTitle: dimensionTitle(u.dimensionId),
        self: u.self.current,
        validated: u.validated.current,
        status: row?.status ?? "adjusted",
        organisationView: row?.contestedCurrent ?? null,
        rationale: null,
      };
    });
  const selfOverall = scored.scope.overall;
  let weighted = 0;
  let total = 0;
  for (const d of validatedDimensions) {
    if (d.status !== "scored") continue;
    weighted += d.validation.validatedRespondents;
    total += d.respondents;
  }
  return {
    coverage: total === 0 ? 0 : weighted / total,
    validatedUnits: units.length,
    selfIndex: selfOverall.status === "scored" ? selfOverall.index : null,
    validatedIndex: validatedOverall.status === "scored" ? validatedOverall.index : null,
    dimensions,
    disagreements,
  };
}

/** The rationales of the listed disagreements, for readers allowed to see them (like comments). */
export function withRationales(
  validation: ReportModel["validation"],
  rows: readonly { organisationId: number | null; dimensionId: string; rationale: string | null }[],
): ReportModel["validation"] {
  if (!validation) return validation;
  const rationaleOf = (organisationId: number | null, dimensionId: string) =>
    rows.find((r) => r.organisationId === organisationId && r.dimensionId === dimensionId)?.rationale ?? null;
  return { ...validation, disagreements: validation.disagreements.map((d) => ({ ...d, rationale: rationaleOf(d.organisationId, d.dimensionId) })) };
}
