// Individual-level questions ask about the respondent's own needs, not their country's or organisation's; the other
// levels keep the organisational wording. In every language the instrument is answered in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Translator } from "../../src/i18n/translate";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("the target's wording by level", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  const translator = new Translator();

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { status: "open", levels: ["organisational", "individual"] });
  });
  afterAll(() => app.close());

  const firstPageOf = async (level: string) => {
    const { token } = anInvitation(app.context, assessment, { levels: [level] });
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === level)!.dimensions[0];
    const page = await new FormClient(app.url).get(`/r/${token}/p/${dimension.id}`);
    expect(page.status).toBe(200);
    return page.text;
  };

  it("asks an individual for the level they need", async () => {
    const html = await firstPageOf("individual");
    expect(html).toContain("The level you need (in three to five years)");
    expect(html).toContain("The level you need to do your work well");
    expect(html).not.toContain("your country or organisation");
  });

  it("keeps the country or organisation wording on other levels", async () => {
    const html = await firstPageOf("organisational");
    expect(html).toContain("The level your country or organisation needs");
    expect(html).not.toContain("The level you need (in three to five years)");
  });

  it("has the individual wording, translated, in all six catalogues", () => {
    for (const key of ["respond.item.target", "respond.item.targetHint", "respond.item.targetBelow"]) {
      const english = translator.t("en", `${key}.individual`);
      for (const language of ["fr", "es", "ar", "ru", "zh"]) {
        const text = translator.t(language, `${key}.individual`);
        expect(text, `${language} ${key}.individual`).not.toBe(english);
        expect(text).not.toBe(translator.t(language, key));
      }
    }
  });
});
