// The printed report's frame, around its sections: the cover, the contents page (room kept first, filled in once
// every section has its page) and the running footer with page numbers on every page.
import { formatDate } from "../../i18n/format";
import type { PdfContext } from "./context";
import { page, palette } from "./document";
import { cleanText } from "./sanitize";
import type { TextStyle } from "./typesetter";

export function reportTitle({ model, t }: Pick<PdfContext, "model" | "t">): string {
  const meta = model.meta;
  return meta.organisation ? t("report.organisationTitle", { organisation: meta.organisation.name }) : t("report.title", { country: meta.countryName });
}

export function drawCover(context: PdfContext): void {
  const { doc, model, flow, ts, t } = context;
  const meta = model.meta;
  flow.newPage();
  const coverTitle = ts.layout(reportTitle(context), { size: 26, weight: "bold", color: "#ffffff", leading: 4 }, flow.width);
  const coverSubtitle = ts.layout(meta.instrumentTitle, { size: 13, color: "#d7e6f0" }, flow.width);
  // The band grows with a long title (a long country or organisation name) rather than letting it run off the page.
  const band = Math.max(250, 90 + coverTitle.height + coverSubtitle.height + 24);
  doc.save().rect(0, 0, page.width, band).fill(palette.band).restore();
  ts.draw(coverTitle, flow.left, band - 10 - coverTitle.height - coverSubtitle.height - 14, flow.width, "start");
  ts.draw(coverSubtitle, flow.left, band - 10 - coverSubtitle.height - 6, flow.width, "start");
  flow.y = band + 40;
  const coverFacts: [string, string][] = [
    [t("pdf.country"), meta.countryName],
    ...(meta.organisation ? [[t("invitations.organisation"), meta.organisation.name] as [string, string]] : []),
    [t("pdf.instrument"), `${meta.instrumentTitle} (${meta.instrumentVersion.slice(0, 12)})`],
    [t("report.round"), meta.roundLabel],
    [t("pdf.date"), formatDate(meta.language, meta.generatedAt)],
    [t("pdf.status"), t(`status.${meta.status}`)],
    ...(meta.dataDate ? [[t("pdf.dataDate"), formatDate(meta.language, meta.dataDate)] as [string, string]] : []),
  ];
  for (const [label, value] of coverFacts) {
    const labelBlock = ts.layout(label, { size: 10.5, color: palette.muted }, 140);
    const valueBlock = ts.layout(value, { size: 12, weight: "bold" }, flow.width - 150);
    ts.draw(labelBlock, flow.boxX(0, 140), flow.y + 1.5, 140, "start");
    ts.draw(valueBlock, flow.boxX(150, flow.width - 150), flow.y, flow.width - 150, "start");
    flow.y += Math.max(labelBlock.height, valueBlock.height) + 10;
  }
  flow.space(16);
  if (meta.isDraft) flow.paragraph(t("report.draftNotice"), { size: 10, weight: "bold", color: "#9a3412" });
  if (meta.isDemo) flow.paragraph(t("assessments.demoNotice"), { size: 10, color: "#9a3412" });
}

/** Keeps blank pages for the contents of `titles` (the sections' headings); returns where they start and how many. */
export function reserveContents({ flow, ts }: PdfContext, titles: readonly string[]): { firstPage: number; pages: number } {
  const entryHeight = (text: string) => ts.layout(text, { size: 11 }, flow.width - 60).height + 7;
  const height = 40 + titles.reduce((h, s) => h + entryHeight(s), 0);
  const pages = Math.max(1, Math.ceil(height / (flow.bottom - page.top)));
  const firstPage = flow.currentPage + 1;
  for (let i = 0; i < pages; i++) flow.newPage();
  return { firstPage, pages };
}

