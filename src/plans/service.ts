// The action plan of an assessment: entries read and written (each write one transaction with its audit line), the
// baseline taken from the results, and the follow-up a later round shows: each entry of the previous round's plan
// with its status beside the change measured in its dimension (a change is clear when its Welch interval excludes 0).
import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "../audit/service";
import type { Actor } from "../auth/policy";
import type { AppDatabase } from "../db/client";
import { planEntries, type PlanStatus } from "../db/schema";
import { InvalidInputError, NotFoundError } from "../errors";
import type { ReportModel } from "../reports/model";
import type { PlanEntryInput } from "./schemas";

export type PlanEntry = typeof planEntries.$inferSelect;

export function planEntriesOf(database: AppDatabase, assessmentId: number): PlanEntry[] {
  return database.db.select().from(planEntries).where(eq(planEntries.assessmentId, assessmentId)).orderBy(asc(planEntries.id)).all();
}

export function planEntryOf(database: AppDatabase, assessmentId: number, entryId: number): PlanEntry {
  const entry = database.db
    .select()
    .from(planEntries)
    .where(and(eq(planEntries.assessmentId, assessmentId), eq(planEntries.id, entryId)))
    .get();
  if (!entry) throw new NotFoundError();
  return entry;
}

/** The roadmap's actions (each once) an entry can be made from, with the dimension each addresses first. */
export function roadmapActions(model: ReportModel): { id: string; text: string; dimensionId: string }[] {
  const seen = new Map<string, { id: string; text: string; dimensionId: string }>();
  for (const recommendation of model.recommendations)
    for (const action of recommendation.actions)
      if (!seen.has(action.id)) seen.set(action.id, { id: action.id, text: action.text, dimensionId: recommendation.dimensionId });
  return [...seen.values()];
}

/**
 * The entry as it is stored: the action's text as title when none is given, the action's dimension when none is
 * chosen, and a dimension baseline taken from the results (its current level), never typed in.
 */
export function resolveEntry(model: ReportModel, input: PlanEntryInput): PlanEntryInput {
  const action = input.actionId ? roadmapActions(model).find((a) => a.id === input.actionId) : undefined;
  if (input.actionId && !action) throw new InvalidInputError("Invalid input — actionId: not an action of this roadmap", { actionId: "plan.error.action" });
  const dimensionId = input.dimensionId ?? (input.baselineKind === "dimension" ? (action?.dimensionId ?? null) : null);
  const dimension = dimensionId ? model.levels.flatMap((l) => l.dimensions).find((d) => d.id === dimensionId) : undefined;
  if (dimensionId && !dimension)
    throw new InvalidInputError("Invalid input — dimensionId: not a dimension of this instrument", { dimensionId: "plan.error.dimension" });
  if (input.baselineKind === "dimension" && !dimension)
    throw new InvalidInputError("Invalid input — dimensionId: choose the dimension whose level is the baseline", {
      dimensionId: "plan.error.dimensionRequired",
    });
  return {
    ...input,
    title: input.title || action!.text,
    dimensionId,
    baselineValue: input.baselineKind === "dimension" ? (dimension?.current ?? null) : input.baselineValue,
  };
}

export function savePlanEntry(
  database: AppDatabase,
  actor: Actor,
  assessmentId: number,
  entry: PlanEntryInput,
  options: { entryId?: number; now: Date; ip: string | null },
): number {
  const at = options.now.toISOString();
  return database.sqlite.transaction(() => {
    let id = options.entryId;
    if (id === undefined) {
      id = database.db
        .insert(planEntries)
        .values({ ...entry, assessmentId, createdBy: actor.id, createdAt: at, updatedAt: at })
        .returning({ id: planEntries.id })
        .get().id;
    } else {
      planEntryOf(database, assessmentId, id);
      database.db
        .update(planEntries)
        .set({ ...entry, updatedAt: at })
        .where(and(eq(planEntries.id, id), eq(planEntries.assessmentId, assessmentId)))
        .run();
    }
    recordAudit(database.db, {
      actor,
      action: options.entryId === undefined ? "plan.create" : "plan.update",
      objectType: "assessment",
      objectId: String(assessmentId),
      details: { entryId: id, status: entry.status, dimensionId: entry.dimensionId, actionId: entry.actionId },
      ip: options.ip,
    });
    return id;
  })();
}

export interface PlanFollowUp {
  entry: PlanEntry;
  status: PlanStatus;
  /** The change measured in the entry's dimension between the two rounds, when both have it. */
  change: { dimensionTitle: string; previous: number; current: number; isClear: boolean } | null;
}

/** The previous round's entries beside what this round measured in their dimensions. */
export function followUpOf(previousEntries: readonly PlanEntry[], model: ReportModel): PlanFollowUp[] {
  const measured = new Map((model.progress?.dimensions ?? []).map((d) => [d.id, d]));
  return previousEntries.map((entry) => {
    const dimension = entry.dimensionId ? measured.get(entry.dimensionId) : undefined;
    return {
      entry,
      status: entry.status,
      change: dimension ? { dimensionTitle: dimension.title, previous: dimension.previous, current: dimension.current, isClear: dimension.isClear } : null,
    };
  });
}
