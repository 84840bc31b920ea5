// The executive summary: the key findings in words, then the overall index beside the key figures, the index of each level, the five largest gaps.
import { formatDate } from "../../../i18n/format";
import { scaleEnds } from "../../../questionnaires/scale";
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { type Cell, type Column, palette } from "../document";

export function drawOverview(
  section: SectionOf<"overview">,
  { doc, model, flow, ts, t, num, percent, severityCell, statusNote, levelTitle }: PdfContext,
): void {
  const meta = model.meta;
  flow.newPage();
  flow.heading(section.printTitle ?? section.title, 0);
  // The summary opens with the key findings in words, each a sentence from the catalogue with its figures.
  if (section.findings.length > 0) {
    flow.heading(t("report.findings"), 1, { bookmark: false });
    for (const finding of section.findings) {
      const block = ts.layout(`•  ${finding.text}`, { size: 9.5, leading: 2 }, flow.width - 14);
      flow.ensure(block.height);
      flow.drawBlock(block, 8);
      flow.space(3);
    }
    flow.space(8);
  }
  const boxWidth = 150;
  const label = ts.layout(t("report.overallIndex"), { size: 10, weight: "bold", color: "#ffffff" }, boxWidth - 20);
  const value = ts.layout(
    meta.organisation || model.overall.index !== null ? num(model.overall.index, 0) : "—",
    { size: 30, weight: "bold", color: "#ffffff" },
    boxWidth - 20,
  );
  const scale = ts.layout(t("report.indexScale", scaleEnds(model.scale, meta.language)), { size: 7.5, color: "#d7e6f0" }, boxWidth - 20);
  const boxHeight = label.height + value.height + scale.height + 24;
  const summaryLines = [
    t("report.respondentsLine", { count: meta.respondents }) + (meta.dataDate ? ` ${t("report.dataDate")} ${formatDate(meta.language, meta.dataDate)}.` : ""),
    `${t("progress.rate")}: ${percent(model.responseRates.overall.rate)} — ${t("progress.overall", { submitted: model.responseRates.overall.submitted, count: model.responseRates.overall.invited })}.`,
    ...(model.responseRates.overall.lowResponse ? [t("progress.lowResponse")] : []),
    ...(model.overall.status !== "scored" ? [statusNote(model.overall)] : []),
  ];
  const textWidth = flow.width - boxWidth - 18;
  const blocks = summaryLines.map((line) => ts.layout(line, { size: 10, leading: 2.5 }, textWidth));
  flow.ensure(boxHeight);
  const top = flow.y;
  const boxX = flow.boxX(0, boxWidth);
  doc.save().roundedRect(boxX, top, boxWidth, boxHeight, 4).fill(palette.band).restore();
  ts.draw(label, boxX + 10, top + 10, boxWidth - 20, "start");
  ts.draw(value, boxX + 10, top + 12 + label.height, boxWidth - 20, "start");
  ts.draw(scale, boxX + 10, top + 14 + label.height + value.height, boxWidth - 20, "start");
  let textY = top + 4;
  for (const block of blocks) {
    ts.draw(block, flow.boxX(boxWidth + 18, textWidth), textY, textWidth, "start");
    textY += block.height + 6;
  }
  flow.y = Math.max(top + boxHeight, textY) + 14;

  const indexColumns: Column[] = [
    { header: t("report.level"), width: 4 },
    { header: t("pdf.index"), width: 1.3, align: "end" },
    { header: t("pdf.targetIndex"), width: 1.5, align: "end" },
    { header: t("report.gap"), width: 1.2, align: "end" },
    { header: t("report.n"), width: 1.5, align: "end" },
  ];
  flow.table(
    indexColumns,
    model.levels.map((l): Cell[] =>
      l.status === "scored"
        ? [
            { text: l.title, weight: "bold" },
            { text: num(l.index, 0), weight: "bold" },
            { text: num(l.targetIndex, 0) },
            { text: num(l.gap) },
            { text: String(l.respondents ?? "—") },
          ]
        : [
            { text: l.title, weight: "bold" },
            { text: statusNote(l), color: palette.muted, span: 4 },
          ],
    ),
    { caption: t("pdf.levelIndices") },
  );
  const topFive = model.rankedDimensions.slice(0, 5);
  if (topFive.length > 0) {
    flow.table(
      [
        { header: t("report.rank"), width: 0.8, align: "center" },
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: t("report.gap"), width: 1, align: "end" },
        { header: t("report.priority"), width: 1.2, align: "end" },
        { header: t("report.severity"), width: 1.5, align: "center" },
      ],
      topFive.map((d) => [
        { text: String(d.rank ?? "—") },
        { text: d.title },
        { text: levelTitle(d.levelId) },
        { text: num(d.gap) },
        { text: num(d.priority), weight: "bold" },
        severityCell(d.severity),
      ]),
      { caption: t("pdf.topGaps") },
    );
  } else {
    flow.paragraph(t("report.noData"), { size: 10, color: palette.muted });
  }
}
