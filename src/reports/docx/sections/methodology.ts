// The methodology annex: the scale, importance, formulas, thresholds, the confidentiality rule and the data date.
import type { FileChild } from "docx";
import { formatDate } from "../../../i18n/format";
import { shortVersion } from "../../../questionnaires/hash";
import { scaleEnds } from "../../../questionnaires/scale";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function methodologyDocx(section: SectionOf<"methodology">, { model, t, num, heading, paragraph, bullet, table }: DocxContext): FileChild[] {
  const meta = model.meta;
  const th = model.severityThresholds;
  return [
    heading(section.printTitle ?? section.title, 1),
    paragraph(t("report.methodologyText")),
    heading(t("report.scale"), 2),
    ...table(
      [
        { header: t("report.step"), width: 0.8, align: "center" },
        { header: t("report.scaleLevel"), width: 2 },
        { header: t("report.meaning"), width: 7 },
      ],
      model.scale.map((s) => [{ text: String(s.value), bold: true }, { text: s.label, bold: true }, { text: s.description }]),
      { size: 16 },
    ),
    ...(model.importance.length > 0
      ? table(
          [
            { header: t("report.importance"), width: 1.2, align: "center" },
            { header: t("report.meaning"), width: 8.6 },
          ],
          model.importance.map((i) => [{ text: String(i.value), bold: true }, { text: i.label }]),
          { size: 16 },
        )
      : []),
    heading(t("pdf.formulas"), 2),
    ...["gap", "priority", "dimension", "index", "interval"].map((key) => bullet(t(`pdf.formula.${key}`, scaleEnds(model.scale, meta.language)))),
    heading(t("pdf.thresholds"), 2),
    paragraph(t("report.severityText", { critical: num(th.critical), high: num(th.high), moderate: num(th.moderate), low: num(th.low) })),
    heading(t("pdf.confidentiality"), 2),
    paragraph(t("report.confidentialityText", { count: meta.minGroupSize, individual: meta.individualMinGroupSize })),
    heading(t("pdf.dataDate"), 2),
    paragraph(
      `${meta.dataDate ? t("pdf.dataDateText", { date: formatDate(meta.language, meta.dataDate) }) : t("report.noData")} ${t("report.generatedAt")} ${formatDate(meta.language, meta.generatedAt)}. ${t("report.versionLine", { version: shortVersion(meta.instrumentVersion) })}`,
    ),
  ];
}
