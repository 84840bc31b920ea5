// The organisation × dimension heatmap (and the same grid by background category): one table per level, rows down
// the side, the level's dimensions across the top, each cell shaded by gap severity and carrying the current level,
// so the shading is never the only carrier of the figure.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import { type Cell, type DocxContext, severityFill, type Severity } from "../context";

export function heatmapDocx({ title, heatmap, groups }: SectionOf<"heatmap">, context: DocxContext): FileChild[] {
  const { model, t } = context;
  return grid(
    {
      title,
      intro: t("report.heatmapIntro", { k: model.meta.minGroupSize }),
      rowHeader: t("invitations.organisation"),
      dimensions: heatmap.dimensions,
      rows: heatmap.rows.map((row) => ({ ...row, name: row.name })),
      groups,
    },
    context,
  );
}

export function breakdownDocx({ title, breakdown, groups }: SectionOf<"breakdown">, context: DocxContext): FileChild[] {
  const { model, t } = context;
  return grid(
    {
      title,
      intro: t("report.breakdown.intro", { k: model.meta.minGroupSize }),
      rowHeader: t("report.breakdown.category"),
      dimensions: breakdown.dimensions,
      rows: breakdown.rows.map((row) => ({ ...row, name: row.label })),
      groups,
    },
    context,
  );
}

type GridRow = SectionOf<"heatmap">["heatmap"]["rows"][number] | SectionOf<"breakdown">["breakdown"]["rows"][number];

interface Grid {
  title: string;
  intro: string;
  rowHeader: string;
  dimensions: { title: string }[];
  rows: (GridRow & { name: string })[];
  groups: SectionOf<"heatmap">["groups"];
}

function grid({ title, intro, rowHeader, dimensions, rows, groups }: Grid, context: DocxContext): FileChild[] {
  const { t, num, statusNote, heading, paragraph, table } = context;
  const out: FileChild[] = [heading(title, 1), paragraph(intro)];
  if (rows.length === 0) return [...out, paragraph(t("report.noData"), { muted: true })];
  for (const group of groups) {
    const columns = [
      { header: rowHeader, width: 3 },
      ...group.columns.map((index) => ({ header: dimensions[index].title, width: 1, align: "center" as const })),
    ];
    const cells = rows.map((row): Cell[] => {
      if (row.status === "suppressed") return [{ text: row.name }, { text: statusNote(row), muted: true, span: group.columns.length }];
      return [
        { text: row.name },
        ...group.columns.map((position): Cell => {
          const cell = row.cells[position];
          const scored = cell.status === "scored" && cell.current !== null;
          // As on the page: s for a cell hidden for confidentiality, i for insufficient data, – for a level not asked.
          const text = scored ? num(cell.current, 1) : cell.status === "suppressed" ? "s" : cell.status === "not-in-scope" ? "–" : "i";
          return { text, muted: !scored, fill: scored && cell.severity ? severityFill[cell.severity as Severity] : undefined };
        }),
      ];
    });
    out.push(...table(columns, cells, { caption: group.title, size: 15 }));
  }
  const severities: Severity[] = ["critical", "high", "moderate", "low", "none"];
  out.push(
    ...table(
      severities.map((s) => ({ header: t(`severity.${s}`), width: 1, align: "center" as const })),
      [severities.map((s) => ({ text: t(`severity.${s}`), fill: severityFill[s] }))],
      { size: 15 },
    ),
    paragraph(t("report.heatmapLegend"), { muted: true, size: 17 }),
  );
  return out;
}
