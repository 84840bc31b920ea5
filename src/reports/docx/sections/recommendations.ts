// Recommendations by dimension, then the roadmap of actions by horizon.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function recommendationsDocx(section: SectionOf<"recommendations">, { t, severityCell, heading, paragraph, bullet, table }: DocxContext): FileChild[] {
  const out: FileChild[] = [heading(section.title, 1)];
  if (section.recommendations.length === 0) out.push(paragraph(t("report.noRecommendations"), { muted: true }));
  for (const recommendation of section.recommendations) {
    out.push(heading(`${recommendation.rank}. ${recommendation.dimensionTitle} — ${t(`severity.${recommendation.severity}`)}`, 3));
    for (const action of recommendation.actions) out.push(bullet(`${action.text} (${t(`horizon.${action.horizon}`)})`));
  }
  if (!section.roadmap) return out;
  out.push(heading(t("report.roadmap"), 2));
  for (const { horizon, entries } of section.roadmap)
    out.push(
      ...table(
        [
          { header: t("pdf.action"), width: 6 },
          { header: t("report.dimension"), width: 3 },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        entries.length > 0
          ? entries.map((e) => [{ text: e.text }, { text: e.dimensionTitle }, severityCell(e.severity)])
          : [[{ text: t("report.roadmapEmpty"), muted: true, span: 3 }]],
        { caption: t(`horizon.${horizon}`), size: 16 },
      ),
    );
  return out;
}
