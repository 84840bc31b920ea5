// Chart labels in the report's language, from the interface catalogue (shared by the HTML page and the PDF).
import type { Translator } from "../i18n/translate";
import type { ChartLabels } from "./charts";

export function chartLabels(translator: Translator, locale: string): ChartLabels {
  const t = (key: string, params?: Record<string, unknown>) => translator.t(locale, key, params);
  return {
    current: t("report.current"),
    target: t("report.target"),
    gap: t("report.gap"),
    peer: t("report.peerAverage"),
    previous: t("report.previousRound"),
    radarTitle: (level) => t("report.chart.radarTitle", { level }),
    radarSummary: (level, strongest, weakest) => t("report.chart.radarSummary", { level, strongest, weakest }),
    gapsTitle: t("report.chart.gapsTitle"),
    gapsSummary: (top) => t("report.chart.gapsSummary", { top }),
    peersTitle: (group) => t("report.chart.peersTitle", { group }),
    progressTitle: (round) => t("report.chart.progressTitle", { round }),
    dontKnow: t("respond.item.dontKnow"),
    notApplicable: t("respond.item.notApplicable"),
    distributionTitle: (dimension) => t("report.chart.distributionTitle", { dimension }),
    distributionSummary: t("report.chart.distributionSummary"),
  };
}
