// One level: its index, its radar chart and the table of its dimensions (with the national figure in an
// organisation's report).
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { type Cell, type Column, palette } from "../document";

export function drawLevel({ level, chart: radar }: SectionOf<"level">, { model, flow, t, num, severityCell, statusNote, chart }: PdfContext): void {
  const isOrganisation = model.meta.organisation !== null;
  const dimensionColumns: Column[] = [
    { header: t("report.dimension"), width: 4.2 },
    { header: t("report.current"), width: 1.25, align: "end" },
    { header: t("report.target"), width: 1.25, align: "end" },
    { header: t("report.gap"), width: 1.1, align: "end" },
    { header: t("report.priority"), width: 1.25, align: "end" },
    { header: t("report.severity"), width: 1.5, align: "center" },
    { header: t("report.n"), width: 1.5, align: "end" },
    { header: t("report.interval"), width: 1.8, align: "center" },
    ...(isOrganisation ? [{ header: t("report.national"), width: 1.3, align: "end" } as Column] : []),
  ];
  flow.newPage();
  flow.heading(level.title, 0);
  if (level.description) flow.paragraph(level.description, { size: 9.5, color: palette.muted });
  // A level the organisation was not invited to answer: one sentence, not a table of rows that each say so.
  if (level.status === "not-in-scope") {
    flow.paragraph(statusNote(level), { size: 10 });
    return;
  }
  flow.paragraph(
    level.status === "scored"
      ? `${t("pdf.index")}: ${num(level.index, 0)} · ${t("pdf.targetIndex")}: ${num(level.targetIndex, 0)} · ${t("report.n")}: ${level.respondents ?? "—"}`
      : statusNote(level),
    { size: 10, weight: "bold" },
    { after: 10 },
  );
  chart(radar);
  flow.table(
    dimensionColumns,
    level.dimensions.map((d): Cell[] => {
      const flags = [d.flags.lowConsensus ? t("report.flag.lowConsensus") : null, d.flags.lowReliability ? t("report.flag.lowReliability") : null]
        .filter(Boolean)
        .join(", ");
      const name: Cell = { text: d.title, weight: "bold", note: flags || undefined };
      const national = isOrganisation ? [{ text: num(d.national) }] : [];
      if (d.status !== "scored") return [name, { text: statusNote(d), color: palette.muted, span: 7 }, ...national];
      return [
        name,
        { text: num(d.current) },
        { text: num(d.target) },
        { text: num(d.gap) },
        { text: num(d.priority) },
        severityCell(d.severity),
        { text: String(d.respondents ?? "—") },
        { text: d.ci ? `${num(d.ci.lower)} – ${num(d.ci.upper)}` : "—" },
        ...national,
      ];
    }),
    { caption: t("report.dimensionTable", { level: level.title }), size: 8 },
  );
}
