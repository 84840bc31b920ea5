// Progress since the previous round: the change in each dimension with its interval.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function progressDocx(
  { title, progress, chart: progressChart }: SectionOf<"progress">,
  { model, t, num, levelTitle, heading, paragraph, table, chart }: DocxContext,
): FileChild[] {
  return [
    heading(title, 1),
    paragraph(t("report.progressIntro", { previous: progress.previousRound })),
    ...chart(progressChart),
    ...table(
      [
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: progress.previousRound, width: 1.3, align: "end" },
        { header: model.meta.roundLabel, width: 1.3, align: "end" },
        { header: t("report.change"), width: 1.2, align: "end" },
        { header: t("report.interval"), width: 1.8, align: "center" },
        { header: t("report.clear"), width: 1.2, align: "center" },
      ],
      progress.dimensions.map((d) => [
        { text: d.title },
        { text: levelTitle(d.levelId) },
        { text: num(d.previous) },
        { text: num(d.current) },
        { text: `${d.change > 0 ? "+" : ""}${num(d.change)}`, bold: d.isClear },
        { text: `${num(d.lower)} – ${num(d.upper)}` },
        { text: d.isClear ? t("report.clearYes") : t("report.clearNo") },
      ]),
      { caption: t("report.progressCaption"), size: 16 },
    ),
  ];
}
