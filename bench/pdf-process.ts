// Child process of the benchmark: builds the report model of one assessment and renders its PDF (median of three
// runs after a warm-up), then reports the time and this process's peak memory.
import { buildContext } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { findAssessment } from "../src/assessments/repository";
import { buildReportModel } from "../src/reports/build";
import { renderReportPdf } from "../src/reports/pdf/render";

const id = Number(process.argv[2]);
const context = await buildContext(loadConfig(process.env));
const assessment = findAssessment(context.database.db, id)!;
const once = async () => {
  const started = performance.now();
  const model = buildReportModel(context, assessment, { language: "en" });
  const pdf = await renderReportPdf(model, { translator: context.translator });
  return { ms: performance.now() - started, pdf };
};
await once();
const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms);
const { ms, pdf } = runs[1];
const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
process.send?.({ ms, rssMb: process.resourceUsage().maxRSS / 1024, pages, bytes: pdf.length });
context.database.close();
process.exit(0);
