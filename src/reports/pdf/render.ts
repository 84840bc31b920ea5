// The PDF report, drawn from the report outline (the same sections, data and chart definitions as the HTML page,
// so the two never disagree): a cover, the contents with page numbers and bookmarks, then each section of the
// outline by its module in sections/, and a running footer with the page number on every page.
import PDFDocument from "pdfkit";
import type { Translator } from "../../i18n/translate";
import type { ReportModel } from "../model";
import { reportOutline, type ReportSection } from "../outline";
import { pdfContext } from "./context";
import { drawContents, drawCover, drawFooters, reportTitle, reserveContents } from "./frame";
import { DocumentFonts } from "./fonts";
import { cleanText } from "./sanitize";
import { pdfSections } from "./sections";
import { Typesetter } from "./typesetter";

export interface PdfOptions {
  translator: Translator;
  /** Respondents' comments are printed only when the reader may see them and asked for them. */
  includeComments?: boolean;
}

export async function renderReportPdf(model: ReportModel, options: PdfOptions): Promise<Buffer> {
  const { translator } = options;
  const meta = model.meta;
  const t = (key: string, params?: Record<string, unknown>) => translator.t(meta.language, key, params);
  const title = reportTitle({ model, t });

  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    lang: meta.language,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: cleanText(title),
      Author: cleanText(t("pdf.author", { instrument: meta.instrumentTitle })),
      Subject: cleanText(t("pdf.subject", { country: meta.countryName, round: meta.roundLabel })),
      Keywords: cleanText(`${meta.countryIso3}, ${meta.instrumentId} ${meta.instrumentVersion}, ${meta.roundLabel}`),
      Creator: "Capacity Needs Assessment",
      CreationDate: new Date(meta.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const ts = new Typesetter(doc, new DocumentFonts(doc), meta.direction === "rtl");
  const context = pdfContext(doc, ts, model, translator);
  const sections = reportOutline(model, translator, { includeComments: options.includeComments ?? false });

  drawCover(context);
  const contents = reserveContents(
    context,
    sections.map((s) => s.printTitle ?? s.title),
  );
  for (const section of sections) drawSection(section, context);
  drawContents(context, contents);
  drawFooters(context);

  doc.end();
  return finished;
}

function drawSection<S extends ReportSection>(section: S, context: ReturnType<typeof pdfContext>): void {
  (pdfSections[section.kind] as (section: S, context: ReturnType<typeof pdfContext>) => void)(section, context);
}

/**
 * Reads and parses the Latin fonts (kept for every later document: fonts.ts) and lays out a line with each, in a
 * document that is thrown away: what the first report after a start would otherwise wait for.
 */
export function warmPdf(): void {
  const doc = new PDFDocument({ autoFirstPage: false, bufferPages: true });
  doc.on("data", () => undefined);
  const fonts = new DocumentFonts(doc);
  doc.addPage();
  for (const weight of ["regular", "bold"] as const) {
    fonts.use("latin", weight);
    doc.widthOfString("Capacity needs assessment 0123456789");
  }
  doc.end();
}
