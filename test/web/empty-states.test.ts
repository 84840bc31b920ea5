// Empty states in one sentence (issue 23): every staff list and report section that can be empty says, in one
// sentence in every language, what is missing and what to do; a few are fetched over HTTP on an empty assessment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Translator } from "../../src/i18n/translate";
import { interfaceLocales } from "../../src/i18n/locales";
import { Browser, insertUser, PASSWORD, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment } from "../support/builders";

/** The empty state of each staff list and report section that can be empty. */
const emptyStates = [
  "assessments.none",
  "organisations.none",
  "invitations.none",
  "members.none",
  "mail.none",
  "account.tokens.none",
  "admin.audit.none",
  "admin.users.grants.none",
  "lists.noneMatching",
  "portfolio.none",
  "evidence.review.none",
  "plan.none",
  "rounds.archived.empty",
  "report.noData",
  "validation.noHistory",
];

const translator = new Translator();

describe("empty states", () => {
  it("are one sentence in every language, saying what is missing, then what to do", () => {
    for (const locale of interfaceLocales)
      for (const key of emptyStates) {
        const text = translator.t(locale, key);
        expect(text, `${locale} ${key}`).not.toBe(key);
        // One sentence: it ends once, and nothing ends before its end.
        expect(text, `${locale} ${key}`).toMatch(/[.。]$/);
        expect(text.slice(0, -1), `${locale} ${key}`).not.toMatch(/[.!?。！？](\s|$)/);
        // What is missing, then (after the colon) what to do.
        expect(text, `${locale} ${key}`).toMatch(/[:：]/);
      }
  });

  describe("over HTTP", () => {
    let app: AuthTestApp;
    let admin: Browser;
    let assessmentId: number;

    beforeAll(async () => {
      app = await startApp();
      const user = insertUser(app.context, { role: "admin" });
      admin = new Browser(app.url);
      expect((await admin.signIn(user.email, PASSWORD)).status).toBe(303);
      assessmentId = anAssessment(app.context, { organisations: [] }).id;
    });
    afterAll(() => app.close());

    const pages: [string, (id: number) => string][] = [
      ["organisations.none", (id) => `/assessments/${id}/organisations`],
      ["invitations.none", (id) => `/assessments/${id}/invitations`],
      ["mail.none", (id) => `/assessments/${id}/mail`],
      ["plan.none", (id) => `/assessments/${id}/plan`],
      ["rounds.archived.empty", () => "/assessments/archived"],
      ["account.tokens.none", () => "/account/tokens"],
      ["lists.noneMatching", () => "/admin/users?q=nobody-has-this-address"],
    ];
    for (const [key, path] of pages)
      it(`${key}: the page says it in one sentence`, async () => {
        const page = await admin.get(path(assessmentId));
        expect(page.status).toBe(200);
        expect(textOf(page.text)).toContain(translator.t("en", key).replace(/'/g, "&#x27;"));
      });

    it("in Arabic too", async () => {
      const user = insertUser(app.context, { role: "admin", locale: "ar" });
      const arabic = new Browser(app.url);
      await arabic.signIn(user.email, PASSWORD);
      const page = await arabic.get(`/assessments/${assessmentId}/invitations`);
      expect(textOf(page.text)).toContain(translator.t("ar", "invitations.none"));
    });
  });
});
