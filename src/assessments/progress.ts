// The response-rate dashboard: invited, started and submitted per organisation and per level, from one query.
import type { AppDatabase } from "../db/client";
import { responseRates } from "../scoring/response-rates";
import { invitationStatuses, listOrganisations, type AssessmentSummary } from "./repository";

export function progressReport(database: AppDatabase, assessment: AssessmentSummary) {
  const rates = responseRates(invitationStatuses(database, assessment.id), assessment.levels);
  const names = new Map(listOrganisations(database.db, assessment.id).map((o) => [o.id, o.name]));
  return {
    overall: rates.overall,
    organisations: [...names.entries()].map(([organisationId, name]) => {
      const tally = rates.organisations.find((o) => o.organisationId === organisationId);
      return { organisationId, name, invited: tally?.invited ?? 0, started: tally?.started ?? 0, submitted: tally?.submitted ?? 0, rate: tally?.rate ?? null, lowResponse: tally?.lowResponse ?? false };
    }),
    levels: assessment.levels.map((levelId) => {
      const tally = rates.levels.find((l) => l.levelId === levelId);
      return { levelId, invited: tally?.invited ?? 0, started: tally?.started ?? 0, submitted: tally?.submitted ?? 0, rate: tally?.rate ?? null, lowResponse: tally?.lowResponse ?? false };
    }),
  };
}
