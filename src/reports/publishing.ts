// Publishing freezes the report: the report model is stored once per offered language, with the instrument version
// and the time, and served from then on. Unpublishing withdraws the snapshots (kept, for the record) and reopens edits.
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import { recordAudit } from "../audit/service";
import { requireAssessment } from "../assessments/service";
import { nextStatus } from "../assessments/lifecycle";
import { assessments, reportSnapshots } from "../db/schema";
import { ConflictError } from "../errors";
import type { ReportDeps } from "./build";
import { publicationOf } from "./service";

export function publishReport(deps: ReportDeps, actor: Actor, assessmentId: number, options: { now?: Date; ip?: string | null } = {}): void {
  const now = options.now ?? deps.clock();
  deps.database.sqlite
    .transaction(() => {
      const assessment = requireAssessment(deps, assessmentId);
      if (!nextStatus(assessment.status, "publish"))
        throw new ConflictError({ key: "errors.report.publishRefused", params: { status: { key: `status.${assessment.status}` } } });
      // Scored once; worded in each offered language.
      for (const { language, model } of publicationOf({ ...deps, clock: () => now }, assessment)) {
        deps.database.db
          .insert(reportSnapshots)
          .values({
            assessmentId,
            instrumentVersion: assessment.instrumentVersion,
            language,
            model: JSON.stringify(model),
            createdBy: actor.id,
            createdAt: now.toISOString(),
          })
          .run();
      }
      deps.database.db.update(assessments).set({ status: "published", updatedAt: now.toISOString() }).where(eq(assessments.id, assessmentId)).run();
      recordAudit(deps.database.db, {
        actor,
        action: "assessment.publish",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { languages: assessment.languages },
        ip: options.ip ?? null,
      });
    })
    .immediate();
}

export function unpublishReport(deps: Pick<ReportDeps, "database" | "clock">, actor: Actor, assessmentId: number, options: { ip?: string | null } = {}): void {
  const now = deps.clock().toISOString();
  deps.database.sqlite
    .transaction(() => {
      const assessment = requireAssessment(deps, assessmentId);
      if (!nextStatus(assessment.status, "unpublish"))
        throw new ConflictError({ key: "errors.report.unpublishRefused", params: { status: { key: `status.${assessment.status}` } } });
      deps.database.db
        .update(reportSnapshots)
        .set({ withdrawnAt: now })
        .where(and(eq(reportSnapshots.assessmentId, assessmentId), isNull(reportSnapshots.withdrawnAt)))
        .run();
      deps.database.db.update(assessments).set({ status: "closed", updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      recordAudit(deps.database.db, {
        actor,
        action: "assessment.unpublish",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: {},
        ip: options.ip ?? null,
      });
    })
    .immediate();
}
