// Reads for exports and imports: every response of an assessment with its answers (set-based, two queries), and an
// invitation by id in the shape the respondent save path expects.
import type { AppDatabase } from "../db/client";
import type { AnswerKind } from "../db/schema";
import { respondentInvitationQuery, invitationFromRow, type InvitationQueryRow, type RespondentInvitation } from "../responses/repository";

export interface ExportRespondent {
  /** The invitation id: stable, and the key offline templates use. */
  respondentId: number;
  responseId: number;
  organisationId: number;
  organisationName: string;
  organisationType: string;
  levels: string[];
  language: string;
  status: "started" | "submitted";
  startedAt: string;
  submittedAt: string | null;
  name: string | null;
  email: string | null;
  /** Background answers by question id, as stored (src/responses/background.ts); absent when none. */
  background?: ReadonlyMap<string, string>;
}

export interface ExportAnswer {
  responseId: number;
  itemId: string;
  kind: AnswerKind;
  current: number | null;
  target: number | null;
  importance: number | null;
  comment: string | null;
  updatedAt: string;
}

export function loadExportData(database: AppDatabase, assessmentId: number): { respondents: ExportRespondent[]; answers: ExportAnswer[] } {
  // One read transaction: both queries see the same snapshot.
  return database.sqlite.transaction(() => {
    const respondents = (
      database.sqlite
        .prepare(
          `select i.id as respondentId, r.id as responseId, o.id as organisationId, o.name as organisationName, o.type as organisationType,
                  i.levels, i.language, r.status, r.started_at as startedAt, r.submitted_at as submittedAt, i.name, i.email
           from responses r join invitations i on i.id = r.invitation_id join organisations o on o.id = r.organisation_id
           where r.assessment_id = ? order by i.id`,
        )
        .all(assessmentId) as (Omit<ExportRespondent, "levels"> & { levels: string })[]
    ).map((r) => ({ ...r, levels: JSON.parse(r.levels) as string[] }));
    const answers = database.sqlite
      .prepare(
        `select a.response_id as responseId, a.item_id as itemId, a.kind, a.current, a.target, a.importance, a.comment, a.updated_at as updatedAt
         from answers a join responses r on r.id = a.response_id where r.assessment_id = ? order by a.response_id`,
      )
      .all(assessmentId) as ExportAnswer[];
    const background = new Map<number, Map<string, string>>();
    const rows = database.sqlite
      .prepare("select b.response_id, b.question_id, b.value from background_answers b join responses r on r.id = b.response_id where r.assessment_id = ?")
      .raw()
      .all(assessmentId) as [number, string, string][];
    for (const [responseId, questionId, value] of rows) {
      let own = background.get(responseId);
      if (!own) background.set(responseId, (own = new Map()));
      own.set(questionId, value);
    }
    for (const r of respondents) {
      const own = background.get(r.responseId);
      if (own) (r as ExportRespondent).background = own;
    }
    return { respondents, answers };
  })();
}

/** The same fields as the respondent journey's look-up by link, found by invitation id within one assessment. */
export function findRespondentInvitation(database: AppDatabase, assessmentId: number, invitationId: number): RespondentInvitation | null {
  const row = database.sqlite.prepare(`${respondentInvitationQuery} where i.id = ? and i.assessment_id = ?`).raw().get(invitationId, assessmentId);
  return invitationFromRow(row as InvitationQueryRow | undefined);
}
