// Every report page, in every language, says things in full: no unfilled placeholder ({k}, {{name}}) on the page or in
// the PDF, and a hidden figure names the confidentiality rule that hid it (the group's size, the individual-level
// floor, complementary suppression), or says the level was not asked of the organisation.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { buildReportModel } from "../../src/reports/build";
import { Browser, insertUser, SESSION_COOKIE, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

const languages = ["en", "fr", "es", "ar", "ru", "zh", "pt"];
/** A catalogue or template placeholder left unfilled: {k}, {count}, {{name}}. */
const placeholder = /\{\{?\s*[A-Za-z_][\w.]*\s*\}\}?/;

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

/** The page without its chart configurations (JSON in attributes), so that attributes shown to readers (titles) count too. */
function readable(html: string): string {
  return html.replace(/data-chart="[^"]*"/g, "");
}

describe("report pages in every language", () => {
  let app: AuthTestApp;
  let browser: Browser;
  let adminEmail: string;
  /** The staff pages' language: the signed-in user's own choice (as on My account); null for the browser's. */
  const staffLanguage = (language: string | null) =>
    app.context.database.sqlite.prepare("update users set locale = ? where email = ?").run(language, adminEmail);
  let demoId: number;
  let demoOrganisation: number;
  /** An assessment where every rule bites: see `beforeAll`. */
  let rules: { id: number; organisationIds: number[] };

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    demoId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    demoOrganisation = app.context.database.sqlite.prepare("select id from organisations where assessment_id = ? order by id").pluck().get(demoId) as number;

    // Organisational level: A 3, B 4, C 2 respondents. C is below k = 3; shown alone, A and B would give C's figures
    // by difference from the national one, so A (the smaller) is hidden too (complementary suppression).
    // Individual level: only B's 4 respondents, below the individual-level floor of 5. C was not asked it.
    const built = anAssessment(app.context, {
      status: "open",
      country: "LAO",
      languages,
      levels: ["organisational", "individual"],
      organisations: ["Agency A", "Agency B", "Agency C"],
    });
    const [a, b, c] = built.organisationIds;
    const respond = (organisationId: number, count: number, levels: string[], current: number) => {
      for (let i = 0; i < count; i++)
        aSubmittedResponse(app.context, anInvitation(app.context, built, { organisationId, levels }).token, { current, target: 4, importance: 3 });
    };
    respond(a, 3, ["organisational"], 1);
    respond(b, 4, ["organisational", "individual"], 3);
    respond(c, 2, ["organisational"], 2);
    rules = { id: built.id, organisationIds: built.organisationIds };

    const admin = insertUser(app.context, { role: "admin" });
    adminEmail = admin.email;
    browser = new Browser(app.url);
    const reply = await browser.signIn(admin.email, admin.password);
    expect(reply.status).toBe(303);
  }, 180_000);
  afterAll(() => app?.close());

  it("leaves no placeholder unfilled on any report page (national, organisation, peer comparison) in any language", async () => {
    const pages = (language: string) => [
      `/assessments/${demoId}/report?lang=${language}`,
      `/assessments/${demoId}/report?lang=${language}&peers=region:Africa`,
      `/assessments/${demoId}/organisations/${demoOrganisation}/report?lang=${language}`,
      `/assessments/${rules.id}/report?lang=${language}`,
      ...rules.organisationIds.map((o) => `/assessments/${rules.id}/organisations/${o}/report?lang=${language}`),
    ];
    for (const language of languages) {
      for (const path of pages(language)) {
        const page = await browser.get(path);
        expect(page.status, path).toBe(200);
        expect(page.text, path).toMatch(new RegExp(`<html[^>]* lang="${language}"`));
        expect(placeholder.exec(readable(page.text))?.[0] ?? null, path).toBeNull();
      }
    }
  }, 300_000);

  it("leaves no placeholder unfilled in any PDF report in any language", async () => {
    for (const language of languages) {
      for (const path of [
        `/assessments/${demoId}/report.pdf?lang=${language}`,
        `/assessments/${rules.id}/report.pdf?lang=${language}`,
        `/assessments/${rules.id}/organisations/${rules.organisationIds[2]}/report.pdf?lang=${language}`,
      ]) {
        const reply = await fetch(new URL(path, app.url), { headers: { cookie: `${SESSION_COOKIE}=${browser.cookie(SESSION_COOKIE)}` } });
        expect(reply.status, path).toBe(200);
        const text = await pdfText(Buffer.from(await reply.arrayBuffer()));
        expect(text.length, path).toBeGreaterThan(500);
        expect(placeholder.exec(text)?.[0] ?? null, path).toBeNull();
      }
    }
  }, 600_000);

  it("names the rule behind each hidden figure: group size, individual-level floor, complementary suppression", async () => {
    const national = textOf((await browser.get(`/assessments/${rules.id}/report?lang=en`)).text);
    expect(national).toContain("Hidden: fewer than 5 respondents, the minimum for individual-level results");
    const heatmap = (await browser.get(`/assessments/${rules.id}/report?lang=en`)).text;
    expect(heatmap).toContain('title="Hidden too (complementary suppression), so that a smaller hidden group cannot be worked out from the total"');
    expect(heatmap).toContain("Hidden: fewer than 3 respondents</td>");
    expect(national).not.toMatch(/fewer than 3 respondents, the minimum|fewer than 5 respondents<\//);

    const french = textOf((await browser.get(`/assessments/${rules.id}/report?lang=fr`)).text);
    expect(french).toContain("Masqué : moins de 5 répondants, le minimum pour les résultats au niveau individuel");
  });

  it("says 'not in scope' for a level the organisation was not asked, and 'suppressed' overall when all its levels are hidden", async () => {
    const [, , c] = rules.organisationIds;
    const page = await browser.get(`/assessments/${rules.id}/organisations/${c}/report?lang=en`);
    const individual = textOf(/<section id="level-individual">([\s\S]*?)<\/section>/.exec(page.text)![1]);
    expect(individual).toContain("Not in scope: this level was not asked of the organisation");
    expect(individual).not.toMatch(/Hidden/);
    expect(/<section id="level-individual">[\s\S]*?<\/section>/.exec(page.text)![0]).not.toMatch(/<table/);
    const organisational = textOf(/<section id="level-organisational">([\s\S]*?)<\/section>/.exec(page.text)![1]);
    expect(organisational).toContain("Hidden: fewer than 3 respondents");
    // Nothing ranked: one sentence, not an empty table.
    const gaps = /<section id="gaps">([\s\S]*?)<\/section>/.exec(page.text)![1];
    expect(gaps).not.toMatch(/<table/);
    expect(textOf(gaps)).toContain("No dimension has a result that can be shown");

    const deps = { database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock };
    const model = buildReportModel(deps, findAssessment(app.context.database.db, rules.id)!, { language: "en", organisationId: c });
    expect(model.overall).toEqual({ status: "suppressed", withheld: { rule: "group-size", threshold: 3 }, index: null });
    expect(model.levels.map((l) => l.status)).toEqual(["suppressed", "not-in-scope"]);
  });
  it("names the country in the report's language: Intl's name, the UN name in English, a reviewed name for the demo", async () => {
    const h1 = async (path: string) => textOf(/<h1>([\s\S]*?)<\/h1>/.exec((await browser.get(path)).text)![1]).trim();
    expect(await h1(`/assessments/${rules.id}/report?lang=en`)).toContain("Lao People's Democratic Republic");
    expect(await h1(`/assessments/${rules.id}/report?lang=fr`)).toContain("Laos");
    expect(await h1(`/assessments/${rules.id}/report?lang=ar`)).toContain("لاوس");
    expect(await h1(`/assessments/${rules.id}/report?lang=zh`)).toContain("老挝");
    expect(await h1(`/assessments/${demoId}/report?lang=fr`)).toContain("Démolande (démo)");
    expect(await h1(`/assessments/${demoId}/report?lang=ru`)).toContain("Демоландия (демо)");
    expect(await h1(`/assessments/${rules.id}/report?lang=pt`)).toContain("Laos");
    expect(await h1(`/assessments/${demoId}/report?lang=pt`)).toContain("Demolândia (demo)");
  });

  it("shows no raw level id, language code or audit action code on report and assessment pages", async () => {
    const actions = app.context.database.sqlite.prepare("select distinct action from audit_log").pluck().all() as string[];
    const levelIds = /\b(institutional|organisational|individual|societal)\b/;
    const languageCodes = /(?<![\w.-])(en|fr|es|ar|ru|zh|pt)(?![\w.-])/;
    for (const language of ["ar", "zh"]) {
      staffLanguage(language);
      for (const path of [
        `/assessments/${demoId}/report?lang=${language}`,
        `/assessments/${demoId}/organisations/${demoOrganisation}/report?lang=${language}`,
        `/assessments/${rules.id}/report?lang=${language}`,
        `/assessments/${rules.id}/organisations/${rules.organisationIds[2]}/report?lang=${language}`,
        `/assessments/${rules.id}`,
        `/assessments/${rules.id}/invitations`,
        `/assessments/${rules.id}/progress`,
      ]) {
        const page = await browser.get(path);
        expect(page.status, path).toBe(200);
        expect(page.text, path).toMatch(new RegExp(`<html[^>]* lang="${language}"`));
        const text = textOf(page.text);
        expect(levelIds.exec(text)?.[0] ?? null, `${language} ${path}`).toBeNull();
        expect(languageCodes.exec(text)?.[0] ?? null, `${language} ${path}`).toBeNull();
        for (const action of actions) expect(text.includes(action), `${language} ${path}: ${action}`).toBe(false);
      }
    }
    staffLanguage(null);
  });

  it("writes lists the way the page's language does (Arabic with its own comma and و)", async () => {
    staffLanguage("ar");
    const page = textOf((await browser.get(`/assessments/${rules.id}`)).text);
    staffLanguage(null);
    expect(page).toContain(
      new Intl.ListFormat(["ar"], { style: "long", type: "conjunction" }).format(["English", "Français", "Español", "العربية", "Русский", "中文", "Português"]),
    );
  });
});
