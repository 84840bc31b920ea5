// The view model of the evidence review page: filters (organisation, dimension, each with its count), then the
// evidenced answers grouped by dimension, each with the self-assessed levels, the comment, the evidence and the
// rating form (for those who may rate).
import { can, type Actor } from "../auth/policy";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { instrumentText } from "../questionnaires/i18n";
import { kilobytesOf } from "./page-html";
import { evidencedAnswers, questionText } from "./review";

export function evidenceReviewView(
  context: AppContext,
  actor: Actor,
  assessment: AssessmentSummary,
  locale: string,
  filter: { organisationId?: number; dimensionId?: string },
) {
  const { database, translator } = context;
  const instrument = context.instruments.pinned(database, assessment.instrumentVersion);
  const all = evidencedAnswers(database, instrument, assessment.id);
  const organisations = new Map<number, { id: number; name: string; count: number }>();
  const dimensions = new Map<string, { id: string; title: string; count: number }>();
  for (const a of all) {
    const o = organisations.get(a.organisationId) ?? { id: a.organisationId, name: a.organisationName, count: 0 };
    o.count += 1;
    organisations.set(a.organisationId, o);
    const d = dimensions.get(a.place.dimensionId) ?? {
      id: a.place.dimensionId,
      title: instrumentText(instrument, `dimension.${a.place.dimensionId}.title`, locale),
      count: 0,
    };
    d.count += 1;
    dimensions.set(a.place.dimensionId, d);
  }
  const shown = all.filter(
    (a) =>
      (filter.organisationId === undefined || a.organisationId === filter.organisationId) &&
      (filter.dimensionId === undefined || a.place.dimensionId === filter.dimensionId),
  );
  const mayRate = can(actor, "validation.decide", assessment);
  const level = (value: number | null) => (value === null ? "–" : String(value));
  const groups: { dimensionId: string; title: string; answers: unknown[] }[] = [];
  for (const a of shown) {
    let group = groups.find((g) => g.dimensionId === a.place.dimensionId);
    if (!group) groups.push((group = { dimensionId: a.place.dimensionId, title: dimensions.get(a.place.dimensionId)!.title, answers: [] }));
    group.answers.push({
      anchor: `answer-${a.responseId}-${a.itemId}`,
      responseId: a.responseId,
      itemId: a.itemId,
      number: a.place.number,
      question: questionText(instrument, a.itemId, locale),
      organisationName: a.organisationName,
      selfAssessed:
        a.kind === "answered"
          ? translator.t(locale, "evidence.review.levels", { current: level(a.current), target: level(a.target) })
          : a.kind === "dontknow"
            ? translator.t(locale, "respond.item.dontKnow")
            : a.kind === "na"
              ? translator.t(locale, "respond.item.notApplicable")
              : translator.t(locale, "evidence.review.noAnswer"),
      comment: a.comment ?? "",
      evidence: a.evidence.map((e) => ({
        isFile: e.kind === "file",
        href: e.kind === "file" ? `/assessments/${assessment.id}/evidence/${e.id}/file` : (e.url ?? ""),
        label: e.kind === "file" ? (e.fileName ?? "") : (e.url ?? ""),
        details:
          e.kind === "file"
            ? `${(e.fileName?.split(".").pop() ?? "").toUpperCase()} · ${translator.t(locale, "respond.evidence.kilobytes", { size: kilobytesOf(e.size ?? 0) })}`
            : "",
        note: e.note ?? "",
      })),
      ratings: (["sufficient", "partial", "none", "unrated"] as const).map((value) => ({
        value,
        label: translator.t(locale, `evidence.rating.${value}`),
        checked: (a.rating ?? "unrated") === value,
      })),
      ratingLabel: a.rating ? translator.t(locale, `evidence.rating.${a.rating}`) : translator.t(locale, "evidence.rating.unrated"),
    });
  }
  return {
    title: `${translator.t(locale, "evidence.review.title")} · ${assessment.countryName} ${assessment.roundLabel}`,
    assessment,
    canEdit: can(actor, "assessment.edit", assessment),
    mayRate,
    total: all.length,
    organisations: [...organisations.values()].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ ...o, selected: o.id === filter.organisationId })),
    dimensions: [...dimensions.values()].map((d) => ({ ...d, selected: d.id === filter.dimensionId })),
    filter: { organisation: filter.organisationId === undefined ? "" : String(filter.organisationId), dimension: filter.dimensionId ?? "" },
    groups,
  };
}
