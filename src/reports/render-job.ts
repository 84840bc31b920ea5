// What the render worker (render-worker.mjs) runs: a report model in, the file's bytes out, with the worker's own
// interface catalogues (the same files the app reads). Kept apart from render-pool.ts so the thread loads only this.
import { Translator } from "../i18n/translate";
import type { ReportModel } from "./model";

let translator: Translator | null = null;
const translatorOf = () => (translator ??= new Translator());

export async function render(model: ReportModel, format: "pdf" | "docx", includeComments: boolean): Promise<Buffer> {
  const options = { translator: translatorOf(), includeComments };
  if (format === "pdf") return (await import("./pdf/render")).renderReportPdf(model, options);
  return (await import("./docx/render")).renderReportDocx(model, options);
}

/** Loads the renderers and parses the Latin fonts before the first report asks for them (the first PDF after a start). */
export async function warm(): Promise<void> {
  translatorOf();
  await import("./docx/render");
  const { warmPdf } = await import("./pdf/render");
  warmPdf();
}
