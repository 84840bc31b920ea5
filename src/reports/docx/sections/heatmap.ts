// The organisation × dimension heatmap (and the same grid by background category): one table per level, rows down
// the side, the level's dimensions across the top, each cell carrying the current level and shaded by the level it
// prints (level-shade.ts, as on the page and in the PDF), so the shading is never the only carrier of the figure.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import { levelShadeOf, levelShadeRanges, levelShades } from "../../level-shade";
import type { Cell, DocxContext } from "../context";

/** A shade of level-shade.ts as Word writes colours: hex without the #. */
const word = (colour: string) => colour.slice(1).toUpperCase();

export function heatmapDocx({ title, heatmap, groups }: SectionOf<"heatmap">, context: DocxContext): FileChild[] {
  const { model, t } = context;
  return grid(
    {
      title,
      intro: t("report.heatmapIntro", { count: model.meta.minGroupSize }),
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
      intro: t("report.breakdown.intro", { count: model.meta.minGroupSize }),
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
          const shade = scored ? levelShades[levelShadeOf(cell.current!)] : undefined;
          return { text, muted: !scored, fill: shade && word(shade.fill), color: shade && word(shade.text) };
        }),
      ];
    });
    out.push(...table(columns, cells, { caption: group.title, size: 15 }));
  }
  // The key: each shade and the printed values it stands for, as under the page's grid.
  const ranges = levelShadeRanges();
  out.push(
    paragraph(t("report.heatmapShading"), { muted: true, size: 17 }),
    ...table(
      ranges.map((r) => ({ header: `${num(r.from, 1)}–${num(r.to, 1)}`, width: 1, align: "center" as const })),
      [ranges.map((r) => ({ text: num(r.level, 0), fill: word(levelShades[r.level].fill), color: word(levelShades[r.level].text) }))],
      { size: 15 },
    ),
  );
  return out;
}
