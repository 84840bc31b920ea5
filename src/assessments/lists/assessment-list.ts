// The assessments a user may see, newest first, a keyset page at a time, filtered by status, each status counted.
import { and, count, desc, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { AppDatabase } from "../../db/client";
import { assessments, assessmentStatuses, countries } from "../../db/schema";
import { choiceFilter, keysetPage, pagingFields, type ListPage, type Paging } from "../../list-query";

export const assessmentQuerySchema = z.object({ status: choiceFilter(assessmentStatuses), ...pagingFields });
export type AssessmentQuery = z.infer<typeof assessmentQuerySchema>;

export interface AssessmentListRow {
  id: number;
  countryName: string;
  roundLabel: string;
  instrumentId: string;
  status: (typeof assessmentStatuses)[number];
  closesOn: string | null;
  isDemo: boolean;
}

/** `visible` is the actor's scope from the authorisation module (auth/scope.ts). */
export function assessmentPage(database: AppDatabase, visible: SQL | undefined, status: string | undefined, paging: Paging): ListPage<AssessmentListRow> {
  return keysetPage<AssessmentListRow>(paging, "desc", (bound, read, limit) => {
    const conditions = [
      visible,
      status ? eq(assessments.status, status as AssessmentListRow["status"]) : undefined,
      bound ? sql`${assessments.id} ${sql.raw(bound.op)} ${bound.id}` : undefined,
    ].filter(Boolean) as SQL[];
    return database.db
      .select({
        id: assessments.id,
        countryName: countries.name,
        roundLabel: assessments.roundLabel,
        instrumentId: assessments.instrumentId,
        status: assessments.status,
        closesOn: assessments.closesOn,
        isDemo: assessments.isDemo,
      })
      .from(assessments)
      .innerJoin(countries, eq(countries.iso3, assessments.countryIso3))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(read === "desc" ? desc(assessments.id) : asc(assessments.id))
      .limit(limit)
      .all();
  });
}

export function assessmentStatusCounts(database: AppDatabase, visible: SQL | undefined): Map<string, number> {
  const rows = database.db.select({ status: assessments.status, n: count() }).from(assessments).where(visible).groupBy(assessments.status).all();
  return new Map(rows.map((r) => [r.status, r.n]));
}
