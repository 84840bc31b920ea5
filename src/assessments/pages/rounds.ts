// Rounds that carry over (GET/POST /assessments/:id/next-round), archiving and restoring an assessment, deleting a
// draft nobody answered, and the administrators' list of archived assessments (GET /assessments/archived).
import { allowedTo } from "../../auth/access";
import { flash } from "../../auth/guards";
import type { Actor } from "../../auth/policy";
import type { AppContext } from "../../context";
import { instrumentChanges } from "../../questionnaires/changes";
import { instrumentText } from "../../questionnaires/i18n";
import { definePage, redirect } from "../../web/pages";
import { onAssessment } from "../access";
import type { AssessmentSummary } from "../repository";
import { archiveAssessment, deleteDraftAssessment, listArchived, nextRoundInstrument, restoreAssessment, startNextRound } from "../rounds";
import { nextRoundSchema } from "../schemas";
import { pageTitle, requestMeta, serviceDeps } from "./shared";

/** The next-round form: what carries over, and what changed when the catalogue has a newer version of the instrument. */
export function nextRoundView(context: AppContext, assessment: AssessmentSummary, locale: string) {
  const { database, instruments } = context;
  const pinned = instruments.pinned(database, assessment.instrumentVersion);
  const next = nextRoundInstrument(context, assessment);
  const isNewerVersion = next.version !== assessment.instrumentVersion;
  return {
    title: pageTitle(assessment),
    assessment,
    instrumentTitle: instrumentText(next, "instrument.title", locale),
    fromVersion: assessment.instrumentVersion.slice(0, 12),
    toVersion: next.version.slice(0, 12),
    isNewerVersion,
    changes: isNewerVersion ? instrumentChanges(pinned, next, locale) : undefined,
  };
}

const flashAndGo = (req: Parameters<typeof flash>[0], key: string, params: Record<string, string>, url: string) => {
  flash(req, { kind: "success", key, params });
  return redirect(url);
};

export const roundPages = [
  definePage({
    method: "get",
    path: "/assessments/archived",
    access: allowedTo("assessment.restore"),
    view: "assessments/archived",
    handle: ({ context }) => ({ titleKey: "rounds.archived.title", assessments: listArchived(context) }),
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/next-round",
    access: onAssessment("assessment.edit"),
    view: "assessments/next-round",
    handle: ({ context, assessment, locale }) => nextRoundView(context, assessment, locale),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/next-round",
    access: onAssessment("assessment.edit"),
    body: nextRoundSchema,
    handle: ({ context, actor, assessment, body, req }) => {
      const id = startNextRound(serviceDeps(context), actor as Actor, assessment.id, body, requestMeta(req));
      return flashAndGo(req, "rounds.next.done", { round: body.roundLabel }, `/assessments/${id}`);
    },
    form: { view: "assessments/next-round", model: ({ context, assessment, locale }) => nextRoundView(context, assessment, locale) },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/archive",
    access: onAssessment("assessment.edit"),
    handle: ({ context, actor, assessment, req }) => {
      archiveAssessment(serviceDeps(context), actor, assessment.id, requestMeta(req));
      return flashAndGo(req, "rounds.archive.done", { assessment: pageTitle(assessment) }, "/assessments");
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/restore",
    access: onAssessment("assessment.restore"),
    handle: ({ context, actor, assessment, req }) => {
      restoreAssessment(serviceDeps(context), actor, assessment.id, requestMeta(req));
      return flashAndGo(req, "rounds.restore.done", { assessment: pageTitle(assessment) }, `/assessments/${assessment.id}`);
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/delete",
    access: onAssessment("assessment.edit"),
    // Asks first (without JavaScript): deleting cannot be undone. What cannot be deleted is refused at once.
    confirm: ({ assessment }) =>
      assessment.status === "draft"
        ? {
            actionKey: "confirm.action.deleteDraft",
            consequences: [{ key: "confirm.deleteDraft.what", params: { assessment: pageTitle(assessment) } }],
            back: `/assessments/${assessment.id}`,
          }
        : undefined,
    handle: ({ context, actor, assessment, req }) => {
      deleteDraftAssessment(serviceDeps(context), actor, assessment.id, requestMeta(req));
      return flashAndGo(req, "rounds.delete.done", { assessment: pageTitle(assessment) }, "/assessments");
    },
  }),
];
