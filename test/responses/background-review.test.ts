// The review page lists the About you answers, and a required background question left unanswered (when shown)
// keeps the response from being submitted. Over an instrument whose gender and years-in-service questions are required.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup } from "../../src/responses/repository";
import { makeTempDir, startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

/** The default instrument with `required: true` added to the named background questions. */
function instrumentsWithRequired(ids: string[]): string {
  const dir = makeTempDir("cna-required-background-");
  fs.cpSync(path.resolve(import.meta.dirname, "../../questionnaires"), dir, { recursive: true });
  const file = path.join(dir, "digital-government", "background.yaml");
  let text = fs.readFileSync(file, "utf8");
  for (const id of ids) text = text.replace(`  - id: ${id}\n`, `  - id: ${id}\n    required: true\n`);
  fs.writeFileSync(file, text);
  return dir;
}

describe("the review page and background questions", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;

  beforeAll(async () => {
    app = await startTestApp({}, { questionnairesDir: instrumentsWithRequired(["gender", "years-in-service"]) });
    assessment = anAssessment(app.context, { status: "open", languages: ["en", "fr"] });
  });
  afterAll(() => app.close());

  const statusOf = (token: string) => findInvitationByLookup(app.context.database, lookupOf(token))!.responseStatus;

  it("lists the About you answers with links back to change them", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const browser = new FormClient(app.url);
    await browser.get(`/r/${token}/about`);
    await browser.postForm(`/r/${token}/about`, { "bg.gender": "woman", "bg.age-band": "prefer-not-to-say", "bg.public-service": "no", intent: "next" });
    const review = await browser.get(`/r/${token}/review`);
    expect(review.status).toBe(200);
    expect(review.text).toContain("Your answers about you");
    expect(review.text).toMatch(/href="\/r\/[^"]+\/about#bg-gender"><bdi>What is your gender\?<\/bdi><\/a><\/th><td><bdi>Woman<\/bdi>/);
    expect(review.text).toContain("<bdi>Prefer not to say</bdi>");
    expect(review.text).toContain("<bdi>No</bdi>");
    expect(review.text).toContain(`href="/r/${token}/about">Change your answers about you</a>`);
    // Years in service is asked only of public servants: neither listed nor required here.
    expect(review.text).not.toContain("How many years");
    expect(review.text).not.toContain("Answer these required questions");
    const submitted = await browser.postForm(`/r/${token}/submit`, {});
    expect(submitted.url).toContain(`/r/${token}/thanks`);
    expect(statusOf(token)).toBe("submitted");
  });

  it("refuses to submit while a required question shown is unanswered, linking to it; answered, it submits", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"], language: "fr" });
    const browser = new FormClient(app.url);
    // Straight to the ratings, skipping About you: the review warns before the button is pressed.
    const review = await browser.get(`/r/${token}/review`);
    expect(review.text).toContain("Répondez à ces questions obligatoires sur vous avant de soumettre");
    expect(review.text).toContain(`href="/r/${token}/about#bg-gender"`);

    const refused = await browser.postForm(`/r/${token}/submit`, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('role="alert"');
    expect(refused.text).toContain(`href="/r/${token}/about#bg-gender"`);
    expect(statusOf(token)).not.toBe("submitted");

    // Public servants are asked their years in service, which is required too.
    await browser.postForm(`/r/${token}/about`, { "bg.gender": "man", "bg.public-service": "yes", intent: "next" });
    const still = await browser.postForm(`/r/${token}/submit`, {});
    expect(still.status).toBe(400);
    expect(still.text).toContain(`href="/r/${token}/about#bg-years-in-service"`);
    expect(still.text).toContain(`<li><a href="/r/${token}/about#bg-years-in-service">`);
    expect(still.text).not.toContain(`<li><a href="/r/${token}/about#bg-gender">`);

    await browser.postForm(`/r/${token}/about`, { "bg.gender": "man", "bg.public-service": "yes", "bg.years-in-service": "prefer-not-to-say", intent: "next" });
    const done = await browser.postForm(`/r/${token}/submit`, {});
    expect(done.url).toContain(`/r/${token}/thanks`);
    expect(statusOf(token)).toBe("submitted");
  });
});
