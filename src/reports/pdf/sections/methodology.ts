// The methodology annex: the scale, importance, formulas, thresholds, the confidentiality rule and the data date.
import { formatDate } from "../../../i18n/format";
import { shortVersion } from "../../../questionnaires/hash";
import { scaleEnds } from "../../../questionnaires/scale";
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";

export function drawMethodology(section: SectionOf<"methodology">, { model, flow, t, num }: PdfContext): void {
  const meta = model.meta;
  flow.newPage();
  flow.heading(section.printTitle ?? section.title, 0);
  flow.paragraph(t("report.methodologyText"), { size: 9.5 });
  flow.heading(t("report.scale"), 1, { bookmark: false });
  flow.table(
    [
      { header: t("report.step"), width: 0.8, align: "center" },
      { header: t("report.scaleLevel"), width: 2 },
      { header: t("report.meaning"), width: 7 },
    ],
    model.scale.map((s) => [{ text: String(s.value), weight: "bold" }, { text: s.label, weight: "bold" }, { text: s.description }]),
    { size: 8 },
  );
  if (model.importance.length > 0) {
    flow.table(
      [
        { header: t("report.importance"), width: 1.2, align: "center" },
        { header: t("report.meaning"), width: 8.6 },
      ],
      model.importance.map((i) => [{ text: String(i.value), weight: "bold" }, { text: i.label }]),
      { size: 8 },
    );
  }
  flow.heading(t("pdf.formulas"), 1, { bookmark: false, keepWith: 80 });
  for (const key of ["gap", "priority", "dimension", "index", "interval"])
    flow.paragraph(`•  ${t(`pdf.formula.${key}`, scaleEnds(model.scale, meta.language))}`, { size: 9.5 }, { indent: 6, after: 3 });
  flow.space(4);
  flow.heading(t("pdf.thresholds"), 1, { bookmark: false, keepWith: 30 });
  const th = model.severityThresholds;
  flow.paragraph(t("report.severityText", { critical: num(th.critical), high: num(th.high), moderate: num(th.moderate), low: num(th.low) }), { size: 9.5 });
  flow.heading(t("pdf.confidentiality"), 1, { bookmark: false, keepWith: 30 });
  flow.paragraph(t("report.confidentialityText", { count: meta.minGroupSize, individual: meta.individualMinGroupSize }), { size: 9.5 });
  flow.heading(t("pdf.dataDate"), 1, { bookmark: false, keepWith: 30 });
  flow.paragraph(
    `${meta.dataDate ? t("pdf.dataDateText", { date: formatDate(meta.language, meta.dataDate) }) : t("report.noData")} ${t("report.generatedAt")} ${formatDate(meta.language, meta.generatedAt)}. ${t("report.versionLine", { version: shortVersion(meta.instrumentVersion) })}`,
    { size: 9.5 },
  );
}
