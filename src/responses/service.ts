// The respondent's writes: save answers (every change kept as a revision) and submit. All-or-nothing transactions.
import type { AppDatabase } from "../db/client";
import { acceptsAnswers } from "../assessments/lifecycle";
import { ConflictError } from "../errors";
import { statementsFor, type RespondentInvitation } from "./repository";
import type { AnswerInput } from "./schemas";

export type SaveSource = "form" | "autosave" | "import" | "seed";

export interface SaveResult {
  responseId: number;
  savedAt: string;
  /** Items whose stored answer changed (a new revision was written). */
  changed: string[];
}

export function assertAcceptsAnswers(invitation: RespondentInvitation): void {
  if (invitation.revoked) throw new ConflictError({ key: "errors.respond.withdrawn" });
  if (!acceptsAnswers(invitation.assessmentStatus))
    throw new ConflictError(invitation.assessmentStatus === "draft" ? { key: "errors.respond.notOpen" } : { key: "errors.respond.closed" });
}

function sameAnswer(
  stored: { kind: string; current: number | null; target: number | null; importance: number | null; comment: string | null } | undefined,
  next: AnswerInput,
): boolean {
  if (!stored) return next.kind === "blank" && !next.comment;
  return (
    stored.kind === next.kind &&
    stored.current === next.current &&
    stored.target === next.target &&
    stored.importance === next.importance &&
    (stored.comment ?? null) === (next.comment ?? null)
  );
}

/**
 * Writes the answers of one respondent in one transaction: a revision for every changed item, the current answer
 * updated (or removed when cleared), the response created on the first save and the invitation marked started.
 */
export function saveAnswers(
  database: AppDatabase,
  invitation: RespondentInvitation,
  answers: AnswerInput[],
  options: { source: SaveSource; now: Date; lastPage?: string | null; actorUserId?: number | null; skipStatusCheck?: boolean },
): SaveResult {
  if (!options.skipStatusCheck) assertAcceptsAnswers(invitation);
  const statements = statementsFor(database);
  const savedAt = options.now.toISOString();
  const run = database.sqlite.transaction((): SaveResult => {
    let responseId = invitation.responseId;
    if (responseId === null) {
      responseId = (
        statements.insertResponse.get(invitation.invitationId, invitation.assessmentId, invitation.organisationId, savedAt, savedAt) as { id: number }
      ).id;
      invitation.responseId = responseId;
      invitation.responseStatus = "started";
    }
    const changed: string[] = [];
    for (const answer of answers) {
      const stored = statements.answerOf.get(responseId, answer.itemId) as Parameters<typeof sameAnswer>[0];
      if (sameAnswer(stored, answer)) continue;
      const cleared = answer.kind === "blank" && !answer.comment;
      // A comment alone (no level yet) is kept too: nothing the respondent typed is dropped.
      const kind = cleared ? "cleared" : answer.kind === "blank" ? "answered" : answer.kind;
      const info = statements.insertRevision.run(
        responseId,
        answer.itemId,
        kind,
        answer.current,
        answer.target,
        answer.importance,
        answer.comment,
        options.source,
        options.actorUserId ?? null,
        savedAt,
      );
      if (cleared) statements.deleteAnswer.run(responseId, answer.itemId);
      else
        statements.upsertAnswer.run(
          responseId,
          answer.itemId,
          kind,
          answer.current,
          answer.target,
          answer.importance,
          answer.comment,
          Number(info.lastInsertRowid),
          savedAt,
        );
      changed.push(answer.itemId);
    }
    statements.touchResponse.run(savedAt, options.lastPage ?? null, responseId);
    if (invitation.invitationStatus === "invited") {
      statements.markStarted.run(invitation.invitationId);
      invitation.invitationStatus = "started";
    }
    return { responseId, savedAt, changed };
  });
  return run.immediate();
}

/** Marks the response submitted; submitting twice is harmless (the first submission time is kept). */
export function submitResponse(database: AppDatabase, invitation: RespondentInvitation, now: Date): { submittedAt: string } {
  assertAcceptsAnswers(invitation);
  const statements = statementsFor(database);
  const at = now.toISOString();
  database.sqlite
    .transaction(() => {
      let responseId = invitation.responseId;
      if (responseId === null) {
        responseId = (statements.insertResponse.get(invitation.invitationId, invitation.assessmentId, invitation.organisationId, at, at) as { id: number }).id;
        invitation.responseId = responseId;
      }
      statements.submit.run(at, at, responseId);
      statements.markSubmitted.run(invitation.invitationId);
    })
    .immediate();
  const submittedAt = statements.submittedAtOf.get(invitation.responseId) as string;
  invitation.responseStatus = "submitted";
  invitation.invitationStatus = "submitted";
  invitation.submittedAt = submittedAt;
  return { submittedAt };
}

export function rememberLanguage(database: AppDatabase, invitation: RespondentInvitation, language: string): void {
  statementsFor(database).setLanguage.run(language, invitation.invitationId);
  invitation.language = language;
}
