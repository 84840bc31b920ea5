// The priority gaps: the chart of the ten largest, every ranked dimension, and the top questions.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function gapsDocx(section: SectionOf<"gaps">, { t, num, severityCell, levelTitle, heading, paragraph, table, chart }: DocxContext): FileChild[] {
  const out: FileChild[] = [heading(section.title, 1), paragraph(t("report.rankedGapsIntro")), ...chart(section.chart)];
  if (section.dimensions.length > 0)
    out.push(
      ...table(
        [
          { header: t("report.rank"), width: 0.8, align: "center" },
          { header: t("report.dimension"), width: 3.6 },
          { header: t("report.level"), width: 2 },
          { header: t("report.current"), width: 1.1, align: "end" },
          { header: t("report.target"), width: 1.1, align: "end" },
          { header: t("report.gap"), width: 1, align: "end" },
          { header: t("report.priority"), width: 1.1, align: "end" },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        section.dimensions.map((d) => [
          { text: String(d.rank ?? "—") },
          { text: d.title },
          { text: levelTitle(d.levelId) },
          { text: num(d.current) },
          { text: num(d.target) },
          { text: num(d.gap) },
          { text: num(d.priority), bold: true },
          severityCell(d.severity),
        ]),
        { caption: t("report.rankedDimensions"), size: 16 },
      ),
    );
  else out.push(paragraph(t("report.noRanking"), { muted: true }));
  if (section.items.length > 0)
    out.push(
      ...table(
        [
          { header: t("report.rank"), width: 0.8, align: "center" },
          { header: t("report.item"), width: 6 },
          { header: t("report.gap"), width: 1, align: "end" },
          { header: t("report.importance"), width: 1.4, align: "end" },
          { header: t("report.priority"), width: 1.2, align: "end" },
          { header: t("report.n"), width: 1.4, align: "end" },
        ],
        section.items.map((item) => [
          { text: String(item.rank ?? "—") },
          {
            text: item.question,
            note: item.flags.knowledgeGap ? t("report.flag.knowledgeGap") : item.flags.lowConsensus ? t("report.flag.lowConsensus") : undefined,
          },
          { text: num(item.gap) },
          { text: num(item.importance) },
          { text: num(item.priority), bold: true },
          { text: String(item.n ?? "—") },
        ]),
        { caption: t("report.rankedItems"), size: 16 },
      ),
    );
  return out;
}
