// GET /portfolio: every country and round the user may see, one row each (portfolio.ts), with filters by country
// group, M49 region and instrument, and a small radar of the level scores per row (Chart.js, an enhancement: the
// table carries every figure without JavaScript). Links lead to each report the user may read.
import { allowedTo } from "../auth/access";
import { can, type Actor } from "../auth/policy";
import { COUNTRY_GROUPS } from "../countries/schema";
import type { AppContext } from "../context";
import { formatNumber, formatPercent } from "../i18n/format";
import { directionOf } from "../i18n/locales";
import { countryName, peerGroupName } from "../i18n/names";
import { instrumentText } from "../questionnaires/i18n";
import { definePage } from "../web/pages";
import { chartColours, toChartJs, type ChartDefinition } from "./charts";
import { portfolioOf, portfolioQuerySchema, type PortfolioQuery, type PortfolioRow } from "./portfolio";

/** A level's title without its explanation ("Institutional level — the enabling environment" → "Institutional level"). */
const shortTitle = (title: string) => title.split(/\s[—–-]\s/)[0];

export function portfolioView(context: AppContext, actor: Actor, locale: string, query: PortfolioQuery) {
  const deps = { database: context.database, instruments: context.instruments, countries: context.countries, clock: context.clock };
  const all = portfolioOf(deps, actor, {});
  const rows = portfolioOf(deps, actor, query);
  const instrumentIds = [...new Set(all.map((r) => r.instrumentId))].sort();
  const instrumentTitle = (id: string) => {
    const instrument = context.instruments.current(id);
    return instrument ? instrumentText(instrument, "instrument.title", locale) : id;
  };
  // The level columns: the levels of the instruments listed, in each instrument's order.
  const levelTitles = new Map<string, string>();
  for (const id of instrumentIds) {
    const instrument = context.instruments.current(id);
    for (const level of instrument?.levels ?? [])
      if (!levelTitles.has(level.id)) levelTitles.set(level.id, shortTitle(instrumentText(instrument!, `level.${level.id}.title`, locale)));
  }
  const levelColumns = [...levelTitles].map(([id, title]) => ({ id, title }));
  const regions = [...new Set(all.flatMap((r) => (r.region ? [r.region] : [])))].sort();
  const option = (value: string, label: string, current: string | undefined) => ({ value, label, selected: value === current });

  return {
    titleKey: "portfolio.title",
    scripts: ["/assets/vendor/chart.umd.js", "/assets/report.js"],
    filters: {
      groups: COUNTRY_GROUPS.map((g) => option(g, peerGroupName(locale, `group:${g}`), query.group)),
      regions: regions.map((r) => option(r, peerGroupName(locale, `region:${r}`), query.region)),
      instruments: instrumentIds.map((id) => option(id, instrumentTitle(id), query.instrument)),
    },
    isFiltered: query.group !== undefined || query.region !== undefined || query.instrument !== undefined,
    total: all.length,
    levelColumns,
    rows: rows.map((row) => rowView(context, actor, locale, row, levelColumns)),
  };
}

function rowView(context: AppContext, actor: Actor, locale: string, row: PortfolioRow, levelColumns: { id: string; title: string }[]) {
  const t = (key: string, params?: Record<string, unknown>) => context.translator.t(locale, key, params);
  const country = countryName(locale, { iso3: row.countryIso3, iso2: context.countries.byIso3(row.countryIso3)?.iso2 ?? null, name: row.countryName });
  const shown = (c: { status: string; index: number | null }) => (c.status === "scored" && c.index !== null ? formatNumber(locale, c.index, 0) : null);
  const levels = levelColumns.map((column) => {
    const level = row.levels.find((l) => l.levelId === column.id);
    return { title: column.title, value: level ? shown(level) : null, isInScope: level !== undefined };
  });
  const resource = { id: row.assessmentId, countryIso3: row.countryIso3 };
  return {
    id: row.assessmentId,
    country,
    round: row.roundLabel,
    status: row.status,
    statusLabel: t(`status.${row.status}`),
    isDemo: row.isDemo,
    groups: row.groups.join(", "),
    overall: shown(row.overall),
    levels,
    rate: row.responseRate.rate === null ? null : formatPercent(locale, row.responseRate.rate),
    submitted: row.responseRate.submitted,
    invited: row.responseRate.invited,
    coverage: row.validationCoverage === null ? null : formatPercent(locale, row.validationCoverage),
    reportHref: can(actor, "report.read", resource) ? `/assessments/${row.assessmentId}/report` : null,
    chart: chartView(radarOf(row, country, levelColumns, locale, t)),
  };
}

/** The level scores (0–5: the index ÷ 20) of one assessment as a small radar; none under three shown levels. */
function radarOf(
  row: PortfolioRow,
  country: string,
  levelColumns: { id: string; title: string }[],
  locale: string,
  t: (key: string, params?: Record<string, unknown>) => string,
): ChartDefinition | null {
  const scored = levelColumns.flatMap((column) => {
    const level = row.levels.find((l) => l.levelId === column.id);
    return level && level.status === "scored" && level.index !== null ? [{ title: column.title, score: level.index / 20 }] : [];
  });
  if (scored.length < 3) return null;
  return {
    id: `portfolio-radar-${row.assessmentId}`,
    title: t("portfolio.chartTitle", { country, round: row.roundLabel }),
    type: "radar",
    labels: scored.map((s) => s.title),
    datasets: [
      {
        label: t("portfolio.levelScore"),
        data: scored.map((s) => Math.round(s.score * 100) / 100),
        borderColor: chartColours.current,
        backgroundColor: "rgba(0,114,178,0.18)",
        pattern: "solid",
        pointStyle: "circle",
      },
    ],
    min: 0,
    max: 5,
    rtl: directionOf(locale) === "rtl",
    summary: t("portfolio.chartSummary", {
      levels: new Intl.ListFormat(locale, { type: "unit" }).format(scored.map((s) => `${s.title} ${formatNumber(locale, s.score, 1)}`)),
    }),
  };
}

function chartView(chart: ChartDefinition | null) {
  return chart && { id: chart.id, title: chart.title, summary: chart.summary, config: JSON.stringify(toChartJs(chart)), isRadar: true };
}

export const portfolioPages = [
  definePage({
    method: "get",
    path: "/portfolio",
    access: allowedTo("assessment.list"),
    query: portfolioQuerySchema,
    view: "reports/portfolio",
    handle: ({ context, actor, locale, query }) => portfolioView(context, actor, locale, query),
  }),
];
