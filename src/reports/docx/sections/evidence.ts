// The share of ratings backed by evidence: the overall figure, then one table of levels and their dimensions.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { Cell, DocxContext } from "../context";

export function evidenceDocx({ title, evidence }: SectionOf<"evidence">, { t, percent, heading, paragraph, table }: DocxContext): FileChild[] {
  const rows: Cell[][] = [];
  for (const level of evidence.levels) {
    rows.push([
      { text: level.title, bold: true },
      { text: String(level.answered), bold: true },
      { text: String(level.evidenced), bold: true },
      { text: percent(level.share), bold: true },
      { text: "" },
    ]);
    for (const d of level.dimensions)
      rows.push(
        d.shown
          ? [
              { text: d.title },
              { text: String(d.answered) },
              { text: String(d.evidenced) },
              { text: percent(d.share) },
              { text: `${d.sufficient} / ${d.rated}` },
            ]
          : [{ text: d.title }, { text: t("validation.withheldShort") }, { text: "—" }, { text: "—" }, { text: "—" }],
      );
  }
  return [
    heading(title, 1),
    paragraph(t("report.evidence.intro")),
    paragraph(t("report.evidence.overall", { evidenced: evidence.evidenced, count: evidence.answered, share: percent(evidence.share) })),
    ...table(
      [
        { header: t("report.dimension"), width: 4.4 },
        { header: t("report.evidence.ratings"), width: 1.3, align: "end" },
        { header: t("report.evidence.evidenced"), width: 1.4, align: "end" },
        { header: t("report.evidence.share"), width: 1.2, align: "end" },
        { header: t("report.evidence.sufficient"), width: 1.7, align: "end" },
      ],
      rows,
      { caption: t("report.evidence.caption"), size: 16 },
    ),
  ];
}
