// The translation gate: an assessment offers a language the instrument is not complete in only when the expert accepts
// the fallback (form and API), and respondents in that language are told that some texts are in the fallback language.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { ApiClient, tokenOf } from "../api/support";
import { Browser, insertUser, textOf } from "../auth/support";
import { makeTempDir, startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aUser } from "../support/builders";

/** The default instrument with one French string taken out: French is then incomplete (shown in English). */
function instrumentsWithIncompleteFrench(): string {
  const root = makeTempDir("cna-incomplete-");
  fs.cpSync(path.join(projectRoot, "questionnaires", "digital-government"), path.join(root, "digital-government"), { recursive: true });
  const file = path.join(root, "digital-government", "translations", "fr.yaml");
  const text = fs.readFileSync(file, "utf8");
  const without = text.replace(/\n {2}level\.organisational\.title:\n {4}source: "?\w+"?\n {4}text: [^\n]*/, "");
  expect(without).not.toBe(text);
  fs.writeFileSync(file, without);
  return root;
}

describe("offering a language the instrument is not complete in", () => {
  let app: TestApp;
  let expert: Browser;
  const count = () => app.context.database.sqlite.prepare("select count(*) from assessments").pluck().get() as number;

  beforeAll(async () => {
    app = await startTestApp({}, { questionnairesDir: instrumentsWithIncompleteFrench() });
    const user = insertUser(app.context, { role: "expert" });
    expert = new Browser(app.url);
    expect((await expert.signIn(user.email, user.password)).status).toBe(303);
  });
  afterAll(() => app?.close());

  const form = (round: string, extra: Record<string, string> = {}) => ({
    countryIso3: "LAO",
    instrumentId: "digital-government",
    roundLabel: round,
    levels: ["organisational"],
    languages: ["en", "fr"],
    minGroupSize: "3",
    ...extra,
  });

  it("marks the incomplete language on the form and refuses it unless the expert accepts the fallback", async () => {
    const page = await expert.get("/assessments/new");
    expect(textOf(page.text)).toMatch(/Français \(not completely translated\)/);
    expect(textOf(page.text)).not.toMatch(/English \(not completely translated\)/);
    expect(page.text).toMatch(/name="acceptsFallback"/);

    const before = count();
    const refused = await expert.post("/assessments", form("2031"));
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain("the instrument is not completely translated into every language chosen");
    expect(count()).toBe(before);

    const accepted = await expert.post("/assessments", form("2031", { acceptsFallback: "on" }));
    expect(accepted.status).toBe(303);
    const id = Number(/\/assessments\/(\d+)$/.exec(accepted.location!)![1]);
    expect(app.context.database.sqlite.prepare("select accepts_fallback from assessments where id = ?").pluck().get(id)).toBe(1);
  });

  it("applies the same rule to the API, which reports the consent", async () => {
    const api = new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "expert")));
    const body = { countryIso3: "LAO", instrumentId: "digital-government", roundLabel: "2032", levels: ["organisational"], languages: ["en", "fr"] };
    const refused = await api.request("POST", "/api/v1/assessments", { body });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("not completely translated");
    const created = await api.request("POST", "/api/v1/assessments", { body: { ...body, acceptsFallback: true } });
    expect(created.status).toBe(201);
    expect(created.body.acceptsFallback).toBe(true);
    const complete = await api.request("POST", "/api/v1/assessments", { body: { ...body, roundLabel: "2033", languages: ["en"] } });
    expect(complete.status).toBe(201);
    expect(complete.body.acceptsFallback).toBe(false);
  });

  it("tells respondents in the incomplete language that some texts are in English, and no one else", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "fr"], acceptsFallback: true });
    const french = anInvitation(app.context, assessment, { language: "fr" });
    const english = anInvitation(app.context, assessment, { language: "en" });
    const notice = "Certains textes de ce questionnaire ne sont pas encore traduits et sont affichés en anglais.";
    const respondent = new Browser(app.url);
    expect(textOf((await respondent.get(`/r/${french.token}`)).text)).toContain(notice);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].id;
    // Twice: the second page comes from the cached skeleton, which must keep the notice.
    for (let i = 0; i < 2; i++) expect(textOf((await respondent.get(`/r/${french.token}/p/${dimension}`)).text)).toContain(notice);
    const other = new Browser(app.url);
    expect(textOf((await other.get(`/r/${english.token}`)).text)).not.toMatch(/not translated yet|pas encore traduits/);
    expect(textOf((await other.get(`/r/${english.token}/p/${dimension}`)).text)).not.toMatch(/not translated yet|pas encore traduits/);
  });
});
