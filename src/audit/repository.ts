// Reading the audit log: filtered (action, actor, object, dates), newest first, one keyset page at a time, with the
// count of each action and object type under the other filters (grouped in SQL).
import type { AppDatabase } from "../db/client";
import type { auditLog } from "../db/schema";
import { keysetPage, type ListPage, type Paging } from "../list-query";

export interface AuditFilters {
  action?: string;
  /** Part of the actor's e-mail address or label. */
  actor?: string;
  objectType?: string;
  /** The object's id, exactly (with or without an object type). */
  object?: string;
  /** Inclusive calendar days, YYYY-MM-DD (UTC). */
  from?: string;
  to?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(filters: AuditFilters, omit?: keyof AuditFilters): { text: string; params: unknown[] } {
  const parts = ["1 = 1"];
  const params: unknown[] = [];
  const add = (name: keyof AuditFilters, sql: string, value: unknown) => {
    if (filters[name] === undefined || omit === name) return;
    parts.push(sql);
    params.push(value);
  };
  add("action", "action = ?", filters.action);
  add("objectType", "object_type = ?", filters.objectType);
  add("object", "object_id = ?", filters.object);
  add("actor", "actor_label like ? escape '\\'", `%${escapeLike(filters.actor ?? "")}%`);
  add("from", "at >= ?", filters.from);
  add("to", "at < ?", filters.to === undefined ? undefined : nextDay(filters.to));
  return { text: parts.join(" and "), params };
}

interface RawAuditRow {
  id: number;
  at: string;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  details: string | null;
  ip: string | null;
}

export function auditPage(database: AppDatabase, filters: AuditFilters, paging: Paging): ListPage<AuditRow> {
  const where = whereOf(filters);
  return keysetPage<AuditRow>(paging, "desc", (bound, read, limit) =>
    (
      database.sqlite
        .prepare(
          `select id, at, actor_user_id as actorUserId, actor_label as actorLabel, action, object_type as objectType, object_id as objectId, details, ip
           from audit_log where ${where.text}${bound ? ` and id ${bound.op} ?` : ""} order by id ${read} limit ?`,
        )
        .all(...where.params, ...(bound ? [bound.id] : []), limit) as RawAuditRow[]
    ).map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null })),
  );
}

export interface AuditCounts {
  total: number;
  actions: Map<string, number>;
  objectTypes: Map<string, number>;
}

/** How many entries each action and each object type would show under the other filters, and the filtered total. */
export function auditCounts(database: AppDatabase, filters: AuditFilters): AuditCounts {
  const group = (column: "action" | "object_type", omit: keyof AuditFilters) => {
    const where = whereOf(filters, omit);
    const rows = database.sqlite
      .prepare(`select ${column} as value, count(*) as n from audit_log where ${where.text} group by 1 order by 1`)
      .all(...where.params) as { value: string; n: number }[];
    return new Map(rows.map((r) => [r.value, r.n]));
  };
  const actions = group("action", "action");
  const objectTypes = group("object_type", "objectType");
  const total = filters.action === undefined ? [...actions.values()].reduce((a, b) => a + b, 0) : (actions.get(filters.action) ?? 0);
  return { total, actions, objectTypes };
}
