// The report as a file to download or write (PDF or Word), for the report pages and `export report` alike: the same
// model from reportFor, the same file name, the renderer loaded on first use (pdfkit, docx and the fonts are not
// needed by most requests).
import type { AssessmentSummary } from "../assessments/repository";
import type { Translator } from "../i18n/translate";
import type { ReportModel } from "./model";
import { renderInThread, ThreadUnavailable } from "./render-pool";

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
  const body = await keptFile(model, format, () => render(model, format, translator));
  const organisation = model.meta.organisation ? `-organisation-${model.meta.organisation.id}` : "";
  const name = `${assessment.countryIso3}-${assessment.roundLabel}${organisation}-${model.meta.language}.${format}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { name, type: reportMediaTypes[format], body };
}

function render(model: ReportModel, format: ReportFormat, translator: Translator): Promise<Buffer> {
  // Comments are in the model only when the reader may see them and asked for them.
  const includeComments = model.comments.length > 0;
  // In the worker thread (render-pool.ts), so that requests are answered meanwhile; here when no thread can start.
  return renderInThread(model, format, includeComments).catch((error: unknown) => {
    if (!(error instanceof ThreadUnavailable)) throw error;
    const options = { translator, includeComments };
    return format === "pdf"
      ? import("./pdf/render").then(({ renderReportPdf }) => renderReportPdf(model, options))
      : import("./docx/render").then(({ renderReportDocx }) => renderReportDocx(model, options));
  });
}

/** Files of the most recently downloaded kept models: a Word report of the demo is 4 MB, so only a few are kept. */
const KEPT_FILES = 8;
const keptFiles = new Map<string, { model: ReportModel; body: Promise<Buffer> }>();
const modelIds = new WeakMap<ReportModel, number>();
let nextModelId = 1;

/**
 * The file of a kept model (frozen and shared: src/reports/cache.ts) is rendered once, and readers asking at the same
 * time wait for the same rendering; a file of any other model (with comments, by category) is rendered for its reader.
 */
function keptFile(model: ReportModel, format: ReportFormat, make: () => Promise<Buffer>): Promise<Buffer> {
  if (!Object.isFrozen(model)) return make();
  let id = modelIds.get(model);
  if (id === undefined) modelIds.set(model, (id = nextModelId++));
  const key = `${id}:${format}`;
  const hit = keptFiles.get(key);
  if (hit) {
    keptFiles.delete(key);
    keptFiles.set(key, hit);
    return hit.body;
  }
  const body = make();
  keptFiles.set(key, { model, body });
  // A failed rendering is not kept: the next reader tries again.
  body.catch(() => keptFiles.get(key)?.body === body && keptFiles.delete(key));
  if (keptFiles.size > KEPT_FILES) keptFiles.delete(keptFiles.keys().next().value as string);
  return body;
}
