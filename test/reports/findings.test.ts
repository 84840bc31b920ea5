// Key findings (issue 22): the executive summary opens with sentences from catalogue templates, each carrying its
// figures. Each kind appears when its condition holds and not otherwise; none reveals a withheld figure; every
// template that depends on a count has the plural variants of its language, chosen by Intl.PluralRules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { formatNumber } from "../../src/i18n/format";
import { interfaceLocales } from "../../src/i18n/locales";
import { pluralCategory, readCatalogue, Translator } from "../../src/i18n/translate";
import { buildReportModel, scoreReport } from "../../src/reports/build";
import type { FindingKind } from "../../src/reports/findings";
import { wordFinding } from "../../src/reports/findings-text";
import { reportModelSchema } from "../../src/reports/model";
import { reportOutline } from "../../src/reports/outline";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

const counts = [0, 1, 2, 3, 5, 11, 21, 101];
const pluralStems = [
  "report.finding.topGaps",
  "report.finding.knowledgeGaps",
  "report.finding.lowConsensus",
  "report.finding.lowResponseOrganisations",
  "report.finding.progress",
  "report.finding.peers",
  "report.finding.validation",
];
const slots = {
  dimensions: "D",
  organisations: "O",
  previous: "2024",
  changes: "C",
  group: "G",
  above: "7",
  below: "4",
  coverage: "50%",
  validated: "40",
  self: "41",
};

describe("the findings' grammar slots", () => {
  const translator = new Translator();

  describe.each(interfaceLocales)("in %s", (locale) => {
    const catalogue = readCatalogue(locale);
    it.each(pluralStems)("%s takes the variant of each count's plural category, with every slot filled", (stem) => {
      for (const count of counts) {
        const category = pluralCategory(locale, count);
        const template = catalogue[`${stem}.${category}`];
        expect(template, `${stem}.${category} (${count})`).toBeDefined();
        const text = translator.plural(locale, stem, count, slots);
        expect(text, `${stem} ${count}`).toBe(
          template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "count" ? formatNumber(locale, count, 0) : slots[name as keyof typeof slots])),
        );
        expect(text).not.toMatch(/[{}]/);
      }
    });
  });

  it("agrees nouns with the count: Russian one/few/many, Arabic zero to other, English one/other", () => {
    const t = (locale: string, stem: string, count: number) => translator.plural(locale, `report.finding.${stem}`, count, slots);
    expect(t("en", "knowledgeGaps", 1)).toMatch(/^On 1 question more/);
    expect(t("en", "knowledgeGaps", 21)).toMatch(/^On 21 questions more/);
    expect(t("ru", "knowledgeGaps", 21)).toMatch(/^По 21 вопросу /);
    expect(t("ru", "knowledgeGaps", 3)).toMatch(/^По 3 вопросам /);
    expect(t("ru", "progress", 21)).toContain("явно изменилось 21 измерение");
    expect(t("ru", "progress", 3)).toContain("явно изменились 3 измерения");
    expect(t("ru", "progress", 11)).toContain("явно изменились 11 измерений");
    expect(t("ar", "knowledgeGaps", 2)).toMatch(/^في سؤالين /);
    expect(t("ar", "knowledgeGaps", 3)).toMatch(/^في 3 أسئلة /);
    expect(t("ar", "knowledgeGaps", 11)).toMatch(/^في 11 سؤالًا /);
    expect(t("ar", "knowledgeGaps", 101)).toMatch(/^في 101 سؤال /);
    expect(t("fr", "progress", 0)).toContain("0 dimension a changé");
    expect(t("zh", "progress", 5)).toContain("有 5 个维度");
  });
});

