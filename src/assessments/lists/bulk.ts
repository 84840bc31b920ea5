// Bulk actions on a filtered set of invitations (withdraw, renew the links), each confirmed on a page that states how
// many rows it touches. The confirmation carries the newest id it counted: invitations created after it are left
// alone, so the action touches what was confirmed and nothing that arrived since. One transaction, one audit entry.
import { z } from "zod";
import type { Actor } from "../../auth/policy";
import { recordAudit } from "../../audit/service";
import { ConflictError } from "../../errors";
import type { AssessmentSummary } from "../repository";
import type { AssessmentDeps, RequestMeta } from "../service";
import { issueInvitationToken } from "../tokens";
import { invitationIds, type InvitationFilters, type InvitationScope } from "./invitation-list";

export const bulkActions = ["revoke", "reissue", "download"] as const;
export type BulkAction = (typeof bulkActions)[number];

/** Bulk actions that change invitations (a download changes nothing). */
export function isChange(action: BulkAction): action is "revoke" | "reissue" {
  return action !== "download";
}

export const bulkFields = {
  action: z.enum(bulkActions, { message: `must be one of: ${bulkActions.join(", ")}` }),
  scope: z
    .enum(["", "all", "awaited"], { message: "must be one of: all, awaited" })
    .optional()
    .transform((value) => (value === "awaited" ? "awaited" : "all") as InvitationScope),
};

/** A round that is closed or published keeps its links as they are. */
export function refuseBulkChange(assessment: AssessmentSummary): void {
  if (assessment.status === "published") throw new ConflictError({ key: "errors.assessment.published" });
  if (assessment.status === "closed") throw new ConflictError({ key: "errors.lists.bulkClosed" });
}

/** Runs `action` on the filtered set as confirmed (ids up to `upTo`); returns how many invitations it changed. */
export function runBulkAction(
  deps: AssessmentDeps,
  actor: Actor,
  assessment: AssessmentSummary,
  action: "revoke" | "reissue",
  scope: InvitationScope,
  filters: InvitationFilters,
  upTo: number,
  meta: RequestMeta = {},
): number {
  refuseBulkChange(assessment);
  const { sqlite } = deps.database;
  const at = deps.clock().toISOString();
  return sqlite.transaction(() => {
    const ids = invitationIds(deps.database, assessment.id, scope, filters, upTo);
    let changed = 0;
    if (action === "revoke") {
      const revoke = sqlite.prepare("update invitations set revoked_at = ? where id = ? and revoked_at is null");
      for (const id of ids) changed += revoke.run(at, id).changes;
    } else {
      const reissue = sqlite.prepare("update invitations set token_seed = ?, token_lookup = ?, revoked_at = null where id = ?");
      for (const id of ids) {
        const issued = issueInvitationToken(deps.secret);
        changed += reissue.run(issued.seed, issued.lookup, id).changes;
      }
    }
    recordAudit(deps.database.db, {
      actor,
      action: `invitation.bulk.${action}`,
      objectType: "assessment",
      objectId: assessment.id,
      // The search text may be part of someone's name or address: the log says a search was used, not what it was.
      details: {
        count: changed,
        scope,
        upTo,
        filters: Object.fromEntries(Object.entries({ ...filters, q: filters.q && "[search]" }).filter(([, v]) => v !== undefined)),
      },
      ip: meta.ip,
    });
    return changed;
  })();
}
