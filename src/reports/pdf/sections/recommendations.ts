// Recommendations by dimension, then the roadmap of actions by horizon.
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawRecommendations(section: SectionOf<"recommendations">, { flow, ts, t, severityCell }: PdfContext): void {
  flow.newPage();
  flow.heading(section.title, 0);
  if (section.recommendations.length === 0) flow.paragraph(t("report.noRecommendations"), { size: 10, color: palette.muted });
  for (const recommendation of section.recommendations) {
    const heading = `${recommendation.rank}. ${recommendation.dimensionTitle} — ${t(`severity.${recommendation.severity}`)}`;
    flow.heading(heading, 2, { bookmark: false, keepWith: 30 });
    for (const action of recommendation.actions) {
      const block = ts.layout(`•  ${action.text}`, { size: 9.5, leading: 2 }, flow.width - 14);
      const horizon = ts.layout(t(`horizon.${action.horizon}`), { size: 7.5, color: palette.muted }, flow.width - 14);
      flow.ensure(block.height + horizon.height);
      flow.drawBlock(block, 8);
      flow.drawBlock(horizon, 22);
      flow.space(4);
    }
    flow.space(4);
  }
  if (section.roadmap) {
    flow.heading(t("report.roadmap"), 1);
    for (const { horizon, entries } of section.roadmap) {
      flow.table(
        [
          { header: t("pdf.action"), width: 6 },
          { header: t("report.dimension"), width: 3 },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        entries.length > 0
          ? entries.map((e) => [{ text: e.text }, { text: e.dimensionTitle }, severityCell(e.severity)])
          : [[{ text: t("report.roadmapEmpty"), color: palette.muted, span: 3 }]],
        { caption: t(`horizon.${horizon}`), size: 8 },
      );
    }
  }
}
