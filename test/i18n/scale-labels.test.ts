// Scale labels on pages come from the instrument (issue 24, languages point 4): the interface's sentences that name
// the scale's ends (the welcome page's "how to answer", the report's index scale, the PDF's index formula) cite the
// instrument's own labels in the page's language, so interface and questionnaire cannot disagree. Renaming the ends
// in a test instrument renames them on every page.
import fs from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { projectRoot } from "../../src/config";
import { interfaceLocales } from "../../src/i18n/locales";
import { readCatalogue } from "../../src/i18n/translate";
import { sourceHash } from "../../src/questionnaires/i18n";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { reportFor } from "../../src/reports/service";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

const ends = {
  en: { lowest: "Nothing at all", highest: "World class" },
  fr: { lowest: "Rien du tout", highest: "De classe mondiale" },
};

/** The default instrument with its scale's ends renamed, in English and French (the translations kept current). */
function instrumentWithRenamedEnds(): string {
  const root = makeTempDir("cna-scale-ends-");
  const folder = path.join(root, "digital-government");
  fs.cpSync(path.join(projectRoot, "questionnaires", "digital-government"), folder, { recursive: true });
  const instrumentFile = path.join(folder, "instrument.yaml");
  const english = fs.readFileSync(instrumentFile, "utf8");
  const renamed = english.replace("label: Absent\n", `label: ${ends.en.lowest}\n`).replace("label: Leading\n", `label: ${ends.en.highest}\n`);
  expect(renamed).not.toBe(english);
  fs.writeFileSync(instrumentFile, renamed);
  // Every translation translates the new English labels (their source hash follows); French names them anew.
  const sources = { 0: sourceHash(ends.en.lowest), 5: sourceHash(ends.en.highest) };
  for (const file of fs.readdirSync(path.join(folder, "translations"))) {
    const translation = path.join(folder, "translations", file);
    let text = fs.readFileSync(translation, "utf8");
    for (const [value, hash] of Object.entries(sources)) {
      text = text.replace(new RegExp(`(\\n  scale\\.${value}\\.label:\\n    source: )"?\\w+"?`), `$1"${hash}"`);
    }
    if (file === "fr.yaml") {
      text = text
        .replace(/(\n  scale\.0\.label:\n    source: "?\w+"?\n    text: )[^\n]*/, `$1${ends.fr.lowest}`)
        .replace(/(\n  scale\.5\.label:\n    source: "?\w+"?\n    text: )[^\n]*/, `$1${ends.fr.highest}`);
    }
    fs.writeFileSync(translation, text);
  }
  return root;
}

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return pages.join("\n").replace(/\s+/g, " ");
}

describe("the scale's ends named on pages", () => {
  it.each(interfaceLocales)("are placeholders in every sentence of the %s catalogue that cites them", (locale) => {
    const catalogue = readCatalogue(locale);
    for (const key of ["respond.welcome.how", "report.indexScale", "pdf.formula.index"]) {
      expect(catalogue[key], `${locale} ${key}`).toContain("{lowest}");
      expect(catalogue[key], `${locale} ${key}`).toContain("{highest}");
    }
  });

  describe("with an instrument whose ends are renamed", () => {
    let app: AuthTestApp;
    let browser: Browser;
    let assessmentId: number;
    let token: string;

    beforeAll(async () => {
      app = await startApp({ questionnairesDir: instrumentWithRenamedEnds() });
      const assessment = anAssessment(app.context, { status: "open", languages: ["en", "fr"], organisations: ["Ministry of ICT"] });
      assessmentId = assessment.id;
      token = anInvitation(app.context, assessment).token;
      for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, assessment).token);
      const admin = insertUser(app.context, { role: "admin" });
      browser = new Browser(app.url);
      await browser.signIn(admin.email, admin.password);
    });
    afterAll(() => app?.close());

    it("shows them on the welcome page, in the page's language", async () => {
      const english = textOf((await new Browser(app.url).get(`/r/${token}`)).text);
      expect(english).toContain("on a scale from 0 (nothing at all) to 5 (world class)");
      const respondent = new Browser(app.url);
      await respondent.post(`/r/${token}/language`, { language: "fr" });
      const french = textOf((await respondent.get(`/r/${token}`)).text);
      expect(french).toMatch(/de 0 \(rien du tout\) à 5 \(de classe mondiale\)/);
      expect(french).not.toMatch(/inexistant|exemplaire/i);
    });

    it("shows them on the report page and in the PDF", async () => {
      const page = textOf((await browser.get(`/assessments/${assessmentId}/report`)).text);
      expect(page).toContain("0 (nothing at all) to 100 (world class)");
      expect(page).not.toMatch(/\((absent|leading)\)/);
      const summary = findAssessment(app.context.database.db, assessmentId)!;
      const english = await pdfText(await renderReportPdf(reportFor(app.context, summary, { language: "en" }), { translator: app.context.translator }));
      expect(english).toContain("0 (nothing at all) to 100 (world class)");
      expect(english).toContain("from 0 (nothing at all) to 100 (world class); the overall index");
      const french = await pdfText(await renderReportPdf(reportFor(app.context, summary, { language: "fr" }), { translator: app.context.translator }));
      expect(french).toContain("de 0 (rien du tout) à 100 (de classe mondiale)");
    });
  });
});
