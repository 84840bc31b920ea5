// The members of an assessment a keyset page at a time (by account, oldest first), filtered by their role on it and a
// search over address and name, each role counted under the search (grouped in SQL), like the other staff lists.
import { z } from "zod";
import type { AppDatabase } from "../../db/client";
import type { AssessmentMember } from "../members";
import { choiceFilter, keysetPage, pagingFields, textFilter, type ListPage, type Paging } from "../../list-query";

export const memberListRoles = ["owner", "expert", "analyst"] as const;

export const memberQuerySchema = z.object({ role: choiceFilter(memberListRoles), q: textFilter(200), ...pagingFields });
export type MemberQuery = z.infer<typeof memberQuerySchema>;

export interface MemberFilters {
  role?: string;
  q?: string;
}

function whereOf(assessmentId: number, filters: MemberFilters, omitRole = false) {
  const parts = ["m.assessment_id = ?"];
  const params: unknown[] = [assessmentId];
  if (filters.role !== undefined && !omitRole) {
    parts.push("m.role = ?");
    params.push(filters.role);
  }
  if (filters.q !== undefined) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push("(u.email like ? escape '\\' or u.name like ? escape '\\')");
    params.push(pattern, pattern);
  }
  return { text: parts.join(" and "), params };
}

export function memberPage(database: AppDatabase, assessmentId: number, filters: MemberFilters, paging: Paging): ListPage<AssessmentMember & { id: number }> {
  const where = whereOf(assessmentId, filters);
  return keysetPage(paging, "asc", (bound, read, limit) =>
    (
      database.sqlite
        .prepare(
          `select u.id, u.id as userId, u.email, u.name, u.role as accountRole, m.role, m.raw_data as rawData, u.disabled_at as disabledAt
           from assessment_members m join users u on u.id = m.user_id
           where ${where.text}${bound ? ` and u.id ${bound.op} ?` : ""} order by u.id ${read} limit ?`,
        )
        .all(...where.params, ...(bound ? [bound.id] : []), limit) as (Omit<AssessmentMember, "rawData" | "isDisabled"> & {
        id: number;
        rawData: number;
        disabledAt: string | null;
      })[]
    ).map(({ rawData, disabledAt, ...row }) => ({ ...row, rawData: Boolean(rawData), isDisabled: disabledAt !== null })),
  );
}

/** How many members have each role under the search, and how many match every filter. */
export function memberRoleCounts(database: AppDatabase, assessmentId: number, filters: MemberFilters): { total: number; roles: Map<string, number> } {
  const where = whereOf(assessmentId, filters, true);
  const rows = database.sqlite
    .prepare(`select m.role as value, count(*) as n from assessment_members m join users u on u.id = m.user_id where ${where.text} group by 1`)
    .all(...where.params) as { value: string; n: number }[];
  const roles = new Map(rows.map((r) => [r.value, r.n]));
  return { total: filters.role === undefined ? rows.reduce((sum, r) => sum + r.n, 0) : (roles.get(filters.role) ?? 0), roles };
}
