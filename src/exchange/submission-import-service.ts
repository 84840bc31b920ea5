// Submissions collected with KoboToolbox, ODK Collect or Enketo on our XLSForm, imported into an assessment: each new
// submission becomes an invitation of the chosen organisation and levels (no name, no e-mail) with a submitted
// response, so that response rates count it as invited and submitted, like any respondent. Answers go through the
// respondent save path (saveAnswers, saveBackground: a revision per answer, source "import", the importing user),
// all or nothing; the submission's instance id is kept (imported_submissions), so a re-import adds nothing.
import { invitations } from "../db/schema";
import { issueInvitationToken } from "../assessments/tokens";
import { findOrganisation, type AssessmentSummary } from "../assessments/repository";
import type { Actor } from "../auth/policy";
import type { ServerSecret } from "../auth/server-secret";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { ConflictError, NotFoundError } from "../errors";
import { hiddenItemIds } from "../responses/questionnaire";
import { loadAnswerStates } from "../responses/repository";
import { saveBackground } from "../responses/background";
import { saveAnswers, submitResponse } from "../responses/service";
import type { OfflineDeps } from "./answer-import-service";
import { ImportRefusedError } from "./answer-import-service";
import { findRespondentInvitation } from "./repository";
import { readSubmissionTable } from "./submission-file";
import { readSubmissions } from "./submission-import";

export interface SubmissionDeps extends OfflineDeps {
  secret: ServerSecret;
}

export interface SubmissionImportResult {
  /** Submission rows read (rejected and already imported included). */
  rows: number;
  /** New submissions imported, each now a submitted response. */
  imported: number;
  alreadyImported: number;
  /** Rows the project itself rejected (Kobo "not approved", ODK Central "rejected"): not imported. */
  rejected: number;
  answers: number;
  background: number;
  /** Answers to items the submission's other answers hide (relevance): stored, counted as not applicable. */
  hidden: number;
}

export interface SubmissionImportOptions {
  organisationId: number;
  /** The levels the respondents answered; all the assessment's levels when not given. */
  levels?: readonly string[];
  /** The uploaded file's name: a CSV's problems name it as their sheet. */
  fileName?: string;
  ip?: string | null;
}

function importedIds(database: AppDatabase, assessmentId: number): Set<string> {
  return new Set(database.sqlite.prepare("select instance_id from imported_submissions where assessment_id = ?").pluck().all(assessmentId) as string[]);
}

export async function importSubmissions(
  deps: SubmissionDeps,
  actor: Actor,
  assessment: AssessmentSummary,
  content: Buffer,
  options: SubmissionImportOptions,
): Promise<SubmissionImportResult> {
  const file = options.fileName?.trim().slice(0, 100) || "submissions";
  if (assessment.status !== "open")
    throw new ImportRefusedError([{ sheet: file, row: 0, column: "", message: "answers can be imported only while the round is open" }]);
  const organisation = findOrganisation(deps.database.db, assessment.id, options.organisationId);
  if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
  const levels = options.levels?.length ? [...options.levels] : [...assessment.levels];
  const badLevel = levels.find((l) => !assessment.levels.includes(l));
  if (badLevel)
    throw new ImportRefusedError([
      { sheet: file, row: 0, column: "levels", message: `${badLevel} is not a level of this assessment (${assessment.levels.join(", ")})` },
    ]);

  const read = await readSubmissionTable(content, file, deps.uploadLimits);
  if (!read.ok) throw new ImportRefusedError(read.problems);
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const checked = readSubmissions(instrument, levels, read.table, importedIds(deps.database, assessment.id));
  if (checked.problems.length) throw new ImportRefusedError(checked.problems);

  const now = deps.clock();
  const { db, sqlite } = deps.database;
  const remember = sqlite.prepare(
    "insert into imported_submissions (assessment_id, instance_id, invitation_id, imported_by, imported_at) values (?, ?, ?, ?, ?)",
  );
  const isImported = sqlite.prepare("select 1 from imported_submissions where assessment_id = ? and instance_id = ?").pluck();
  const run = sqlite.transaction((): SubmissionImportResult => {
    const result: SubmissionImportResult = {
      rows: read.table.rows.length,
      imported: 0,
      alreadyImported: checked.alreadyImported,
      rejected: checked.rejected,
      answers: 0,
      background: 0,
      hidden: 0,
    };
    for (const submission of checked.submissions) {
      // Another import may have taken it since the checks: the write lock is ours now, so this answer is final.
      if (isImported.get(assessment.id, submission.instanceId)) {
        result.alreadyImported++;
        continue;
      }
      // The respondent answered when the tool says (never later than now); the revisions say who imported it.
      const at = submission.submittedAt && submission.submittedAt < now ? submission.submittedAt : now;
      const issued = issueInvitationToken(deps.secret);
      const invitationId = db
        .insert(invitations)
        .values({
          assessmentId: assessment.id,
          organisationId: organisation.id,
          levels,
          language: assessment.languages[0],
          tokenSeed: issued.seed,
          tokenLookup: issued.lookup,
          createdBy: actor.id,
          createdAt: at.toISOString(),
        })
        .returning({ id: invitations.id })
        .get().id;
      const invitation = findRespondentInvitation(deps.database, assessment.id, invitationId)!;
      result.answers += saveAnswers(deps.database, invitation, submission.answers, { source: "import", now: at, actorUserId: actor.id }).changed.length;
      if (submission.background.length)
        result.background += saveBackground(deps.database, invitation, submission.background, {
          source: "import",
          now: at,
          actorUserId: actor.id,
        }).changed.length;
      const hidden = hiddenItemIds(instrument, loadAnswerStates(deps.database, invitation.responseId));
      result.hidden += submission.answers.filter((a) => hidden.has(a.itemId)).length;
      submitResponse(deps.database, invitation, at);
      remember.run(assessment.id, submission.instanceId, invitationId, actor.id, now.toISOString());
      result.imported++;
    }
    recordAudit(db, {
      actor,
      action: "submissions.import",
      objectType: "assessment",
      objectId: assessment.id,
      details: { organisationId: organisation.id, levels, ...result },
      ip: options.ip,
    });
    return result;
  });
  try {
    return run.immediate();
  } catch (error) {
    // The round closed between the checks and the write: nothing was written.
    if (error instanceof ConflictError) throw new ImportRefusedError([{ sheet: read.table.sheet, row: 0, column: "", message: error.message }]);
    throw error;
  }
}
