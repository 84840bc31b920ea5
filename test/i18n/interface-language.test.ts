// Which language a page speaks, over real HTTP: the respondent's choice among the offered languages (remembered on
// the invitation, the browser's Accept-Language when nothing usable is remembered), staff's profile language, and
// reports in any offered language whatever language the respondents answered in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogue } from "../../src/i18n/translate";
import { COMMENT_MAX_LENGTH, parseAnswerFields } from "../../src/responses/schemas";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

const langOf = (html: string) => /<html lang="([^"]+)" dir="([^"]+)"/.exec(html)?.slice(1, 3);

describe("interface language", () => {
  let app: AuthTestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it("lets a respondent switch among the offered languages and remembers the choice on the invitation", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"] });
    const { token } = anInvitation(app.context, assessment, { language: "en" });
    const respondent = new Browser(app.url);
    const english = await respondent.get(`/r/${token}`);
    expect(langOf(english.text)).toEqual(["en", "ltr"]);

    const switched = await respondent.post(`/r/${token}/language`, { language: "ar" });
    expect(switched.status).toBe(303);
    const arabic = await respondent.get(`/r/${token}`);
    expect(langOf(arabic.text)).toEqual(["ar", "rtl"]);
    expect(textOf(arabic.text)).toContain("طريقة الإجابة");

    // Remembered on the invitation, not in the browser: the same link opened elsewhere speaks Arabic too.
    const elsewhere = await new Browser(app.url).get(`/r/${token}`, { "accept-language": "en" });
    expect(langOf(elsewhere.text)).toEqual(["ar", "rtl"]);

    // A language the assessment does not offer is refused and changes nothing.
    await respondent.post(`/r/${token}/language`, { language: "fr" });
    expect(langOf((await respondent.get(`/r/${token}`)).text)).toEqual(["ar", "rtl"]);
  });

  it("tells a respondent what is wrong with an answer in their language", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"] });
    const { token } = anInvitation(app.context, assessment, { language: "ar" });
    const respondent = new Browser(app.url);
    const welcome = await respondent.get(`/r/${token}`);
    // The welcome page starts with the About you page; saving it (nothing answered) leads to the first page of ratings.
    const about = /href="(\/r\/[^"]+\/about)"/.exec(welcome.text)![1];
    await respondent.get(about);
    const firstPage = (await respondent.post(about, { intent: "next" })).location!;
    const page = await respondent.get(firstPage);
    const itemId = /name="current\.([^"]+)"/.exec(page.text)![1];
    const refused = await respondent.post(firstPage, { [`current.${itemId}`]: "2", [`target.${itemId}`]: "9" });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain("يجب أن يكون مستوى من 0 إلى 5");
    expect(textOf(refused.text)).not.toContain("must be a level");
  });

  it("has a catalogue entry for every message the answer form can give a respondent", () => {
    const english = new Set(
      Object.entries(readCatalogue("en"))
        .filter(([key]) => key.startsWith("message."))
        .map(([, text]) => text),
    );
    const bad: Record<string, unknown>[] = [
      { "current.q": "7" },
      { "current.q": "x" },
      { "target.q": "2.5" },
      { "target.q": "x" },
      { "target.q": "-1" },
      { "importance.q": "4" },
      { "importance.q": "1.5" },
      { "importance.q": "x" },
      { "comment.q": "a".repeat(COMMENT_MAX_LENGTH + 1) },
      { "comment.q": "bell\u0007" },
      { "comment.q": 5 },
      { "current.q": ["1", "2"] },
    ];
    const messages = new Set(bad.flatMap((body) => Object.values(parseAnswerFields(body, new Set(["q"])).errors)));
    expect(messages.size).toBeGreaterThan(5);
    expect([...messages].filter((m) => !english.has(m))).toEqual([]);
  });

  it("falls back on the browser's Accept-Language among the offered languages when the invitation's is not offered", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"] });
    const { id, token } = anInvitation(app.context, assessment, { language: "en" });
    app.context.database.sqlite.prepare("update invitations set language = 'xx' where id = ?").run(id);
    expect(langOf((await new Browser(app.url).get(`/r/${token}`, { "accept-language": "ar-EG,ar;q=0.9,en;q=0.5" })).text)).toEqual(["ar", "rtl"]);
    expect(langOf((await new Browser(app.url).get(`/r/${token}`, { "accept-language": "fr-FR,en;q=0.8" })).text)).toEqual(["en", "ltr"]);
  });

  it("shows staff pages in the language saved in their profile, before the browser's", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const staff = new Browser(app.url);
    expect((await staff.signIn(user.email, user.password)).status).toBe(303);
    expect((await staff.post("/account/language", { locale: "fr" })).status).toBe(303);
    const account = await staff.get("/account", { "accept-language": "es" });
    expect(langOf(account.text)).toEqual(["fr", "ltr"]);
    expect(textOf(account.text)).toContain("Langue de l’interface");
  });

  it("renders a report in any offered language with the same figures, whatever language respondents answered in", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"], organisations: ["Ministry of ICT"] });
    for (const [index, language] of ["en", "ar", "ar"].entries()) {
      const { token } = anInvitation(app.context, assessment, { language });
      aSubmittedResponse(app.context, token, { current: index + 1, target: 4, importance: 3 });
    }
    const admin = insertUser(app.context, { role: "admin" });
    const staff = new Browser(app.url);
    await staff.signIn(admin.email, admin.password);
    const english = await staff.get(`/assessments/${assessment.id}/report?lang=en`);
    const arabic = await staff.get(`/assessments/${assessment.id}/report?lang=ar`);
    expect(langOf(english.text)).toEqual(["en", "ltr"]);
    expect(langOf(arabic.text)).toEqual(["ar", "rtl"]);
    expect(textOf(english.text)).toContain("Based on 3 submitted responses.");
    expect(textOf(arabic.text)).toContain("استنادًا إلى 3 إجابات مُرسلة.");
    // The figures are the same in both languages (Arabic reports keep Western digits).
    const figures = (html: string) => [...html.matchAll(/class="num">([\d.,]+)</g)].map((m) => m[1]);
    expect(figures(arabic.text).length).toBeGreaterThan(10);
    expect(figures(arabic.text)).toEqual(figures(english.text));
  });
});