describe("the key findings of a report", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
  }, 120_000);
  afterAll(() => app?.close());

  const kindsOf = (assessmentId: number, options: { organisationId?: number } = {}) =>
    scoreReport(app.context, findAssessment(app.context.database.db, assessmentId)!, options).findings.map((f) => f.kind);

  type Values = Parameters<typeof aSubmittedResponse>[2];
  /** An assessment of one organisation: `invited` invitations, the first `respondents` of them submitted with `valuesOf(n)`. */
  function assessmentWith(respondents: number, valuesOf: (n: number) => Values, invited = respondents, levels = ["organisational"]) {
    const built = anAssessment(app.context, { status: "open", organisations: ["Ministry of ICT"] });
    for (let n = 0; n < invited; n++) {
      const { token } = anInvitation(app.context, built, { levels });
      if (n < respondents) aSubmittedResponse(app.context, token, valuesOf(n));
    }
    return built;
  }

  it("gives the overall index and the top priority gaps, and no caveat, for a plain round that everyone answered", () => {
    const built = assessmentWith(3, () => ({ current: 1, target: 4, importance: 3 }));
    const findings = scoreReport(app.context, findAssessment(app.context.database.db, built.id)!).findings;
    expect(findings.map((f) => f.kind)).toEqual(["overall", "top-gaps"]);
    const top = findings.find((f) => f.kind === "top-gaps")!;
    expect(top.kind === "top-gaps" && top.dimensions.length).toBe(5);
  });

  it("names the weakest and strongest levels when two or more levels have an index", () => {
    const built = assessmentWith(3, () => (itemId: string) => ({ current: itemId.startsWith("ind") ? 1 : 3 }), 3, ["organisational", "individual"]);
    // Three respondents are below the individual-level floor of five: that level is withheld, so no level is named.
    expect(kindsOf(built.id)).not.toContain("levels");
    const more = assessmentWith(5, () => (itemId: string) => ({ current: itemId.startsWith("ind") ? 1 : 3 }), 5, ["organisational", "individual"]);
    const findings = scoreReport(app.context, findAssessment(app.context.database.db, more.id)!).findings;
    const levels = findings.find((f) => f.kind === "levels");
    expect(levels).toMatchObject({ weakest: { levelId: "individual" }, strongest: { levelId: "organisational" } });
  });

  it("says nothing that would reveal a withheld figure: two respondents give no index, no gap and no level", () => {
    const built = assessmentWith(2, () => ({ current: 1, target: 4 }));
    const model = buildReportModel(app.context, findAssessment(app.context.database.db, built.id)!, { language: "en" });
    expect(model.overall.status).toBe("suppressed");
    expect(model.findings.map((f) => f.kind)).toEqual([]);
  });

  it("warns of a low response rate overall and names the organisations below half", () => {
    const built = assessmentWith(3, () => ({ current: 1, target: 4 }), 8);
    const model = buildReportModel(app.context, findAssessment(app.context.database.db, built.id)!, { language: "en" });
    expect(model.findings.map((f) => f.kind)).toEqual(["overall", "top-gaps", "low-response", "low-response-organisations"]);
    expect(model.findings.find((f) => f.kind === "low-response")!.text).toBe(
      "Only 38% of the people invited answered (3 of 8): the results may not represent the organisations that took part.",
    );
    expect(model.findings.find((f) => f.kind === "low-response-organisations")!.text).toBe(
      "In 1 organisation, Ministry of ICT, fewer than half of the people invited answered.",
    );
  });

  it("flags questions most respondents could not answer, and dimensions where respondents disagree", () => {
    // Three of eight answer "don't know" to the first question of each dimension (38%); current levels 0 and 5 split the others.
    const built = assessmentWith(
      8,
      (n: number) => (itemId: string) =>
        itemId.endsWith("-1") && n < 3
          ? { kind: "dontknow" as const, current: null, target: null, importance: null }
          : { current: n % 2 === 0 ? 0 : 5, target: 5 },
    );
    const kinds = kindsOf(built.id);
    expect(kinds).toContain("low-consensus");
    expect(kinds).toContain("knowledge-gaps");
  });

  it("reports the change since the last round (clear changes only), the peers and the validation where the demo has them, in every language", () => {
    const ids = app.context.database.sqlite.prepare("select id, round_label as round, country_iso3 as iso3 from assessments order by id").all() as {
      id: number;
      round: string;
      iso3: string;
    }[];
    const current = ids.find((a) => a.iso3 === "XDL" && a.round === "2026")!;
    const previous = ids.find((a) => a.iso3 === "XDL" && a.round === "2024")!;
    expect(kindsOf(current.id)).toEqual(expect.arrayContaining(["overall", "levels", "top-gaps", "progress", "peers"]));
    expect(kindsOf(previous.id)).toContain("validation");
    expect(kindsOf(previous.id)).not.toContain("progress");
    for (const language of ["en", "fr", "es", "ar", "ru", "zh"]) {
      const model = buildReportModel(app.context, findAssessment(app.context.database.db, current.id)!, { language });
      const progress = model.findings.find((f) => f.kind === "progress")!;
      expect(progress.kind === "progress" && progress.changes.length).toBeGreaterThan(0);
      for (const finding of model.findings) {
        expect(finding.text, `${language} ${finding.kind}`).not.toMatch(/[{}]|report\.finding/);
      }
      if (progress.kind === "progress") expect(progress.text).toContain(model.progress!.dimensions.filter((d) => d.isClear).length.toString());
      // Right to left, a left-to-right mark keeps each change's sign before its number (the PDF's bidi would move it).
      if (language === "ar") expect(progress.text).toMatch(/\u200e[+−]\d/);
      else expect(progress.text).not.toContain("\u200e");
    }
    // Only clear changes count: the finding's changes are the clear ones of the progress section.
    const model = buildReportModel(app.context, findAssessment(app.context.database.db, current.id)!, { language: "en" });
    const progress = model.findings.find((f) => f.kind === "progress");
    expect(progress?.kind === "progress" && progress.changes.map((c) => c.dimensionId).sort()).toEqual(
      model
        .progress!.dimensions.filter((d) => d.isClear)
        .map((d) => d.id)
        .sort(),
    );
  });

  it("leaves out what an organisation's own report does not have: progress, peers, questions and validation", () => {
    const current = app.context.database.sqlite
      .prepare("select id from assessments where country_iso3 = 'XDL' and round_label = '2026'")
      .pluck()
      .get() as number;
    const organisationId = app.context.database.sqlite
      .prepare("select id from organisations where assessment_id = ? order by id")
      .pluck()
      .get(current) as number;
    const kinds: FindingKind[] = kindsOf(current, { organisationId });
    for (const kind of ["progress", "peers", "knowledge-gaps", "low-response-organisations"] as const) expect(kinds).not.toContain(kind);
  });

  it("opens the summary of the page and the PDF's outline with them; a snapshot frozen before findings still reads, with none", async () => {
    const current = app.context.database.sqlite
      .prepare("select id from assessments where country_iso3 = 'XDL' and round_label = '2026'")
      .pluck()
      .get() as number;
    const model = buildReportModel(app.context, findAssessment(app.context.database.db, current)!, { language: "en" });
    const overview = reportOutline(model, app.context.translator)[0];
    expect(overview.kind === "overview" && overview.findings.length).toBe(model.findings.length);
    const user = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
    const page = await browser.get(`/assessments/${current}/report?lang=en`);
    const summary = page.text.slice(page.text.indexOf('<section id="overview"'), page.text.indexOf("</section>", page.text.indexOf('<section id="overview"')));
    expect(summary).toContain("Key findings");
    expect(summary).toContain("The overall capacity index is");

    const { findings: _dropped, prioritisedRoadmap: _alsoLater, ...old } = JSON.parse(JSON.stringify(model));
    const frozen = reportModelSchema.parse(old);
    expect(frozen.findings).toEqual([]);
    expect(frozen.prioritisedRoadmap).toBeNull();
    expect(reportOutline(frozen, app.context.translator).map((s) => s.kind)).not.toContain("actions");
  });

  it("serves a report published before findings and the prioritised roadmap: page and PDF, with the flat roadmap it was frozen with", async () => {
    const published = app.context.database.sqlite
      .prepare("select id from assessments where country_iso3 = 'XAR' and status = 'published'")
      .pluck()
      .get() as number;
    app.context.database.sqlite
      .prepare("update report_snapshots set model = json_remove(model, '$.findings', '$.prioritisedRoadmap') where assessment_id = ?")
      .run(published);
    const user = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
    const page = await browser.get(`/assessments/${published}/report?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Key findings");
    expect(page.text).not.toContain('<section id="actions"');
    expect(page.text).toContain("Roadmap");
    const pdf = await browser.get(`/assessments/${published}/report.pdf?lang=en`);
    expect(pdf.status).toBe(200);
  });

  it("words a finding with the figures it carries", () => {
    const names = { level: (id: string) => id, dimension: (id: string) => id, organisation: (id: number) => `#${id}`, peerGroup: (code: string) => code };
    expect(wordFinding({ kind: "overall", index: 44.4, levels: [{ levelId: "institutional", index: 45 }] }, "en", names)).toBe(
      "The overall capacity index is 44 out of 100 (institutional: 45).",
    );
    expect(wordFinding({ kind: "progress", previousRound: "2024", changes: [] }, "en", names)).toMatch(/^Since round 2024, no dimension has changed clearly/);
    expect(wordFinding({ kind: "peers", group: "group:LDC", above: 3, below: 1, compared: 4 }, "fr", names)).toContain("Sur 4 dimensions");
  });
});
