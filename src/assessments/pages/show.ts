// An assessment's own page (GET /assessments/:id) and what it posts: a lifecycle transition, new dates.
import { can, type Actor } from "../../auth/policy";
import type { AppContext } from "../../context";
import { InvalidInputError } from "../../errors";
import { formatList } from "../../i18n/names";
import { shortVersion } from "../../questionnaires/hash";
import { instrumentText } from "../../questionnaires/i18n";
import { definePage, redirect } from "../../web/pages";
import { onAssessment } from "../access";
import { lifecycleConfirmation } from "../consequences";
import { formatClosing, isPastDeadline } from "../deadline";
import { availableTransitions, isTransition } from "../lifecycle";
import { progressReport } from "../progress";
import type { AssessmentSummary } from "../repository";
import { updateDatesSchema } from "../schemas";
import { transitionAssessment, updateAssessmentDates } from "../service";
import { levelTitles, pageTitle, requestMeta, serviceDeps } from "./shared";

/** The page's view model: what the assessment is, and what this user may do with it. */
export function assessmentView(context: AppContext, actor: Actor, assessment: AssessmentSummary, locale: string) {
  const { database, instruments, translator } = context;
  const instrument = instruments.pinned(database, assessment.instrumentVersion);
  const progress = progressReport(database, assessment);
  return {
    title: pageTitle(assessment),
    assessment,
    instrumentTitle: instrumentText(instrument, "instrument.title", locale),
    // The content hash identifies the exact questionnaire; only administrators, who manage instrument versions, need it.
    instrumentVersion: actor.role === "admin" ? shortVersion(assessment.instrumentVersion) : null,
    levels: levelTitles(context, assessment, locale).filter((l) => l.inScope),
    languages: formatList(
      locale,
      assessment.languages.map((code) => translator.t(code, "language.name")),
    ),
    transitions: can(actor, "assessment.transition", assessment)
      ? availableTransitions(assessment.status).filter((t) => (t === "publish" || t === "unpublish" ? can(actor, "assessment.publish", assessment) : true))
      : [],
    canEdit: can(actor, "assessment.edit", assessment),
    canRestore: can(actor, "assessment.restore", assessment),
    isDeletable: assessment.status === "draft",
    canManageOrganisations: can(actor, "organisation.manage", assessment),
    canManageInvitations: can(actor, "invitation.manage", assessment),
    canReadProgress: can(actor, "progress.read", assessment),
    canReadReport: can(actor, "report.read", assessment),
    canExport: can(actor, "data.export", assessment),
    overall: progress.overall,
    closing: assessment.closesAt ? formatClosing(locale, assessment.closesAt, assessment.timeZone) : "",
    isPastDeadline: isPastDeadline(assessment.closesAt, context.clock()),
  };
}

export const showPages = [
  definePage({
    method: "get",
    path: "/assessments/:id",
    access: onAssessment("assessment.read"),
    view: "assessments/show",
    handle: ({ context, actor, assessment, locale }) => assessmentView(context, actor, assessment, locale),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/transition",
    access: onAssessment("assessment.transition"),
    // Closing, publishing and unpublishing ask first, with their figures; opening and reopening do not.
    confirm: ({ context, assessment, req }) => lifecycleConfirmation(context.database, assessment.id, String(req.body?.transition ?? "")),
    handle: ({ context, actor, assessment, req }) => {
      const transition: unknown = req.body?.transition;
      if (!isTransition(transition))
        throw new InvalidInputError("transition: must be open, close, reopen, publish or unpublish", { transition: "unknown transition" });
      // Publishing freezes the report: the reports module owns it.
      if (transition === "publish" || transition === "unpublish") return redirect(`/assessments/${assessment.id}/report/${transition}`, 307);
      transitionAssessment(serviceDeps(context), actor, assessment.id, transition, requestMeta(req));
      return redirect(`/assessments/${assessment.id}`);
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/dates",
    access: onAssessment("assessment.edit"),
    body: updateDatesSchema,
    handle: ({ context, actor, assessment, body, req }) => {
      updateAssessmentDates(serviceDeps(context), actor, assessment.id, body, requestMeta(req));
      return redirect(`/assessments/${assessment.id}`);
    },
    form: { view: "assessments/show", model: ({ context, actor, assessment, locale }) => assessmentView(context, actor, assessment, locale) },
  }),
];
