// Words the key findings (findings.ts) in one language: each kind has its catalogue template (report.finding.*),
// with slots for its figures; a template that depends on a count has one variant per plural category of the
// language (Intl.PluralRules: zero, one, two, few, many, other), chosen by Translator.plural. Never free text.
import { formatNumber, formatPercent } from "../i18n/format";
import { directionOf } from "../i18n/locales";
import { Translator } from "../i18n/translate";
import type { Finding, ReportFinding } from "./findings";

export interface FindingNames {
  level: (id: string) => string;
  dimension: (id: string) => string;
  organisation: (id: number) => string;
  peerGroup: (code: string) => string;
}

/** Changes named in the progress finding (the largest first); the count says how many there are in all. */
export const NAMED_CHANGES = 5;
/** Organisations named in the response-rate finding (the lowest rates first). */
export const NAMED_ORGANISATIONS = 3;

let catalogues: Translator | undefined;

/** The interface catalogues, read on first use: localise() is called far from any request's translator (publishing, the CLI). */
function translator(): Translator {
  catalogues ??= new Translator();
  return catalogues;
}

export function wordFindings(findings: readonly Finding[], language: string, names: FindingNames): ReportFinding[] {
  return findings.map((finding) => ({ ...finding, text: wordFinding(finding, language, names) }) as ReportFinding);
}

export function wordFinding(finding: Finding, language: string, names: FindingNames): string {
  const tr = translator();
  const t = (key: string, params?: Record<string, unknown>) => tr.t(language, key, params);
  const plural = (key: string, count: number, params: Record<string, unknown>) => tr.plural(language, key, count, params);
  const list = (parts: string[]) => new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(parts);
  const whole = (value: number) => formatNumber(language, value, 0);
  const decimal = (value: number) => formatNumber(language, value, 1);
  // A left-to-right mark keeps the sign before the number in right-to-left text (the PDF's bidi would move it after).
  const mark = directionOf(language) === "rtl" ? "\u200e" : "";
  const signed = (value: number) => mark + (value > 0 ? "+" : value < 0 ? "−" : "") + formatNumber(language, Math.abs(value), 1);
  const severity = (s: string) => t(`severity.${s}`).toLocaleLowerCase(language);
  const dimensionList = (ids: string[]) => list(ids.map(names.dimension));

  switch (finding.kind) {
    case "overall":
      return t("report.finding.overall", {
        index: whole(finding.index),
        levels: list(finding.levels.map((l) => t("report.finding.levelIndex", { level: names.level(l.levelId), index: whole(l.index) }))),
      });
    case "levels":
      return t("report.finding.levels", {
        weakest: names.level(finding.weakest.levelId),
        weakestIndex: whole(finding.weakest.index),
        strongest: names.level(finding.strongest.levelId),
        strongestIndex: whole(finding.strongest.index),
      });
    case "top-gaps":
      return plural("report.finding.topGaps", finding.dimensions.length, {
        dimensions: list(
          finding.dimensions.map((d) =>
            t("report.finding.gapOf", { dimension: names.dimension(d.dimensionId), gap: decimal(d.gap), severity: severity(d.severity) }),
          ),
        ),
      });
    case "knowledge-gaps":
      return plural("report.finding.knowledgeGaps", finding.items, { dimensions: dimensionList(finding.dimensionIds) });
    case "low-consensus":
      return plural("report.finding.lowConsensus", finding.dimensions, { dimensions: dimensionList(finding.dimensionIds) });
    case "low-response":
      return t("report.finding.lowResponse", {
        rate: formatPercent(language, finding.rate),
        submitted: whole(finding.submitted),
        invited: whole(finding.invited),
      });
    case "low-response-organisations":
      return plural("report.finding.lowResponseOrganisations", finding.organisations, {
        organisations: list(finding.organisationIds.slice(0, NAMED_ORGANISATIONS).map(names.organisation)),
      });
    case "progress":
      if (finding.changes.length === 0) return t("report.finding.progressNone", { previous: finding.previousRound });
      return plural("report.finding.progress", finding.changes.length, {
        previous: finding.previousRound,
        changes: list(
          finding.changes
            .slice(0, NAMED_CHANGES)
            .map((c) => t("report.finding.change", { dimension: names.dimension(c.dimensionId), change: signed(c.change) })),
        ),
      });
    case "peers":
      return plural("report.finding.peers", finding.compared, {
        group: names.peerGroup(finding.group),
        above: whole(finding.above),
        below: whole(finding.below),
      });
    case "validation":
      return plural("report.finding.validation", finding.disagreements, {
        coverage: formatPercent(language, finding.coverage),
        validated: whole(finding.validatedIndex),
        self: whole(finding.selfIndex),
      });
  }
}
