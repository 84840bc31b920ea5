// Child process of the benchmark: builds the report model of one assessment and renders its PDF (median of three
// runs after a warm-up), then reports the time and this process's peak memory. The process loads what a PDF needs
// (the database with the assessment's pinned instrument version, countries, interface text), not the web server nor
// the instrument files, so its peak memory is the PDF's own.
import { findAssessment } from "../src/assessments/repository";
import { loadConfig } from "../src/config";
import { CountryDirectory, loadCountries } from "../src/countries/repository";
import { openDatabase } from "../src/db/client";
import { Translator } from "../src/i18n/translate";
import { InstrumentCatalog } from "../src/questionnaires/catalog";
import { buildReportModel } from "../src/reports/build";
import { renderReportPdf } from "../src/reports/pdf/render";

const id = Number(process.argv[2]);
const config = loadConfig(process.env);
const database = openDatabase(config.databasePath);
const deps = {
  database,
  // A report reads the instrument version its assessment pinned, from the database.
  instruments: new InstrumentCatalog([]),
  countries: new CountryDirectory(loadCountries()),
  clock: () => new Date(),
};
const translator = new Translator();
const assessment = findAssessment(database.db, id)!;
const baselineMb = process.memoryUsage().rss / 2 ** 20;
const once = async () => {
  const started = performance.now();
  const model = buildReportModel(deps, assessment, { language: "en" });
  const modelMs = performance.now() - started;
  const pdf = await renderReportPdf(model, { translator });
  return { ms: performance.now() - started, modelMs, pdf };
};
await once();
const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms);
const { ms, modelMs, pdf } = runs[1];
const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
process.send?.({ ms, modelMs, renderMs: ms - modelMs, rssMb: process.resourceUsage().maxRSS / 1024, baselineMb, pages, bytes: pdf.length });
database.close();
process.exit(0);
