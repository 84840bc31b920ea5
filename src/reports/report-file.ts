// The report as a file to download or write (PDF or Word), for the report pages and `export report` alike: the same
// model from reportFor, the same file name, the renderer loaded on first use (pdfkit, docx and the fonts are not
// needed by most requests).
import type { AssessmentSummary } from "../assessments/repository";
import type { Translator } from "../i18n/translate";
import type { ReportModel } from "./model";

export const reportFormats = ["pdf", "docx"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportMediaTypes: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export interface ReportFile {
  name: string;
  type: string;
  body: Buffer;
}

export async function reportFile(
  assessment: Pick<AssessmentSummary, "countryIso3" | "roundLabel">,
  model: ReportModel,
  format: ReportFormat,
  translator: Translator,
): Promise<ReportFile> {
  // Comments are in the model only when the reader may see them and asked for them.
  const options = { translator, includeComments: model.comments.length > 0 };
  const body =
    format === "pdf"
      ? await (await import("./pdf/render")).renderReportPdf(model, options)
      : await (await import("./docx/render")).renderReportDocx(model, options);
  const organisation = model.meta.organisation ? `-organisation-${model.meta.organisation.id}` : "";
  const name = `${assessment.countryIso3}-${assessment.roundLabel}${organisation}-${model.meta.language}.${format}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { name, type: reportMediaTypes[format], body };
}
