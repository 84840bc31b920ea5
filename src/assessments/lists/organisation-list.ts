// The organisations of an assessment a page at a time (oldest first), filtered by type and a search over the name,
// each type counted under the search; invitations and responses counted for the page's organisations only.
import { z } from "zod";
import type { AppDatabase } from "../../db/client";
import { cachedUntilWrite, LIST_TABLES } from "../../db/versioned-cache";
import { organisationTypes } from "../../db/schema";
import { choiceFilter, keysetPage, pagingFields, textFilter, type ListPage, type Paging } from "../../list-query";

export const organisationQuerySchema = z.object({ type: choiceFilter(organisationTypes), q: textFilter(200), ...pagingFields });
export type OrganisationQuery = z.infer<typeof organisationQuerySchema>;

export interface OrganisationListRow {
  id: number;
  name: string;
  type: (typeof organisationTypes)[number];
  invitations: number;
  responses: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(assessmentId: number, filters: { type?: string; q?: string }, omitType = false) {
  const parts = ["o.assessment_id = ?"];
  const params: unknown[] = [assessmentId];
  if (filters.type !== undefined && !omitType) {
    parts.push("o.type = ?");
    params.push(filters.type);
  }
  if (filters.q !== undefined) {
    parts.push("o.name like ? escape '\\'");
    params.push(`%${escapeLike(filters.q)}%`);
  }
  return { text: parts.join(" and "), params };
}

export function organisationPage(
  database: AppDatabase,
  assessmentId: number,
  filters: { type?: string; q?: string },
  paging: Paging,
): ListPage<OrganisationListRow> {
  const where = whereOf(assessmentId, filters);
  const page = keysetPage<OrganisationListRow>(
    paging,
    "asc",
    (bound, read, limit) =>
      database.sqlite
        .prepare(
          `select o.id, o.name, o.type, 0 as invitations, 0 as responses from organisations o where ${where.text}${bound ? ` and o.id ${bound.op} ?` : ""} order by o.id ${read} limit ?`,
        )
        .all(...where.params, ...(bound ? [bound.id] : []), limit) as OrganisationListRow[],
  );
  if (page.rows.length) {
    const ids = page.rows.map((r) => r.id);
    const marks = ids.map(() => "?").join(", ");
    // From the invitations_facets index alone: an invitation that was opened has a response (started or submitted).
    // Counted again only after a write to the database (db/versioned-cache.ts).
    const counts = cachedUntilWrite(
      database,
      LIST_TABLES,
      `organisation-counts:${assessmentId}:${ids.join(",")}`,
      () =>
        new Map(
          (
            database.sqlite
              .prepare(
                `select organisation_id as id, count(*) as n, sum(status <> 'invited') as answered from invitations where assessment_id = ? and organisation_id in (${marks}) group by 1`,
              )
              .all(assessmentId, ...ids) as { id: number; n: number; answered: number }[]
          ).map((r) => [r.id, r]),
        ),
    );
    for (const row of page.rows) {
      row.invitations = counts.get(row.id)?.n ?? 0;
      row.responses = counts.get(row.id)?.answered ?? 0;
    }
  }
  return page;
}

/** How many organisations of each type match the search, and how many match every filter. */
export function organisationCounts(
  database: AppDatabase,
  assessmentId: number,
  filters: { type?: string; q?: string },
): { total: number; types: Map<string, number> } {
  return cachedUntilWrite(database, LIST_TABLES, `organisation-types:${assessmentId}:${JSON.stringify([filters.type, filters.q])}`, () =>
    countTypes(database, assessmentId, filters),
  );
}

function countTypes(database: AppDatabase, assessmentId: number, filters: { type?: string; q?: string }): { total: number; types: Map<string, number> } {
  const where = whereOf(assessmentId, filters, true);
  const rows = database.sqlite.prepare(`select o.type as value, count(*) as n from organisations o where ${where.text} group by 1`).all(...where.params) as {
    value: string;
    n: number;
  }[];
  const types = new Map(rows.map((r) => [r.value, r.n]));
  const total = filters.type === undefined ? rows.reduce((sum, r) => sum + r.n, 0) : (types.get(filters.type) ?? 0);
  return { total, types };
}
