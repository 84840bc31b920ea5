// How validations are stored: one row per validated unit (validations) and its append-only history
// (validation_events). Synchronous drizzle statements, so the service can run them inside one transaction.
import { and, asc, eq } from "drizzle-orm";
import type { AppDatabase, Db } from "../db/client";
import { validationEvents, validations, type ValidationEventKind } from "../db/schema";
import type { UnitValidation } from "../scoring";

export type ValidationRow = typeof validations.$inferSelect;
export type ValidationEventRow = typeof validationEvents.$inferSelect;

/** "country", or "organisation:<id>": one unit, one row. */
export const unitKeyOf = (organisationId: number | null) => (organisationId === null ? "country" : `organisation:${organisationId}`);

export function listValidations(db: Db, assessmentId: number): ValidationRow[] {
  return db.select().from(validations).where(eq(validations.assessmentId, assessmentId)).orderBy(asc(validations.id)).all();
}

/** The validations as the scoring engine takes them. */
export function unitValidationsOf(rows: readonly ValidationRow[]): UnitValidation[] {
  return rows.map((row) => ({ organisationId: row.organisationId, dimensionId: row.dimensionId, current: row.current, target: row.target }));
}

/** The assessment's validations for scoring: what a report needs and no more. */
export function loadUnitValidations(database: AppDatabase, assessmentId: number): UnitValidation[] {
  return unitValidationsOf(listValidations(database.db, assessmentId));
}

export function findValidation(db: Db, assessmentId: number, unitKey: string, dimensionId: string): ValidationRow | undefined {
  return db
    .select()
    .from(validations)
    .where(and(eq(validations.assessmentId, assessmentId), eq(validations.unitKey, unitKey), eq(validations.dimensionId, dimensionId)))
    .get();
}

export type ValidationValues = Omit<typeof validations.$inferInsert, "id">;

export function saveValidation(db: Db, values: ValidationValues): void {
  const existing = findValidation(db, values.assessmentId, values.unitKey, values.dimensionId);
  if (existing) db.update(validations).set(values).where(eq(validations.id, existing.id)).run();
  else db.insert(validations).values(values).run();
}

export function deleteValidation(db: Db, id: number): void {
  db.delete(validations).where(eq(validations.id, id)).run();
}

export function appendEvent(
  db: Db,
  event: {
    assessmentId: number;
    unitKey: string;
    dimensionId: string;
    kind: ValidationEventKind;
    details?: Record<string, unknown> | null;
    note?: string | null;
    actor: { id: number; email: string };
    at: string;
  },
): void {
  db.insert(validationEvents)
    .values({
      assessmentId: event.assessmentId,
      unitKey: event.unitKey,
      dimensionId: event.dimensionId,
      kind: event.kind,
      details: event.details ?? null,
      note: event.note ?? null,
      actorUserId: event.actor.id,
      actorLabel: event.actor.email,
      at: event.at,
    })
    .run();
}

/** A unit's history, oldest first. */
export function unitHistory(db: Db, assessmentId: number, unitKey: string, dimensionId: string): ValidationEventRow[] {
  return db
    .select()
    .from(validationEvents)
    .where(and(eq(validationEvents.assessmentId, assessmentId), eq(validationEvents.unitKey, unitKey), eq(validationEvents.dimensionId, dimensionId)))
    .orderBy(asc(validationEvents.id))
    .all();
}
