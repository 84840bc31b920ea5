// Peer groups and regions are named in the report's language (the UN's M49 and UN-OHRLLS names in the catalogues): on
// the report page, in its peer-group select box and in the PDF, never the English name in a French or Arabic report.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { CountryDirectory } from "../../src/countries/repository";
import { interfaceLocales } from "../../src/i18n/locales";
import { peerGroupNameKey } from "../../src/i18n/names";
import { readCatalogue } from "../../src/i18n/translate";
import { buildReportModel } from "../../src/reports/build";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
  }
  await document.destroy();
  return pages.join("\n");
}

describe("peer-group names", () => {
  it("has every group, region and sub-region named in all six catalogues, translated where the UN names differ", () => {
    const english = readCatalogue("en");
    const options = new CountryDirectory().peerGroupOptions();
    expect(options.length).toBeGreaterThan(20);
    for (const locale of interfaceLocales) {
      const catalogue = readCatalogue(locale);
      expect(
        options.filter((o) => !catalogue[peerGroupNameKey(o.value)]?.trim()).map((o) => o.value),
        locale,
      ).toEqual([]);
      if (locale !== "en")
        for (const group of ["group:LDC", "group:LLDC", "group:SIDS", "subregion:Western Asia"])
          expect(catalogue[peerGroupNameKey(group)], `${locale} ${group}`).not.toBe(english[peerGroupNameKey(group)]);
    }
  });

  describe("in a report", () => {
    let app: AuthTestApp;
    let assessmentId: number;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp();
      const assessment = anAssessment(app.context, { status: "open", country: "LAO", languages: ["en", "fr", "ar"], organisations: ["Ministry of ICT"] });
      for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, assessment).token, { current: 2, target: 4, importance: 3 });
      assessmentId = assessment.id;
      const user = insertUser(app.context, { role: "admin" });
      browser = new Browser(app.url);
      await browser.signIn(user.email, user.password);
    });
    afterAll(() => app.close());

    it.each([
      ["fr", "Pays les moins avancés (PMA)", "Asie du Sud-Est"],
      ["ar", "أقل البلدان نموًا", "جنوب شرق آسيا"],
    ])("names the group in %s on the page and in the select box", async (language, group, subregion) => {
      const page = await browser.get(`/assessments/${assessmentId}/report?lang=${language}`);
      expect(page.status).toBe(200);
      const section = /<section id="peers">([\s\S]*?)<\/section>/.exec(page.text)![1];
      const text = textOf(section);
      expect(text).toContain(group);
      expect(text).toContain(subregion);
      expect(text).not.toMatch(/Least developed|Landlocked|South-eastern Asia|Western Asia|Africa/);
    });

    it.each([
      ["fr", "Pays les moins avancés (PMA)"],
      ["ar", "أقل البلدان نموًا"],
    ])("names the group in %s in the report model and the PDF", async (language, group) => {
      const model = buildReportModel(app.context, findAssessment(app.context.database.db, assessmentId)!, { language });
      expect(model.peers).toMatchObject({ group: "group:LDC", groupLabel: group });
      const text = await pdfText(await renderReportPdf(model, { translator: app.context.translator }));
      expect(text).not.toContain("Least developed countries");
      if (language === "fr") expect(text.replace(/\s+/g, " ")).toContain(group);
    });
  });
});
