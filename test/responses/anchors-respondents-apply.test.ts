// Anchors respondents can apply (issue 24): every questionnaire page says the levels are cumulative (choose the highest
// level whose every statement is true), in every interface language; the scale's level 5 and the level-5 anchors
// rewritten ask for something a respondent can observe (an independent review, a yearly report), not for other
// agencies or countries to copy, cite or study the practice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interfaceLocales } from "../../src/i18n/locales";
import { Translator } from "../../src/i18n/translate";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("anchors respondents can apply", () => {
  let app: TestApp;
  const translator = new Translator();

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("tells the respondent on the questionnaire page that levels are cumulative", async () => {
    const assessment = anAssessment(app.context, { status: "open", levels: ["institutional"] });
    const { token } = anInvitation(app.context, assessment, { levels: ["institutional"] });
    const page = await new FormClient(app.url).get(`/r/${token}/p/inst-strategy`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("choose the highest level whose every statement is true");
  });

  it("says so in every interface language", () => {
    const english = translator.t("en", "respond.page.cumulative");
    for (const language of interfaceLocales.filter((l) => l !== "en")) expect(translator.t(language, "respond.page.cumulative"), language).not.toBe(english);
  });

  it("describes level 5 by what a respondent can observe, not by other countries or agencies following the practice", () => {
    const instrument = app.context.instruments.current("digital-government")!;
    expect(instrument.scale.find((s) => s.value === 5)!.description).not.toMatch(/reference|others/);
    const rewritten = [
      "inst-strategy-1",
      "inst-strategy-2",
      "inst-coordination-1",
      "inst-data-1",
      "org-leadership-3",
      "org-data-2",
      "org-budget-3",
      "soc-access-4",
      "soc-partnerships-1",
      "ind-leadership-1",
      "inst-legal-4",
      "inst-cyber-1",
      "org-leadership-1",
      "org-leadership-4",
      "ind-projects-4",
      "ind-leadership-2",
      "org-strategy-1",
      "org-services-1",
      "org-technology-3",
      "org-people-3",
      "ind-mindset-1",
    ];
    const items = new Map(instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((i) => [i.id, i] as const))));
    for (const id of rewritten)
      expect(items.get(id)!.anchors[5], id).not.toMatch(
        /other (countries|agencies|managers|organisations|units) (use|adopt)|as a model|reference|model for|cited|copied|borrowed|draw on|study/i,
      );
  });

  it("rates the price and uptake items by their value alone: six ranges that follow one another, in every language", () => {
    const instrument = app.context.instruments.current("digital-government")!;
    const items = new Map(instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((i) => [i.id, i] as const))));
    for (const [id, bounds] of [
      ["soc-affordability-1", [10, 5, 10, 3, 5, 2, 3, 1, 2, 1]],
      ["soc-uptake-2", [2, 2, 10, 10, 25, 25, 50, 50, 75, 75]],
    ] as const) {
      const anchors = items.get(id)!.anchors;
      const figures = [0, 1, 2, 3, 4, 5].flatMap((level) => (anchors[level as 0] ?? "").match(/\d+(?=%)/g)!.map(Number));
      expect(figures, id).toEqual(bounds);
      // No policy or monitoring statement mixed into a level: what the regulator does is asked by other items.
      for (const level of [0, 1, 2, 3, 4, 5]) expect(anchors[level as 0], `${id} ${level}`).not.toMatch(/regulator|policy|survey|programme|measured|tracked/i);
      expect(instrument.languages.map((l) => l.code)).toEqual(expect.arrayContaining(["ar", "es", "fr", "pt", "ru", "zh"]));
      for (const language of instrument.languages.map((l) => l.code)) {
        const translated = instrument.translations[language];
        expect(translated, language).toBeDefined();
        const numbers = [0, 1, 2, 3, 4, 5].flatMap((level) => (translated![`item.${id}.anchor.${level}`]?.text ?? "").match(/\d+/g)?.map(Number) ?? []);
        expect(numbers, `${id} ${language}`).toEqual(bounds);
      }
    }
  });
});
