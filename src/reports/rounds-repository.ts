// Finds what a report compares with: the previous round of the same country and instrument, and the peer
// countries' latest published assessments; and the comments experts may include.
import type { AssessmentSummary } from "../assessments/repository";
import { findAssessment } from "../assessments/repository";
import type { CountryDirectory } from "../countries/repository";
import type { PeerGroupSpec } from "../countries/schema";
import type { AppDatabase } from "../db/client";

/** The latest earlier round (closed or published) of the same country with the same instrument. */
export function findPreviousRound(database: AppDatabase, assessment: AssessmentSummary): AssessmentSummary | null {
  const id = database.sqlite
    .prepare(
      `select id from assessments where country_iso3 = ? and instrument_id = ? and id <> ? and status in ('closed', 'published')
       and created_at <= (select created_at from assessments where id = ?) order by created_at desc, id desc limit 1`,
    )
    .pluck()
    .get(assessment.countryIso3, assessment.instrumentId, assessment.id, assessment.id) as number | undefined;
  return id ? (findAssessment(database.db, id) ?? null) : null;
}

/** For each other country of the peer group, its latest published assessment with the same instrument (demo data only ever compares with demo data). */
export function findPeerAssessments(
  database: AppDatabase,
  countries: CountryDirectory,
  assessment: AssessmentSummary,
  group: PeerGroupSpec,
): AssessmentSummary[] {
  const members = new Set(countries.peerGroup(group).map((c) => c.iso3));
  members.delete(assessment.countryIso3);
  if (members.size === 0) return [];
  const rows = database.sqlite
    .prepare(
      `select a.id, a.country_iso3 from assessments a where a.instrument_id = ? and a.status = 'published' and a.country_iso3 <> ? and a.is_demo = ?
       order by a.country_iso3, a.created_at desc, a.id desc`,
    )
    .raw()
    .all(assessment.instrumentId, assessment.countryIso3, assessment.isDemo ? 1 : 0) as [number, string][];
  const latest = new Map<string, number>();
  for (const [id, iso3] of rows) if (members.has(iso3) && !latest.has(iso3)) latest.set(iso3, id);
  return [...latest.values()].map((id) => findAssessment(database.db, id)).filter((a): a is AssessmentSummary => Boolean(a));
}
