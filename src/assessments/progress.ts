// The response-rate dashboard: invited, started and submitted per organisation and per level, from one query.
import type { AppDatabase } from "../db/client";
import { responseRates } from "../scoring/response-rates";
import { invitationStatuses, listOrganisations, type AssessmentSummary } from "./repository";

export function progressReport(database: AppDatabase, assessment: AssessmentSummary) {
  const rates = responseRates(invitationStatuses(database, assessment.id));
  const names = new Map(listOrganisations(database.db, assessment.id).map((o) => [o.id, o.name]));
  return {
    overall: rates.overall,
    organisations: [...names.entries()].map(([organisationId, name]) => ({
      organisationId,
      name,
      ...(rates.organisations.find((o) => o.organisationId === organisationId) ?? { invited: 0, started: 0, submitted: 0, rate: 0, lowResponse: false }),
    })),
    levels: assessment.levels.map((levelId) => ({
      levelId,
      ...(rates.levels.find((l) => l.levelId === levelId) ?? { invited: 0, started: 0, submitted: 0, rate: 0, lowResponse: false }),
    })),
  };
}