/** The contents, now that every section has its page: titles, dotted leaders, page numbers and links. */
export function drawContents({ doc, flow, ts, t, rtl }: PdfContext, reserved: { firstPage: number; pages: number }): void {
  const sections = flow.destinations.filter((d) => d.depth === 0);
  doc.switchToPage(reserved.firstPage - 1);
  let contentsY = page.top;
  const contentsTitle = ts.layout(t("report.contents"), { size: 17, weight: "bold", color: palette.band }, flow.width);
  ts.draw(contentsTitle, flow.left, contentsY, flow.width, "start");
  contentsY += contentsTitle.height + 16;
  let contentsPage = reserved.firstPage;
  for (const section of sections) {
    const entry = ts.layout(section.title, { size: 11 }, flow.width - 60);
    const number = ts.layout(String(section.page), { size: 11, weight: "bold" }, 50);
    if (contentsY + entry.height > flow.bottom && contentsPage < reserved.firstPage + reserved.pages - 1) {
      contentsPage++;
      doc.switchToPage(contentsPage - 1);
      contentsY = page.top;
    }
    ts.draw(entry, flow.boxX(0, flow.width - 60), contentsY, flow.width - 60, "start");
    ts.draw(number, flow.boxX(flow.width - 50, 50), contentsY, 50, "end");
    // Dotted leader between the title's last line and the page number.
    const last = entry.lines[entry.lines.length - 1];
    const leaderY = contentsY + entry.height - 5;
    const leaderFrom = rtl ? flow.left + 56 : flow.left + last.width + 8;
    const leaderTo = rtl ? flow.left + flow.width - last.width - 8 : flow.left + flow.width - 56;
    if (leaderTo > leaderFrom)
      doc
        .save()
        .moveTo(leaderFrom, leaderY)
        .lineTo(leaderTo, leaderY)
        .lineWidth(0.7)
        .dash(1, { space: 2.5 })
        .strokeColor("#9aa5b1")
        .stroke()
        .undash()
        .restore();
    doc.goTo(flow.left, contentsY, flow.width, entry.height, section.name);
    contentsY += entry.height + 7;
  }
}

/** The running footer on every page: what the report is, and the page number (with the draft mark). */
export function drawFooters(context: PdfContext): void {
  const { doc, model, flow, ts, t } = context;
  const meta = model.meta;
  const range = doc.bufferedPageRange();
  // The draft mark stands with the page number, so that shortening a long name never drops it.
  const footerText = `${meta.countryName} · ${meta.roundLabel} · ${meta.instrumentTitle}`;
  const numberWidth = 130;
  const footer = oneLine(context, footerText, { size: 7.5, color: palette.muted }, flow.width - numberWidth - 8);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = page.height - page.bottom + 22;
    doc
      .save()
      .moveTo(flow.left, y - 6)
      .lineTo(flow.left + flow.width, y - 6)
      .lineWidth(0.4)
      .strokeColor(palette.rule)
      .stroke()
      .restore();
    ts.draw(footer, flow.boxX(0, flow.width - numberWidth - 8), y, flow.width - numberWidth - 8, "start");
    const pageLabel = t("pdf.page", { page: i + 1, pages: range.count });
    const number = oneLine(
      context,
      meta.isDraft ? `${t("report.draftWatermark")} · ${pageLabel}` : pageLabel,
      { size: 7.5, weight: "bold", color: palette.muted },
      numberWidth,
    );
    ts.draw(number, flow.boxX(flow.width - numberWidth, numberWidth), y, numberWidth, "end");
  }
}

/** A text on one line, shortened with an ellipsis when it is too long (the running footer). */
function oneLine({ ts }: PdfContext, text: string, style: TextStyle, width: number) {
  const clean = cleanText(text);
  let block = ts.layout(clean, style, Number.POSITIVE_INFINITY);
  if (block.width <= width) return block;
  const chars = [...clean];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (ts.widthOf(`${chars.slice(0, middle).join("").trimEnd()}…`, style) <= width) low = middle;
    else high = middle - 1;
  }
  block = ts.layout(`${chars.slice(0, low).join("").trimEnd()}…`, style, Number.POSITIVE_INFINITY);
  return block;
}
