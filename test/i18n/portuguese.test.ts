// Portuguese (issue 24, languages point 5), over real HTTP: a respondent of an assessment offered in Portuguese gets
// the welcome page, the language switcher and the questionnaire in Portuguese (interface words and the default
// instrument's own translation), pages say lang="pt", a Portuguese-speaking browser (pt-MZ) gets Portuguese pages,
// and the report, page and PDF, speaks Portuguese with figures written the European and African way.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instrumentText } from "../../src/questionnaires/i18n";
import { Browser, insertUser, SESSION_COOKIE, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

const langOf = (html: string) => /<html lang="([^"]+)" dir="([^"]+)"/.exec(html)?.slice(1, 3);

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return pages.join("\n");
}

describe("Portuguese", () => {
  let app: AuthTestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it("serves a respondent the welcome page, the language switcher and the questionnaire in Portuguese", async () => {
    const assessment = anAssessment(app.context, { status: "open", country: "MOZ", languages: ["en", "pt"] });
    const { token } = anInvitation(app.context, assessment, { language: "en" });
    const respondent = new Browser(app.url);
    const english = await respondent.get(`/r/${token}`);
    expect(langOf(english.text)).toEqual(["en", "ltr"]);
    // The switcher names the language in itself.
    expect(english.text).toMatch(/<option value="pt" lang="pt"[^>]*>português<\/option>/i);

    expect((await respondent.post(`/r/${token}/language`, { language: "pt" })).status).toBe(303);
    const welcome = await respondent.get(`/r/${token}`);
    expect(langOf(welcome.text)).toEqual(["pt", "ltr"]);
    const words = textOf(welcome.text);
    expect(words).toContain("Como responder");
    expect(words).not.toContain("How to answer");
    // The country as Portuguese names it, as in the report.
    expect(words).toContain("Moçambique");

    const about = /href="(\/r\/[^"]+\/about)"/.exec(welcome.text)![1];
    expect(textOf((await respondent.get(about)).text)).toContain("Sobre si");
    const firstPage = (await respondent.post(about, { intent: "next" })).location!;
    const page = await respondent.get(firstPage);
    expect(langOf(page.text)).toEqual(["pt", "ltr"]);
    const text = textOf(page.text);
    expect(text).toContain("Nível atual");
    expect(text).toContain("Guardar e continuar");
    // The questions come from the instrument's Portuguese translation, not from English.
    const itemId = /name="current\.([^"]+)"/.exec(page.text)![1];
    const instrument = app.context.instruments.current("digital-government")!;
    const question = instrumentText(instrument, `item.${itemId}.question`, "pt");
    expect(question).not.toBe(instrumentText(instrument, `item.${itemId}.question`, "en"));
    expect(text).toContain(question);
    expect(text).not.toContain("Some texts of this questionnaire are not translated");
  });

  it("answers a Portuguese-speaking browser (pt-MZ) in Portuguese", async () => {
    const home = await new Browser(app.url).get("/", { "accept-language": "pt-MZ,pt;q=0.9,en;q=0.5" });
    expect(langOf(home.text)).toEqual(["pt", "ltr"]);
    expect(textOf(home.text)).toContain("Avaliação das Necessidades de Capacidade");
  });

  it("renders the report page and the PDF in Portuguese", async () => {
    const assessment = anAssessment(app.context, { status: "open", country: "STP", languages: ["en", "pt"], levels: ["organisational"] });
    for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, assessment).token, { current: 1, target: 4, importance: 3 });
    const admin = insertUser(app.context, { role: "admin" });
    const staff = new Browser(app.url);
    expect((await staff.signIn(admin.email, admin.password)).status).toBe(303);

    const page = await staff.get(`/assessments/${assessment.id}/report?lang=pt`);
    expect(page.status).toBe(200);
    expect(langOf(page.text)).toEqual(["pt", "ltr"]);
    const words = textOf(page.text);
    expect(words).toContain("Lacunas de capacidade em governo digital: São Tomé e Príncipe");
    expect(words).toContain("Índice global de capacidade");
    expect(words).toContain("Recomendações e roteiro");

    const reply = await fetch(new URL(`/assessments/${assessment.id}/report.pdf?lang=pt`, app.url), {
      headers: { cookie: `${SESSION_COOKIE}=${staff.cookie(SESSION_COOKIE)}` },
    });
    expect(reply.status).toBe(200);
    const pdf = await pdfText(Buffer.from(await reply.arrayBuffer()));
    expect(pdf).toContain("Resumo executivo");
    expect(pdf).toContain("Anexo: metodologia");
    expect(pdf).not.toMatch(/\{\{?\s*[A-Za-z_][\w.]*\s*\}\}?/);
  }, 120_000);
});
