// The report use case (src/reports/service.ts): which language a report is in, snapshot or live, and publishing that
// scores once and words the scores in each offered language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { transitionAssessment } from "../../src/assessments/service";
import { publishReport } from "../../src/reports/publishing";
import { publicationOf, reportFor, reportLanguage } from "../../src/reports/service";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { startTestApp, type TestApp } from "../support/app";

describe("reportFor", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  function closedAssessment(languages: string[]) {
    const assessment = anAssessment(app.context, { status: "open", country: "LAO", languages, organisations: ["Ministry of ICT"] });
    for (let i = 0; i < 3; i++) {
      const { token } = anInvitation(app.context, assessment);
      aSubmittedResponse(app.context, token, { current: 2, target: 4, importance: 3 });
    }
    transitionAssessment(app.context, assessment.owner, assessment.id, "close");
    return assessment;
  }

  it("is in the language asked for when offered, else English when offered, else the first language", () => {
    expect(reportLanguage({ languages: ["en", "fr"] }, "fr")).toBe("fr");
    expect(reportLanguage({ languages: ["en", "fr"] }, "ar")).toBe("en");
    expect(reportLanguage({ languages: ["fr", "es"] }, undefined)).toBe("fr");
    expect(reportLanguage({ languages: ["fr", "en"] }, "zh")).toBe("en");
  });

  it("publishes the same figures in every language, worded in each, and serves the snapshot until another peer group is asked for", () => {
    const built = closedAssessment(["en", "fr"]);
    const summary = findAssessment(app.context.database.db, built.id)!;
    const [english, french] = publicationOf(app.context, summary);
    expect(english.language).toBe("en");
    expect(french.language).toBe("fr");
    const figures = (m: typeof english.model) => ({
      overall: m.overall,
      levels: m.levels.map((l) => [l.id, l.index, l.dimensions.map((d) => d.current)]),
      meta: { ...m.meta, language: null, direction: null, instrumentTitle: null, countryName: null },
    });
    expect(figures(french.model)).toEqual(figures(english.model));
    expect(french.model.levels[0].title).not.toBe(english.model.levels[0].title);
    expect(english.model.meta.isDraft).toBe(false);

    publishReport(app.context, built.owner, built.id, { now: new Date("2026-05-01T10:00:00Z") });
    const published = findAssessment(app.context.database.db, built.id)!;
    // New answers behind a published report do not reach it; asking for another peer group computes live results.
    app.context.database.sqlite.prepare("update answers set current = 5 where response_id in (select id from responses where assessment_id = ?)").run(built.id);
    const snapshot = reportFor(app.context, published, { language: "fr" });
    expect(snapshot.meta.generatedAt).toBe("2026-05-01T10:00:00.000Z");
    expect(snapshot.meta.language).toBe("fr");
    expect(snapshot.overall).toEqual(french.model.overall);
    const live = reportFor(app.context, published, { language: "ar", peerGroup: null });
    expect(live.meta.language).toBe("en");
    expect(live.overall.index).not.toBe(snapshot.overall.index);
    const organisation = reportFor(app.context, published, { organisation: { id: built.organisationIds[0] } });
    expect(organisation.meta.organisation?.id).toBe(built.organisationIds[0]);
  });
});
