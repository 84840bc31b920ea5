// The demo's action plan: after Demoland's 2024 round was published, its experts turned the first roadmap actions
// into plan entries; by the 2026 round some are done, one is under way and one was dropped, so the open round shows
// the plan's status beside the change measured in each entry's dimension.
import type { Actor } from "../auth/policy";
import { findAssessment } from "../assessments/repository";
import type { PlanStatus } from "../db/schema";
import { resolveEntry, roadmapActions, savePlanEntry } from "../plans/service";
import { reportFor } from "../reports/service";
import type { DemoDeps } from "./seed";

const entries: {
  status: PlanStatus;
  lead: string;
  others: string;
  cost: number;
  currency: string;
  funding: "government" | "development_partner" | "to_be_found";
  notes: string;
}[] = [
  {
    status: "done",
    lead: "Ministry of Digital Economy",
    others: "Ministry of Finance; National Statistics Office",
    cost: 250_000,
    currency: "USD",
    funding: "development_partner",
    notes: "Adopted by the Council of Ministers in 2025.",
  },
  {
    status: "in_progress",
    lead: "National Agency for Information Systems",
    others: "Line ministries' IT units",
    cost: 1_200_000,
    currency: "USD",
    funding: "government",
    notes: "First phase delivered; the second is tendered.",
  },
  {
    status: "done",
    lead: "Ministry of Public Service",
    others: "School of Public Administration",
    cost: 80_000,
    currency: "EUR",
    funding: "development_partner",
    notes: "",
  },
  {
    status: "dropped",
    lead: "Ministry of Digital Economy",
    others: "",
    cost: 40_000,
    currency: "USD",
    funding: "to_be_found",
    notes: "No funding was found; folded into the 2026 roadmap.",
  },
];

/**
 * Seeds the plan of the 2024 round (`assessmentId`) once the 2026 round (`nextId`) exists: one action for each of
 * four dimensions, those that the next round measured a clear rise in first, so the follow-up has both kinds.
 */
export function seedDemoPlan(deps: DemoDeps, actor: Actor, assessmentId: number, nextId: number, at: Date): void {
  const assessment = findAssessment(deps.database.db, assessmentId);
  const next = findAssessment(deps.database.db, nextId);
  if (!assessment || !next) return;
  const model = reportFor(deps, assessment, { language: "en" });
  const measured = new Map((reportFor(deps, next, { language: "en" }).progress?.dimensions ?? []).map((d) => [d.id, d]));
  const rose = (dimensionId: string) => (measured.get(dimensionId)?.isClear && measured.get(dimensionId)!.change > 0 ? 0 : 1);
  const firstPerDimension = new Map<string, ReturnType<typeof roadmapActions>[number]>();
  for (const action of roadmapActions(model)) if (!firstPerDimension.has(action.dimensionId)) firstPerDimension.set(action.dimensionId, action);
  const actions = [...firstPerDimension.values()].sort((a, b) => rose(a.dimensionId) - rose(b.dimensionId)).slice(0, entries.length);
  actions.forEach((action, index) => {
    const plan = entries[index];
    const dimension = model.levels.flatMap((l) => l.dimensions).find((d) => d.id === action.dimensionId);
    const entry = resolveEntry(model, {
      actionId: action.id,
      title: "",
      leadOrganisation: plan.lead,
      othersInvolved: plan.others,
      startDate: "2024-07-01",
      endDate: index % 2 === 0 ? "2025-12-31" : "2026-06-30",
      costAmount: plan.cost,
      costCurrency: plan.currency,
      fundingSource: plan.funding,
      indicator: `Current level of ${dimension?.title ?? action.dimensionId}`,
      dimensionId: action.dimensionId,
      baselineKind: "dimension",
      baselineValue: null,
      targetValue: Math.min(5, Math.round(((dimension?.current ?? 1) + 1) * 2) / 2),
      targetDate: "2026-12-31",
      status: plan.status,
      notes: plan.notes,
    });
    savePlanEntry(deps.database, actor, assessmentId, entry, { now: new Date(at.getTime() + index * 60_000), ip: null });
  });
}
