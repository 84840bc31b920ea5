// Every action the audit log can record, and every kind of object it names, in one place: `recordAudit` accepts
// nothing else (so a new action is added here or does not compile), and test/i18n/audit-labels.test.ts fails while any of
// them lacks a label (`audit.action.*`, `audit.object.*`) in one of the six catalogues. Codes stay in the database and
// in filter URLs; pages show the labels.
export const auditActions = [
  "user.create",
  "user.update",
  "user.disable",
  "user.enable",
  "user.password_change",
  "user.sign_in",
  "user.sign_in_failed",
  "user.sign_in_throttled",
  "user.sign_out",
  "password_reset.issue",
  "password_reset.use",
  "api_token.create",
  "api_token.revoke",
  "api_token.revoke_all",
  "assessment.create",
  "assessment.dates",
  "assessment.extend",
  // The lifecycle's transitions (assessments/lifecycle.ts `Transition`), written `assessment.${transition}`.
  "assessment.open",
  "assessment.close",
  "assessment.reopen",
  "assessment.publish",
  "assessment.unpublish",
  "assessment.reminder_schedule",
  // Rounds that carry over (assessments/rounds.ts): a new round from this one, archive, restore, delete a draft.
  "assessment.new_round",
  "assessment.archive",
  "assessment.restore",
  "assessment.delete",
  "assessment.member.grant",
  "assessment.member.revoke",
  "assessment.member.raw_data.grant",
  "assessment.member.raw_data.revoke",
  "organisation.create",
  "organisation.update",
  "organisation.delete",
  "invitation.create",
  "invitation.import",
  "invitation.update",
  "invitation.revoke",
  "invitation.reissue",
  // Bulk actions on a filtered set (assessments/lists/bulk.ts), written `invitation.bulk.${action}`.
  "invitation.bulk.revoke",
  "invitation.bulk.reissue",
  // Mail queued for invitations (mail/service.ts `InvitationMailKind`), written `mail.${kind}`.
  "mail.invitation",
  "mail.reminder",
  "mail.announcement",
  "data.export.identity",
  "instrument.import",
  "answers.import",
  // Submissions from KoboToolbox or ODK (exchange/submission-import-service.ts).
  "submissions.import",
  "report_link.create",
  "report_link.revoke",
  // Expert validation (validation/service.ts).
  "validation.decide",
  "validation.contest",
  "validation.comment",
  "validation.withdraw",
  // Expert ratings of respondents' evidence (evidence/review.ts).
  "evidence.rate",
  // The action plan (plans/service.ts).
  "plan.create",
  "plan.update",
] as const;

export type AuditAction = (typeof auditActions)[number];

export const auditObjectTypes = ["user", "api_token", "assessment", "organisation", "invitation", "instrument"] as const;

export type AuditObjectType = (typeof auditObjectTypes)[number];

export function isAuditAction(code: string): code is AuditAction {
  return (auditActions as readonly string[]).includes(code);
}

export function isAuditObjectType(code: string): code is AuditObjectType {
  return (auditObjectTypes as readonly string[]).includes(code);
}
