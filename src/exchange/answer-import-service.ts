// Offline answers in and out of the database: the template of an organisation or an invitation, and the import of
// a filled template, all or nothing, through the respondent save path (same validation, a revision per changed
// answer recorded as source "import" by the importing user).
import { listInvitations, type AssessmentSummary } from "../assessments/repository";
import type { Actor } from "../auth/policy";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { indexInstrument } from "../questionnaires/lookup";
import { hiddenItemIds } from "../responses/questionnaire";
import { loadAnswers, loadAnswerStates, type RespondentInvitation } from "../responses/repository";
import { assertAcceptsAnswers, saveAnswers, submitResponse } from "../responses/service";
import { evidenceForItems, insertEvidence } from "../evidence/repository";
import type { AnswerInput } from "../responses/schemas";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { answersOfInvitation, readAnswerTemplate, type ImportProblem } from "./answer-import";
import { ABOUT_SHEET, ANSWERS_SHEET, buildAnswerTemplate } from "./answer-template";
import type { Translator } from "../i18n/translate";
import { findRespondentInvitation } from "./repository";

import type { UploadLimits } from "../uploads/limits";

export interface OfflineDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  clock: () => Date;
  /** Bounds on the uploaded workbook; the defaults when not given (the CLI). */
  uploadLimits?: UploadLimits;
}

export async function answerTemplateFor(
  deps: OfflineDeps,
  assessment: AssessmentSummary,
  scope: { organisationId: number } | { invitationId: number },
  words: { translator: Translator; locale: string },
): Promise<{ filename: string; body: Buffer }> {
  const t = (key: string) => words.translator.t(words.locale, key);
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const instrumentItemIds = (i: typeof instrument) => i.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((item) => item.id)));
  const all = listInvitations(deps.database.db, assessment.id);
  const chosen = "organisationId" in scope ? all.filter((i) => i.organisationId === scope.organisationId) : all.filter((i) => i.id === scope.invitationId);
  if ("invitationId" in scope && chosen.length === 0) throw new NotFoundError({ key: "errors.invitation.notFoundOrRevoked" });
  const invitations = chosen.map((i) => {
    const found = findRespondentInvitation(deps.database, assessment.id, i.id)!;
    const links = new Map<string, string>();
    for (const [itemId, rows] of evidenceForItems(deps.database, found.responseId, instrumentItemIds(instrument))) {
      const urls = rows.filter((r) => r.kind === "link" && r.url).map((r) => r.url!);
      if (urls.length) links.set(itemId, urls.join(" "));
    }
    return {
      invitationId: i.id,
      organisationName: i.organisationName,
      levels: i.levels,
      language: i.language,
      answers: loadAnswers(deps.database, found.responseId),
      evidenceLinks: links,
    };
  });
  const body = await buildAnswerTemplate({
    assessmentId: assessment.id,
    assessmentLabel: `${assessment.countryName} · ${assessment.roundLabel}`,
    instrument,
    invitations,
    words: { howTo: t("exchange.template.howTo"), instructions: t("exchange.template.instructions"), scale: t("exchange.template.scale") },
  });
  const scopeName = "organisationId" in scope ? `organisation-${scope.organisationId}` : `invitation-${scope.invitationId}`;
  return { filename: `answers-template-${assessment.id}-${scopeName}.xlsx`, body };
}

/** A refused import: nothing was written; every problem names its sheet, row and column. */
export class ImportRefusedError extends InvalidInputError {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `The file was not imported: ${problems.length} problem(s). ${problems
        .slice(0, 5)
        .map((p) => `${p.sheet}${p.row ? ` row ${p.row}` : ""}${p.column ? `, ${p.column}` : ""}: ${p.message}`)
        .join("; ")}${problems.length > 5 ? "; …" : ""}`,
    );
  }
}

export interface AnswerImportResult {
  invitations: number;
  rows: number;
  /** Answers whose stored value changed (one revision each). */
  changed: number;
  submitted: number;
  /** Invitations whose rows were all blank and that hold no answer: left as they were, never submitted. */
  blank: number;
  /** Answers in the file to items their invitation's answers hide (relevance): stored, but counted as not applicable. */
  hidden: number;
}

/**
 * Imports a filled template into `assessment`. Checks everything first (the template belongs to this assessment and
 * instrument version, every invitation is open to answers, every cell is valid), then writes all invitations in one
 * transaction; any problem refuses the whole file.
 */
