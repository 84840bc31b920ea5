// The response-rate dashboard: invited, started and submitted per organisation and per level, from one query.
import type { AppDatabase } from "../db/client";
import { cachedUntilWrite, LIST_TABLES } from "../db/versioned-cache";
import { responseRates } from "../scoring/response-rates";
import { invitationStatuses, type AssessmentSummary } from "./repository";

/** The dashboard, counted again only after a write to the database (db/versioned-cache.ts). */
export function progressReport(database: AppDatabase, assessment: AssessmentSummary) {
  return cachedUntilWrite(database, LIST_TABLES, `progress:${assessment.id}:${assessment.levels.join(",")}`, () => countProgress(database, assessment));
}

function countProgress(database: AppDatabase, assessment: AssessmentSummary) {
  const rates = responseRates(invitationStatuses(database, assessment.id), assessment.levels);
  // Names only: the organisations list's per-organisation counts would scan the invitations once per organisation.
  const names = new Map(
    (
      database.sqlite.prepare("select id, name from organisations where assessment_id = ? order by name, id").all(assessment.id) as {
        id: number;
        name: string;
      }[]
    ).map((o) => [o.id, o.name]),
  );
  return {
    overall: rates.overall,
    organisations: [...names.entries()].map(([organisationId, name]) => {
      const tally = rates.organisations.find((o) => o.organisationId === organisationId);
      return {
        organisationId,
        name,
        invited: tally?.invited ?? 0,
        started: tally?.started ?? 0,
        submitted: tally?.submitted ?? 0,
        rate: tally?.rate ?? null,
        lowResponse: tally?.lowResponse ?? false,
      };
    }),
    levels: assessment.levels.map((levelId) => {
      const tally = rates.levels.find((l) => l.levelId === levelId);
      return {
        levelId,
        invited: tally?.invited ?? 0,
        started: tally?.started ?? 0,
        submitted: tally?.submitted ?? 0,
        rate: tally?.rate ?? null,
        lowResponse: tally?.lowResponse ?? false,
      };
    }),
  };
}
