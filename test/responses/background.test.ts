// The About you page: background questions asked once, before the ratings, as a plain form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { loadBackground } from "../../src/responses/background";
import { findInvitationByLookup } from "../../src/responses/repository";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("the About you page", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { status: "open", languages: ["en", "fr"] });
  });
  afterAll(() => app.close());

  const storedOf = (token: string) => loadBackground(app.context.database, findInvitationByLookup(app.context.database, lookupOf(token))!.responseId);
  const revisionsOf = (token: string) =>
    app.context.database.sqlite
      .prepare("select question_id, value from background_answer_revisions where response_id = ? order by id")
      .all(findInvitationByLookup(app.context.database, lookupOf(token))!.responseId);

  it("is where a new respondent starts, and leads to the first page of ratings once saved", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const browser = new FormClient(app.url);
    const welcome = await browser.get(`/r/${token}`);
    expect(welcome.text).toContain(`href="/r/${token}/about"`);
    const about = await browser.get(`/r/${token}/about`);
    expect(about.status).toBe(200);
    expect(about.text).toContain("About you");
    expect(about.text).toContain("What is your gender?");
    expect(about.text).toContain('value="prefer-not-to-say"');
    // "Whom do you represent" is asked of societal panels only; years and grade only once "public service" is yes.
    expect(about.text).not.toContain("Whom do you mainly represent");
    expect(about.text).not.toContain("How many years");
    expect(about.text).not.toContain("<script");

    const next = await browser.postForm(`/r/${token}/about`, {
      "bg.gender": "woman",
      "bg.age-band": "prefer-not-to-say",
      "bg.public-service": "yes",
      "bg.location": "rural",
      intent: "next",
    });
    // Saying yes shows the follow-ups: the page comes back with them before moving on.
    expect(next.url).toContain(`/r/${token}/about#bg-years-in-service`);
    expect(next.text).toContain("How many years have you worked in the public service?");
    expect(next.text).toMatch(/<input type="radio" id="bg-gender-woman" name="bg.gender" value="woman" checked>/);
    const done = await browser.postForm(`/r/${token}/about`, {
      "bg.gender": "woman",
      "bg.age-band": "prefer-not-to-say",
      "bg.public-service": "yes",
      "bg.location": "rural",
      "bg.years-in-service": "10-19",
      "bg.grade": "middle-manager",
      _shown: "gender age-band public-service years-in-service grade function location",
      intent: "next",
    });
    const firstDimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    expect(done.url).toContain(`/r/${token}/p/${firstDimension.id}`);
    expect(Object.fromEntries(storedOf(token))).toEqual({
      gender: "woman",
      "age-band": "prefer-not-to-say",
      "public-service": "yes",
      location: "rural",
      "years-in-service": "10-19",
      grade: "middle-manager",
    });
    // Back on the welcome page, the respondent resumes with the ratings.
    expect((await browser.get(`/r/${token}`)).text).toContain(`href="/r/${token}/p/${firstDimension.id}"`);
  });

  it("keeps every change as a revision, and a cleared answer is removed but remembered", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["individual"] });
    const browser = new FormClient(app.url);
    await browser.get(`/r/${token}/about`);
    await browser.postForm(`/r/${token}/about`, { "bg.function": "it-digital", _shown: "gender age-band public-service function location" });
    await browser.postForm(`/r/${token}/about`, { "bg.function": "policy", _shown: "gender age-band public-service function location" });
    await browser.postForm(`/r/${token}/about`, { _shown: "gender age-band public-service function location" });
    expect(storedOf(token).has("function")).toBe(false);
    expect(revisionsOf(token)).toEqual([
      { question_id: "function", value: "it-digital" },
      { question_id: "function", value: "policy" },
      { question_id: "function", value: null },
    ]);
  });

  it("refuses an unknown option, and an answer given with 'prefer not to say', saving the rest", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["societal"] });
    const browser = new FormClient(app.url);
    const about = await browser.get(`/r/${token}/about`);
    expect(about.text).toContain("Whom do you mainly represent in this assessment?");
    const refused = await browser.postForm(`/r/${token}/about`, {
      "bg.represents": "academia",
      "bg.gender": ["man", "prefer-not-to-say"],
      "bg.location": "moon",
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Give an answer or choose “Prefer not to say”, not both.");
    expect(refused.text).toContain("Choose among the options shown.");
    expect(Object.fromEntries(storedOf(token))).toEqual({ represents: "academia" });
  });

  it("is in the respondent's language", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"], language: "fr" });
    const page = await new FormClient(app.url).get(`/r/${token}/about`);
    expect(page.text).toContain("À propos de vous");
    expect(page.text).toContain("Quel est votre genre\u202f?");
    expect(page.text).toContain("Je préfère ne pas répondre");
  });
});
