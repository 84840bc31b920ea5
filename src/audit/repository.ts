// Reading the audit log: filtered, newest first, one page at a time.
import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";

export interface AuditFilters {
  action?: string;
  /** Part of the actor's e-mail address or label. */
  actor?: string;
  objectType?: string;
  /** Inclusive calendar days, YYYY-MM-DD (UTC). */
  from?: string;
  to?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pageCount: number;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function conditionsOf(filters: AuditFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.objectType) conditions.push(eq(auditLog.objectType, filters.objectType));
  if (filters.actor) conditions.push(sql`${auditLog.actorLabel} like ${`%${escapeLike(filters.actor)}%`} escape '\\'`);
  if (filters.from) conditions.push(gte(auditLog.at, filters.from));
  if (filters.to) conditions.push(lt(auditLog.at, nextDay(filters.to)));
  return conditions.length ? and(...conditions) : undefined;
}

export function queryAudit(db: Db, filters: AuditFilters, page: number, pageSize = 50): AuditPage {
  const where = conditionsOf(filters);
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all();
  return { rows, total, page: current, pageCount };
}

/** The actions and object types present, for the filter menus. */
export function auditVocabulary(db: Db): { actions: string[]; objectTypes: string[] } {
  return {
    actions: db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action).all().map((r) => r.v),
    objectTypes: db.selectDistinct({ v: auditLog.objectType }).from(auditLog).orderBy(auditLog.objectType).all().map((r) => r.v),
  };
}
