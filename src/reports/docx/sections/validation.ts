// Expert validation beside the self-assessment: headline, chart and table per dimension, the largest disagreements
// (with their rationales only when the reader may see them and asked for them).
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function validationDocx(
  { title, validation, chart: validationChart, showsRationales }: SectionOf<"validation">,
  { t, num, percent, severityCell, levelTitle, heading, paragraph, paragraphs, table, chart }: DocxContext,
): FileChild[] {
  const out: FileChild[] = [
    heading(title, 1),
    paragraph(t("report.validation.intro")),
    paragraph(
      t("report.validation.headline", {
        self: num(validation.selfIndex),
        validated: num(validation.validatedIndex),
        coverage: percent(validation.coverage),
        units: t("validation.unitsValidatedCount", { count: validation.validatedUnits }),
      }),
    ),
    ...chart(validationChart),
    ...table(
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
        { text: num(d.validated), bold: d.disagreements > 0 },
        severityCell(d.validatedSeverity),
        { text: percent(d.coverage) },
      ]),
      { caption: t("report.validation.caption"), size: 16 },
    ),
  ];
  if (validation.disagreements.length === 0) return [...out, paragraph(t("report.validation.noDisagreements"), { muted: true })];
  out.push(
    ...table(
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
        { text: num(d.validated), bold: true },
        { text: t(`validation.status.${d.status}`) },
      ]),
      { caption: t("report.validation.disagreements"), size: 16 },
    ),
  );
  if (showsRationales)
    for (const d of validation.disagreements)
      if (d.rationale) out.push(paragraph(`${d.unit} · ${d.dimensionTitle}`, { muted: true, keepNext: true }), ...paragraphs(d.rationale));
  return out;
}
