// The organisation × dimension heatmap (and the same grid by background category): one grid per level, organisations down the side, the level's dimensions
// across the top (their names turned upright to fit), each cell carrying the current level and shaded by the level it
// prints (level-shade.ts, as on the page), so the shading is never the only carrier of the figure. Right to left, names stand at the right.
import type { SectionOf } from "../../outline";
import { levelShadeOf, levelShadeRanges, levelShades } from "../../level-shade";
import type { PdfContext } from "../context";
import { palette } from "../document";

const nameWidth = 118;
const headerText = { size: 7, weight: "bold" as const, color: palette.text };
const cellText = { size: 7.5, color: palette.text };

export function drawHeatmap({ title, heatmap, groups }: SectionOf<"heatmap">, context: PdfContext): void {
  const { model, t } = context;
  const rows = heatmap.rows.map((row) => ({ ...row, name: row.name }));
  drawGrid(
    {
      title,
      intro: t("report.heatmapIntro", { count: model.meta.minGroupSize }),
      rowHeader: t("invitations.organisation"),
      dimensions: heatmap.dimensions,
      rows,
      groups,
    },
    context,
  );
}

/** The results by background category (`?by=`): the same grid, categories down the side. */
export function drawBreakdown({ title, breakdown, groups }: SectionOf<"breakdown">, context: PdfContext): void {
  const { model, t } = context;
  const rows = breakdown.rows.map((row) => ({ ...row, name: row.label }));
  drawGrid(
    {
      title,
      intro: t("report.breakdown.intro", { count: model.meta.minGroupSize }),
      rowHeader: t("report.breakdown.category"),
      dimensions: breakdown.dimensions,
      rows,
      groups,
    },
    context,
  );
}

type GridRow = SectionOf<"heatmap">["heatmap"]["rows"][number] | NonNullable<SectionOf<"breakdown">["breakdown"]>["rows"][number];

interface Grid {
  title: string;
  intro: string;
  rowHeader: string;
  dimensions: { title: string }[];
  rows: (GridRow & { name: string })[];
  groups: SectionOf<"heatmap">["groups"];
}

function drawGrid({ title, intro, rowHeader, dimensions, rows: gridRows, groups }: Grid, context: PdfContext): void {
  const { doc, flow, ts, t, statusNote } = context;
  const heatmap = { dimensions, rows: gridRows };
  flow.newPage();
  flow.heading(title, 0);
  flow.paragraph(intro, { size: 9.5 });
  if (heatmap.rows.length === 0) {
    flow.paragraph(t("report.noData"), { size: 10, color: palette.muted });
    return;
  }
  for (const group of groups) {
    const columns = group.columns.map((index) => heatmap.dimensions[index]);
    const cellWidth = Math.min(44, (flow.width - nameWidth) / columns.length);
    // Upright headers: each name wrapped to the header's height, its lines side by side across the column.
    const headerHeight = 112;
    const headers = columns.map((d) => ts.layout(d.title, headerText, headerHeight - 8));
    const caption = ts.layout(group.title, { size: 9, weight: "bold", color: palette.muted }, flow.width);
    const rows = heatmap.rows.map((row) => ({ row, name: ts.layout(row.name, cellText, nameWidth - 8) }));
    const rowHeight = (name: { height: number }) => Math.max(16, name.height + 6);

    const drawHeader = () => {
      const top = flow.y;
      const bottom = top + headerHeight;
      doc.save().rect(flow.left, top, flow.width, headerHeight).fill(palette.header).restore();
      ts.draw(ts.layout(rowHeader, headerText, nameWidth - 8), flow.boxX(4, nameWidth - 8), bottom - 14, nameWidth - 8, "start");
      headers.forEach((block, i) => {
        const x = flow.boxX(nameWidth + i * cellWidth, cellWidth);
        // Turned a quarter to the left: the text runs upwards from the bottom of the header, its lines across the column.
        const originX = x + (cellWidth - block.height) / 2;
        doc.save().rotate(-90, { origin: [originX, bottom - 4] });
        ts.draw(block, originX, bottom - 4, headerHeight - 8, "left");
        doc.restore();
      });
      flow.y = bottom;
    };

    flow.ensure(caption.height + 4 + headerHeight + rowHeight(rows[0].name));
    ts.draw(caption, flow.left, flow.y, flow.width, "start");
    flow.y += caption.height + 4;
    drawHeader();
    rows.forEach(({ row, name }, index) => {
      const height = rowHeight(name);
      if (flow.y + height > flow.bottom) {
        flow.newPage();
        drawHeader();
      }
      const y = flow.y;
      if (index % 2 === 1) doc.save().rect(flow.left, y, flow.width, height).fill(palette.zebra).restore();
      ts.draw(name, flow.boxX(4, nameWidth - 8), y + (height - name.height) / 2, nameWidth - 8, "start");
      if (row.status === "suppressed") {
        const note = ts.layout(statusNote(row), { ...cellText, color: palette.muted }, cellWidth * columns.length - 8);
        ts.draw(note, flow.boxX(nameWidth + 4, cellWidth * columns.length - 8), y + (height - note.height) / 2, cellWidth * columns.length - 8, "start");
      } else {
        group.columns.forEach((position, i) => {
          const cell = row.cells[position];
          const x = flow.boxX(nameWidth + i * cellWidth, cellWidth);
          const scored = cell.status === "scored" && cell.current !== null;
          const shade = scored ? levelShades[levelShadeOf(cell.current!)] : undefined;
          if (shade)
            doc
              .save()
              .rect(x + 1, y + 1, cellWidth - 2, height - 2)
              .fill(shade.fill)
              .restore();
          // As on the page: s for a cell hidden for confidentiality, i for insufficient data, – for a level not asked of
          // the organisation (the legend says so).
          const text = scored ? context.num(cell.current, 1) : cell.status === "suppressed" ? "s" : cell.status === "not-in-scope" ? "–" : "i";
          const block = ts.layout(text, shade ? { ...cellText, color: shade.text } : { ...cellText, color: palette.muted }, cellWidth - 2);
          ts.draw(block, x + 1, y + (height - block.height) / 2, cellWidth - 2, "center");
        });
      }
      doc
        .save()
        .moveTo(flow.left, y + height)
        .lineTo(flow.left + flow.width, y + height)
        .lineWidth(0.4)
        .strokeColor(palette.rule)
        .stroke()
        .restore();
      flow.y += height;
    });
    flow.space(12);
  }
  flow.paragraph(t("report.heatmapShading"), { size: 8.5, color: palette.muted });
  drawShadeKey(context);
}

/** The six shades and the printed values each stands for, in a row under the grids (as the page's key). */
function drawShadeKey({ doc, flow, ts, num }: PdfContext): void {
  const ranges = levelShadeRanges();
  const blocks = ranges.map((r) => ts.layout(`${num(r.from, 1)}–${num(r.to, 1)}`, { size: 7.5 }, 90));
  flow.ensure(18);
  let offset = 0;
  ranges.forEach((range, i) => {
    const width = 16 + blocks[i].width;
    const x = flow.boxX(offset, width);
    const swatchX = flow.rtl ? x + width - 12 : x;
    doc
      .save()
      .rect(swatchX, flow.y + 1, 12, 9)
      .lineWidth(0.4)
      .fillAndStroke(levelShades[range.level].fill, palette.rule)
      .restore();
    ts.draw(blocks[i], flow.rtl ? x : x + 16, flow.y, blocks[i].width + 1, "left");
    offset += width + 14;
  });
  flow.y += 16;
}
