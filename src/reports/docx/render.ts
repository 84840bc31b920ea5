// The editable report (Word, DOCX), built from the report outline like the PDF (the same sections, data and chart
// definitions): a cover, a table of contents field over the Heading 1–3 styles, then each section of the outline by
// its module in sections/. Fonts are named, not embedded: Word and LibreOffice use the installed Noto fonts or
// substitute their own (docs/reports-docx.md).
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TableOfContents, TextRun, type FileChild } from "docx";
import { formatDate } from "../../i18n/format";
import type { Translator } from "../../i18n/translate";
import type { ReportModel } from "../model";
import { reportOutline, type ReportSection } from "../outline";
import { cleanText } from "../pdf/sanitize";
import { colours, docxContext, type DocxContext } from "./context";
import { docxSections } from "./sections";

export interface DocxOptions {
  translator: Translator;
  /** Respondents' comments are included only when the reader may see them and asked for them. */
  includeComments?: boolean;
}

/** Latin and Cyrillic, Arabic (complex script) and Chinese (East Asian) each name their Noto font. */
const fonts = { ascii: "Noto Sans", hAnsi: "Noto Sans", cs: "Noto Sans Arabic", eastAsia: "Noto Sans SC" };

export function reportTitleOf(model: ReportModel, t: DocxContext["t"]): string {
  const meta = model.meta;
  return meta.organisation ? t("report.organisationTitle", { organisation: meta.organisation.name }) : t("report.title", { country: meta.countryName });
}

export async function renderReportDocx(model: ReportModel, options: DocxOptions): Promise<Buffer> {
  const meta = model.meta;
  const context = docxContext(model, options.translator);
  const { t, rtl } = context;
  const title = reportTitleOf(model, t);
  const sections = reportOutline(model, options.translator, { includeComments: options.includeComments ?? false });
  const body: FileChild[] = [...cover(context, title), new TableOfContents(cleanText(t("report.contents")), { hyperlink: true, headingStyleRange: "1-3" })];
  for (const section of sections) body.push(...buildSection(section, context));

  const heading = (size: number, outlineLevel: number, pageBreakBefore = false) => ({
    run: { font: fonts, size, sizeComplexScript: size, bold: true, boldComplexScript: true, color: colours.band },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, pageBreakBefore, outlineLevel },
  });
  const document = new Document({
    creator: "Capacity Needs Assessment",
    title: cleanText(title),
    subject: cleanText(t("pdf.subject", { country: meta.countryName, round: meta.roundLabel })),
    keywords: cleanText(`${meta.countryIso3}, ${meta.instrumentId} ${meta.instrumentVersion}, ${meta.roundLabel}`),
    description: cleanText(t("pdf.author", { instrument: meta.instrumentTitle })),
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: {
            font: fonts,
            size: 20,
            sizeComplexScript: 20,
            language: { value: rtl ? "ar-SA" : meta.language, bidirectional: "ar-SA", eastAsia: "zh-CN" },
            rightToLeft: rtl || undefined,
          },
          paragraph: {},
        },
        heading1: heading(32, 0, true),
        heading2: heading(26, 1),
        heading3: heading(22, 2),
        title: { run: { font: fonts, size: 48, sizeComplexScript: 48, bold: true, boldComplexScript: true, color: colours.band } },
      },
    },
    sections: [
      { properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body },
    ],
  });
  return Packer.toBuffer(document);
}

function cover({ model, t, rtl, paragraph, table }: DocxContext, title: string): FileChild[] {
  const meta = model.meta;
  const facts: [string, string][] = [
    [t("pdf.country"), meta.countryName],
    ...(meta.organisation ? [[t("invitations.organisation"), meta.organisation.name] as [string, string]] : []),
    [t("pdf.instrument"), `${meta.instrumentTitle} (${meta.instrumentVersion.slice(0, 12)})`],
    [t("report.round"), meta.roundLabel],
    [t("pdf.date"), formatDate(meta.language, meta.generatedAt)],
    [t("pdf.status"), t(`status.${meta.status}`)],
    ...(meta.dataDate ? [[t("pdf.dataDate"), formatDate(meta.language, meta.dataDate)] as [string, string]] : []),
  ];
  return [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      bidirectional: rtl || undefined,
      alignment: AlignmentType.START,
      children: [new TextRun({ text: cleanText(title), rightToLeft: rtl || undefined })],
    }),
    paragraph(meta.instrumentTitle, { muted: true, size: 26 }),
    ...table(
      [
        { header: "", width: 1 },
        { header: "", width: 2.5 },
      ],
      facts.map(([label, value]) => [
        { text: label, muted: true },
        { text: value, bold: true },
      ]),
      { headerless: true, size: 21 },
    ),
    ...(meta.isDraft ? [paragraph(t("report.draftNotice"), { bold: true, warning: true })] : []),
    ...(meta.isDemo ? [paragraph(t("assessments.demoNotice"), { warning: true })] : []),
  ];
}

function buildSection<S extends ReportSection>(section: S, context: DocxContext): FileChild[] {
  return (docxSections[section.kind] as (section: S, context: DocxContext) => FileChild[])(section, context);
}