export async function importAnswerTemplate(
  deps: OfflineDeps,
  actor: Actor,
  assessment: AssessmentSummary,
  content: Buffer,
  options: { submit?: boolean; ip?: string | null } = {},
): Promise<AnswerImportResult> {
  const read = await readAnswerTemplate(content, deps.uploadLimits);
  const problems = [...read.problems];
  if (read.header && read.header.assessmentId !== assessment.id)
    problems.push({
      sheet: ABOUT_SHEET,
      row: 0,
      column: "assessment_id",
      message: `the template is for assessment ${read.header.assessmentId}, not ${assessment.id}`,
    });
  if (read.header && read.header.instrumentVersion !== assessment.instrumentVersion)
    problems.push({
      sheet: ABOUT_SHEET,
      row: 0,
      column: "instrument_version",
      message: "the template was made with another version of the questionnaire: download a new template",
    });
  if (problems.length) throw new ImportRefusedError(problems);
  if (read.rows.length === 0) throw new ImportRefusedError([{ sheet: ANSWERS_SHEET, row: 2, column: "", message: "the file has no answer rows" }]);

  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const index = indexInstrument(instrument);
  const byInvitation = new Map<number, typeof read.rows>();
  for (const row of read.rows) byInvitation.set(row.invitationId, [...(byInvitation.get(row.invitationId) ?? []), row]);

  const batches: { invitation: RespondentInvitation; answers: AnswerInput[]; links: { itemId: string; url: string }[] }[] = [];
  for (const [invitationId, rows] of byInvitation) {
    const invitation = findRespondentInvitation(deps.database, assessment.id, invitationId);
    if (!invitation) {
      for (const row of rows)
        problems.push({ sheet: ANSWERS_SHEET, row: row.row, column: "invitation_id", message: `invitation ${invitationId} is not part of this assessment` });
      continue;
    }
    try {
      assertAcceptsAnswers(invitation);
    } catch (error) {
      problems.push({ sheet: ANSWERS_SHEET, row: rows[0].row, column: "invitation_id", message: `invitation ${invitationId}: ${(error as Error).message}` });
      continue;
    }
    const allowed = new Set(index.items.filter((i) => invitation.levels.includes(i.level.id) && assessment.levels.includes(i.level.id)).map((i) => i.item.id));
    const checked = answersOfInvitation(rows, allowed);
    problems.push(...checked.problems);
    batches.push({
      invitation,
      answers: checked.answers,
      links: rows.filter((r) => allowed.has(r.itemId)).flatMap((r) => r.evidenceLinks.map((url) => ({ itemId: r.itemId, url }))),
    });
  }
  if (problems.length) throw new ImportRefusedError(problems.sort((a, b) => a.row - b.row));

  const now = deps.clock();
  const run = deps.database.sqlite.transaction((): AnswerImportResult => {
    let changed = 0;
    let submitted = 0;
    let blank = 0;
    let hidden = 0;
    for (const { invitation, answers, links } of batches) {
      const isAllBlank = answers.every((a) => a.kind === "blank" && !a.comment) && !links.length;
      // Blank rows for someone who never answered are no answer at all: the invitation stays "invited".
      if (isAllBlank && invitation.responseId === null) {
        blank++;
        continue;
      }
      changed += saveAnswers(deps.database, invitation, answers, { source: "import", now, actorUserId: actor.id }).changed.length;
      // Evidence links of the template's evidence_link column: attached once (a link already there is not repeated).
      const present = evidenceForItems(deps.database, invitation.responseId, [...new Set(links.map((l) => l.itemId))]);
      for (const link of links)
        if (!present.get(link.itemId)?.some((e) => e.url === link.url))
          insertEvidence(
            deps.database,
            invitation.responseId!,
            invitation.assessmentId,
            { itemId: link.itemId, kind: "link", url: link.url },
            now.toISOString(),
          );
      const hiddenNow = hiddenItemIds(instrument, loadAnswerStates(deps.database, invitation.responseId));
      hidden += answers.filter((a) => (a.kind !== "blank" || a.comment) && hiddenNow.has(a.itemId)).length;
      // A response with nothing in it (every row blank, so every earlier answer cleared) is not submitted.
      if (isAllBlank && loadAnswers(deps.database, invitation.responseId).size === 0) {
        blank++;
        continue;
      }
      if (options.submit && invitation.responseStatus !== "submitted") {
        submitResponse(deps.database, invitation, now);
        submitted++;
      }
    }
    recordAudit(deps.database.db, {
      actor,
      action: "answers.import",
      objectType: "assessment",
      objectId: assessment.id,
      details: { invitations: batches.length, rows: read.rows.length, changed, submitted, blank, hidden },
      ip: options.ip,
    });
    return { invitations: batches.length, rows: read.rows.length, changed, submitted, blank, hidden };
  });
  try {
    return run.immediate();
  } catch (error) {
    // The round closed or a link was withdrawn between the checks and the write: nothing was written.
    if (error instanceof ConflictError) throw new ImportRefusedError([{ sheet: ANSWERS_SHEET, row: 0, column: "", message: error.message }]);
    throw error;
  }
}
