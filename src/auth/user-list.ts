// The accounts page of administrators a keyset page at a time (oldest first), filtered by role and a search over
// address and name, each role counted under the search (grouped in SQL).
import { z } from "zod";
import { choiceFilter, keysetPage, pagingFields, textFilter, type ListPage, type Paging } from "../list-query";
import type { AppDatabase } from "../db/client";
import { roles, type Role } from "../db/schema";

export const userQuerySchema = z.object({ role: choiceFilter(roles), q: textFilter(200), ...pagingFields });
export type UserQuery = z.infer<typeof userQuerySchema>;

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  isDisabled: boolean;
  mustChangePassword: boolean;
  countries: string[];
}

function whereOf(filters: { role?: string; q?: string }, omitRole = false) {
  const parts = ["1 = 1"];
  const params: unknown[] = [];
  if (filters.role !== undefined && !omitRole) {
    parts.push("u.role = ?");
    params.push(filters.role);
  }
  if (filters.q !== undefined) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push("(u.email like ? escape '\\' or u.name like ? escape '\\')");
    params.push(pattern, pattern);
  }
  return { text: parts.join(" and "), params };
}

export function userPage(database: AppDatabase, filters: { role?: string; q?: string }, paging: Paging): ListPage<UserListRow> {
  const where = whereOf(filters);
  return keysetPage<UserListRow>(paging, "asc", (bound, read, limit) =>
    (
      database.sqlite
        .prepare(
          `select u.id, u.email, u.name, u.role, u.disabled_at as disabledAt, u.must_change_password as mustChangePassword,
                  (select group_concat(country_iso3, ',') from (select country_iso3 from user_countries uc where uc.user_id = u.id order by country_iso3)) as countries
           from users u where ${where.text}${bound ? ` and u.id ${bound.op} ?` : ""} order by u.id ${read} limit ?`,
        )
        .all(...where.params, ...(bound ? [bound.id] : []), limit) as {
        id: number;
        email: string;
        name: string;
        role: Role;
        disabledAt: string | null;
        mustChangePassword: number;
        countries: string | null;
      }[]
    ).map(({ disabledAt, mustChangePassword, countries, ...row }) => ({
      ...row,
      isDisabled: disabledAt !== null,
      mustChangePassword: Boolean(mustChangePassword),
      countries: countries ? countries.split(",") : [],
    })),
  );
}

export function userRoleCounts(database: AppDatabase, filters: { role?: string; q?: string }): { total: number; roles: Map<string, number> } {
  const where = whereOf(filters, true);
  const rows = database.sqlite.prepare(`select u.role as value, count(*) as n from users u where ${where.text} group by 1`).all(...where.params) as {
    value: string;
    n: number;
  }[];
  const counts = new Map(rows.map((r) => [r.value, r.n]));
  return { total: filters.role === undefined ? rows.reduce((sum, r) => sum + r.n, 0) : (counts.get(filters.role) ?? 0), roles: counts };
}
