// Expert validation beside the self-assessment: headline indices with the coverage, the chart and table per dimension,
// and the largest disagreements (with their rationales only in a PDF asked for with comments).
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawValidation(
  { title, validation, chart: validationChart, showsRationales }: SectionOf<"validation">,
  { flow, t, num, percent, severityCell, levelTitle, chart }: PdfContext,
): void {
  flow.newPage();
  flow.heading(title, 0);
  flow.paragraph(t("report.validation.intro"), { size: 9.5 });
  flow.paragraph(
    t("report.validation.headline", {
      self: num(validation.selfIndex),
      validated: num(validation.validatedIndex),
      coverage: percent(validation.coverage),
      units: t("validation.unitsValidatedCount", { count: validation.validatedUnits }),
    }),
    { size: 10.5 },
  );
  chart(validationChart);
  flow.table(
    [
      { header: t("report.dimension"), width: 3.8 },
      { header: t("report.level"), width: 2 },
      { header: t("report.validation.self"), width: 1.3, align: "end" },
      { header: t("report.validation.validated"), width: 1.3, align: "end" },
      { header: t("report.severity"), width: 1.5, align: "center" },
      { header: t("report.validation.coverage"), width: 1.3, align: "end" },
    ],
    validation.dimensions.map((d) => [
      { text: d.title },
      { text: levelTitle(d.levelId) },
      { text: num(d.self) },
      { text: num(d.validated), weight: d.disagreements > 0 ? "bold" : "regular" },
      severityCell(d.validatedSeverity),
      { text: percent(d.coverage) },
    ]),
    { caption: t("report.validation.caption"), size: 8 },
  );
  if (validation.disagreements.length === 0) {
    flow.paragraph(t("report.validation.noDisagreements"), { size: 10, color: palette.muted });
    return;
  }
  flow.table(
    [
      { header: t("report.validation.unit"), width: 2.6 },
      { header: t("report.dimension"), width: 3.4 },
      { header: t("report.validation.self"), width: 1.2, align: "end" },
      { header: t("report.validation.validated"), width: 1.2, align: "end" },
      { header: t("report.validation.status"), width: 1.6 },
    ],
    validation.disagreements.map((d) => [
      { text: d.unit },
      { text: d.dimensionTitle },
      { text: num(d.self) },
      { text: num(d.validated), weight: "bold" },
      { text: t(`validation.status.${d.status}`) },
    ]),
    { caption: t("report.validation.disagreements"), size: 8 },
  );
  if (!showsRationales) return;
  for (const d of validation.disagreements) {
    if (!d.rationale) continue;
    flow.paragraph(`${d.unit} · ${d.dimensionTitle}`, { size: 8.5, color: palette.muted });
    flow.paragraph(d.rationale, { size: 9.5 }, { multiline: true, indent: 10, after: 8 });
  }
}
