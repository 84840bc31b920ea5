// View models of the action plan pages: the plan's entries with their labels, the form (choices from this round's
// results: the roadmap's actions and the instrument's dimensions), and the previous round's plan followed up.
import { can, type Actor } from "../auth/policy";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { planBaselineKinds, planFundingSources, planStatuses } from "../db/schema";
import { formatDate, formatNumber, intlLocale } from "../i18n/format";
import type { ReportModel } from "../reports/model";
import { findPreviousRound } from "../reports/rounds-repository";
import { reportFor } from "../reports/service";
import { followUpOf, planEntriesOf, roadmapActions, type PlanEntry } from "./service";

export function planModel(context: AppContext, assessment: AssessmentSummary, locale: string): ReportModel {
  const deps = { database: context.database, instruments: context.instruments, countries: context.countries, clock: context.clock, secret: context.secret };
  return reportFor(deps, assessment, { language: locale });
}

function entryRow(context: AppContext, locale: string, model: ReportModel, entry: PlanEntry) {
  const t = (key: string, params?: Record<string, unknown>) => context.translator.t(locale, key, params);
  const dimension = model.levels.flatMap((l) => l.dimensions).find((d) => d.id === entry.dimensionId);
  const value = (v: number | null) => (v === null ? "—" : entry.baselineKind === "share" ? `${formatNumber(locale, v, 0)} %` : formatNumber(locale, v, 2));
  return {
    ...entry,
    statusLabel: t(`plan.status.${entry.status}`),
    fundingLabel: t(`plan.funding.${entry.fundingSource}`),
    dimensionTitle: dimension?.title ?? entry.dimensionId ?? "",
    period: [entry.startDate, entry.endDate].map((d) => (d ? formatDate(locale, d) : "…")).join(" – "),
    cost:
      entry.costAmount === null
        ? "—"
        : new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: entry.costCurrency ?? "USD" }).format(entry.costAmount),
    baseline: value(entry.baselineValue),
    target: value(entry.targetValue),
    // On its own line: a date in brackets after a figure reads out of order in a right-to-left table.
    targetDateText: entry.targetDate ? formatDate(locale, entry.targetDate) : "",
  };
}

export function planPageView(context: AppContext, actor: Actor, assessment: AssessmentSummary, locale: string) {
  const t = (key: string, params?: Record<string, unknown>) => context.translator.t(locale, key, params);
  const model = planModel(context, assessment, locale);
  const previous = findPreviousRound(context.database, assessment);
  const followUp = previous
    ? followUpOf(planEntriesOf(context.database, previous.id), model).map(({ entry, status, change }) => ({
        title: entry.title,
        statusLabel: t(`plan.status.${status}`),
        sentence: change
          ? t(change.isClear ? "plan.followUp.clear" : "plan.followUp.unclear", {
              status: t(`plan.status.${status}`).toLocaleLowerCase(locale),
              dimension: change.dimensionTitle,
              previous: formatNumber(locale, change.previous, 1),
              current: formatNumber(locale, change.current, 1),
            })
          : t("plan.followUp.notMeasured", { status: t(`plan.status.${status}`).toLocaleLowerCase(locale) }),
      }))
    : [];
  return {
    title: `${t("plan.title")} · ${assessment.countryName} ${assessment.roundLabel}`,
    assessment,
    canEdit: can(actor, "plan.manage", assessment),
    entries: planEntriesOf(context.database, assessment.id).map((entry) => entryRow(context, locale, model, entry)),
    previousRound: previous?.roundLabel ?? null,
    followUp,
  };
}

export function planFormView(
  context: AppContext,
  assessment: AssessmentSummary,
  locale: string,
  values: Record<string, unknown>,
  options: { entryId?: number; errors?: Record<string, string> } = {},
) {
  const t = (key: string, params?: Record<string, unknown>) => context.translator.t(locale, key, params);
  const model = planModel(context, assessment, locale);
  const value = (name: string) => (values[name] === undefined || values[name] === null ? "" : String(values[name]));
  const choices = (codes: readonly string[], prefix: string, field: string) =>
    codes.map((code) => ({ value: code, label: t(`${prefix}.${code}`), selected: value(field) === code }));
  return {
    title: `${t(options.entryId ? "plan.editTitle" : "plan.newTitle")} · ${assessment.countryName} ${assessment.roundLabel}`,
    titleKey: options.entryId ? "plan.editTitle" : "plan.newTitle",
    assessment,
    action: options.entryId ? `/assessments/${assessment.id}/plan/${options.entryId}` : `/assessments/${assessment.id}/plan`,
    errors: options.errors ?? {},
    values: Object.fromEntries(
      [
        "title",
        "leadOrganisation",
        "othersInvolved",
        "startDate",
        "endDate",
        "costAmount",
        "costCurrency",
        "indicator",
        "baselineValue",
        "targetValue",
        "targetDate",
        "notes",
      ].map((name) => [name, value(name)]),
    ),
    actions: roadmapActions(model).map((a) => ({ value: a.id, label: a.text, selected: value("actionId") === a.id })),
    dimensions: model.levels.map((level) => ({
      title: level.title,
      dimensions: level.dimensions.map((d) => ({
        value: d.id,
        label: `${d.title}${d.current === null ? "" : ` (${formatNumber(locale, d.current, 2)})`}`,
        selected: value("dimensionId") === d.id,
      })),
    })),
    organisations: model.responseRates.organisations.map((o) => o.name),
    fundingSources: choices(planFundingSources, "plan.funding", "fundingSource"),
    baselineKinds: choices(planBaselineKinds, "plan.baseline", "baselineKind"),
    statuses: choices(planStatuses, "plan.status", "status"),
  };
}
