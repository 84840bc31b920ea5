// The executive summary: the key findings in words, the overall index and key figures, the index of each level, the five largest gaps.
import type { FileChild } from "docx";
import { formatDate } from "../../../i18n/format";
import { scaleEnds } from "../../../questionnaires/scale";
import type { SectionOf } from "../../outline";
import type { Cell, DocxContext } from "../context";

export function overviewDocx(section: SectionOf<"overview">, context: DocxContext): FileChild[] {
  const { model, t, num, percent, severityCell, statusNote, levelTitle, heading, paragraph, bullet, table } = context;
  const meta = model.meta;
  const rates = model.responseRates.overall;
  const out: FileChild[] = [heading(section.printTitle ?? section.title, 1)];
  // The summary opens with the key findings in words, each a sentence from the catalogue with its figures.
  if (section.findings.length > 0) out.push(heading(t("report.findings"), 2), ...section.findings.map((finding) => bullet(finding.text)));
  out.push(
    paragraph(
      `${t("report.overallIndex")}: ${meta.organisation || model.overall.index !== null ? num(model.overall.index, 0) : "—"} (${t("report.indexScale", scaleEnds(model.scale, meta.language))})`,
      {
        bold: true,
        size: 26,
      },
    ),
  );
  out.push(
    paragraph(
      t("report.respondentsLine", { count: meta.respondents }) + (meta.dataDate ? ` ${t("report.dataDate")} ${formatDate(meta.language, meta.dataDate)}.` : ""),
    ),
    paragraph(`${t("progress.rate")}: ${percent(rates.rate)} — ${t("progress.overall", { submitted: rates.submitted, count: rates.invited })}.`),
  );
  if (rates.lowResponse) out.push(paragraph(t("progress.lowResponse"), { warning: true }));
  if (model.overall.status !== "scored") out.push(paragraph(statusNote(model.overall), { muted: true }));
  out.push(
    ...table(
      [
        { header: t("report.level"), width: 4 },
        { header: t("pdf.index"), width: 1.3, align: "end" },
        { header: t("pdf.targetIndex"), width: 1.5, align: "end" },
        { header: t("report.gap"), width: 1.2, align: "end" },
        { header: t("report.n"), width: 1.5, align: "end" },
      ],
      model.levels.map((l): Cell[] =>
        l.status === "scored"
          ? [
              { text: l.title, bold: true },
              { text: num(l.index, 0), bold: true },
              { text: num(l.targetIndex, 0) },
              { text: num(l.gap) },
              { text: String(l.respondents ?? "—") },
            ]
          : [
              { text: l.title, bold: true },
              { text: statusNote(l), muted: true, span: 4 },
            ],
      ),
      { caption: t("pdf.levelIndices") },
    ),
  );
  const topFive = model.rankedDimensions.slice(0, 5);
  if (topFive.length === 0) return [...out, paragraph(t("report.noData"), { muted: true })];
  out.push(
    ...table(
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
        { text: num(d.priority), bold: true },
        severityCell(d.severity),
      ]),
      { caption: t("pdf.topGaps") },
    ),
  );
  return out;
}
