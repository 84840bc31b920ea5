// One level: its index, its radar chart and the table of its dimensions (with the national figure in an
// organisation's report).
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { Cell, Column, DocxContext } from "../context";

export function levelDocx({ level, chart: radar }: SectionOf<"level">, context: DocxContext): FileChild[] {
  const { model, t, num, severityCell, statusNote, heading, paragraph, table, chart } = context;
  const isOrganisation = model.meta.organisation !== null;
  const out: FileChild[] = [heading(level.title, 1)];
  if (level.description) out.push(paragraph(level.description, { muted: true }));
  if (level.status === "not-in-scope") return [...out, paragraph(statusNote(level))];
  out.push(
    paragraph(
      level.status === "scored"
        ? `${t("pdf.index")}: ${num(level.index, 0)} · ${t("pdf.targetIndex")}: ${num(level.targetIndex, 0)} · ${t("report.n")}: ${level.respondents ?? "—"}`
        : statusNote(level),
      { bold: true },
    ),
    ...chart(radar),
  );
  const columns: Column[] = [
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
  const rows = level.dimensions.map((d): Cell[] => {
    const flags = [d.flags.lowConsensus ? t("report.flag.lowConsensus") : null, d.flags.lowReliability ? t("report.flag.lowReliability") : null]
      .filter(Boolean)
      .join(", ");
    const name: Cell = { text: d.title, bold: true, note: flags || undefined };
    const national = isOrganisation ? [{ text: num(d.national) }] : [];
    if (d.status !== "scored") return [name, { text: statusNote(d), muted: true, span: 7 }, ...national];
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
  });
  return [...out, ...table(columns, rows, { caption: t("report.dimensionTable", { level: level.title }), size: 16 })];
}
