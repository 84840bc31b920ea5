// The share of ratings backed by evidence: the overall figure, then one table of levels and their dimensions.
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import type { Cell } from "../document";

export function drawEvidence({ title, evidence }: SectionOf<"evidence">, { flow, t, percent }: PdfContext): void {
  flow.newPage();
  flow.heading(title, 0);
  flow.paragraph(t("report.evidence.intro"), { size: 9.5 });
  flow.paragraph(t("report.evidence.overall", { evidenced: evidence.evidenced, count: evidence.answered, share: percent(evidence.share) }), { size: 10.5 });
  const rows: Cell[][] = [];
  for (const level of evidence.levels) {
    rows.push([
      { text: level.title, weight: "bold" },
      { text: String(level.answered), weight: "bold" },
      { text: String(level.evidenced), weight: "bold" },
      { text: percent(level.share), weight: "bold" },
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
  flow.table(
    [
      { header: t("report.dimension"), width: 4.4 },
      { header: t("report.evidence.ratings"), width: 1.3, align: "end" },
      { header: t("report.evidence.evidenced"), width: 1.4, align: "end" },
      { header: t("report.evidence.share"), width: 1.2, align: "end" },
      { header: t("report.evidence.sufficient"), width: 1.7, align: "end" },
    ],
    rows,
    { caption: t("report.evidence.caption"), size: 8 },
  );
}
