// The product's main journeys in a real browser (Debian's Chromium), against the real app started as `npm start`
// does: an expert sets up a round, two respondents answer (one with JavaScript, one without), the expert closes the
// round, an analyst reads the report and downloads the PDF; and the interface in Arabic. Every page visited is
// screenshotted (test-artifacts/browser/<journey>/) and checked with axe-core.
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";
import { addStaff, grantAnalyst, openAppDatabase, type StaffAccount } from "./staff";

const ADMIN = { email: "admin@browser.test", password: "browser-admin-password-2026" };
const STEP_TIMEOUT = 120_000;
const JS_RESPONDENT = "Ministry of Finance";
const PLAIN_RESPONDENT = "National Statistics Office";
/** Answers in Arabic when the instrument has an Arabic translation. */
const ARABIC_RESPONDENT = "Ministry of Health";

describeWithBrowser("browser journeys", () => {
  let app: ChildApp;
  let database: AppDatabase;
  let browser: Browser;
  let expert: StaffAccount;
  let analyst: StaffAccount;
  let expertContext: BrowserContext;
  let expertPage: Page;
  /** Filled by the expert's journey and used by the ones after it (vitest runs a file's tests in order). */
  const round = { id: 0, links: {} as Record<string, string>, languages: [] as string[] };
  /** Each respondent's link path, by the organisation they answer for (the table is not in import order). */
  const link = (organisation: string) => round.links[organisation] ?? expect.unreachable(`no invitation link for ${organisation}`);

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-");
    // The demo is seeded as on a first start, so the analyst also sees a full report with charts.
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    expert = addStaff(database, "expert", "expert@browser.test");
    analyst = addStaff(database, "analyst", "analyst@browser.test");
    browser = await launchChromium();
    expertContext = await newContext();
    expertPage = await expertContext.newPage();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  /** A fresh browser profile on the app; actions fail after 15 s instead of waiting for the test's time limit. */
  async function newContext(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: app.url, ...options });
    context.setDefaultTimeout(15_000);
    return context;
  }

  async function signIn(page: Page, account: { email: string; password: string }, journey: Journey): Promise<void> {
    await page.goto("/sign-in");
    await journey.check(page, "sign-in");
    await page.fill("#email", account.email);
    await page.fill("#password", account.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
  }

  const transitionButton = (page: Page, transition: string) => page.locator(`form:has(input[name="transition"][value="${transition}"]) button[type="submit"]`);

  it(
    "an expert signs in, creates an assessment, adds organisations, imports invitations and opens the round",
    async () => {
      const journey = new Journey("expert");
      const page = expertPage;
      await signIn(page, expert, journey);
      await page.goto("/assessments");
      await journey.check(page, "assessments");

      await page.click('a[href="/assessments/new"]');
      await journey.check(page, "new-assessment");
      await page.selectOption("#countryIso3", "KEN");
      await page.fill("#roundLabel", "Browser round 2026");
      // Every language the instrument offers, so that the Arabic journey has a questionnaire in Arabic when it exists.
      const languageBoxes = page.locator('input[name="languages"]');
      for (const box of await languageBoxes.all()) await box.check();
      round.languages = await languageBoxes.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      await Promise.all([page.waitForURL(/\/assessments\/\d+$/), page.click('form[action="/assessments"] button[type="submit"]')]);
      round.id = Number(/\/assessments\/(\d+)$/.exec(page.url())![1]);
      expect(await page.locator("h1 .badge").getAttribute("class")).toMatch(/status-draft/);
      await journey.check(page, "assessment-created");

      await page.click(`nav.subnav a[href="/assessments/${round.id}/organisations"]`);
      for (const [name, type] of [
        ["Ministry of Finance", "ministry"],
        ["National Statistics Office", "agency"],
      ]) {
        await page.fill("#name", name);
        await page.selectOption("#type", type);
        await Promise.all([
          page.waitForLoadState("load"),
          page.click(`form[method="post"][action="/assessments/${round.id}/organisations"] button[type="submit"]`),
        ]);
      }
      expect(await page.locator("table tbody tr").count()).toBe(2);
      await journey.check(page, "organisations");

      await page.click(`nav.subnav a[href="/assessments/${round.id}/invitations"]`);
      await journey.check(page, "invitations-empty");
      const arabic = round.languages.includes("ar") ? "ar" : "en";
      const csv = [
        "organisation,organisation_type,name,email,levels,language",
        "Ministry of Finance,ministry,Amina Haddad,amina@example.org,organisational,en",
        "National Statistics Office,agency,Bo Lindqvist,bo@example.org,organisational,en",
        `Ministry of Health,ministry,Samir Aziz,samir@example.org,organisational,${arabic}`,
      ].join("\n");
      await page.setInputFiles("#file", { name: "invitations.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await Promise.all([page.waitForLoadState("load"), page.click('form[enctype="multipart/form-data"] button[type="submit"]')]);
      await page.locator(".notice-success").waitFor({ state: "visible" });
      expect(await page.locator("input.link-field").count()).toBe(3);
      await journey.check(page, "invitations-imported");
      // Links are built on BASE_URL, which the test app leaves unset: keep their path, the browser adds the host.
      const rows = await page
        .locator("table tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [tr.querySelector("td")!.textContent!.trim(), (tr.querySelector("input.link-field") as HTMLInputElement).value]));
      round.links = Object.fromEntries(rows.map(([organisation, href]) => [organisation, new URL(href).pathname]));

      await page.click(`nav.subnav a[href="/assessments/${round.id}"]`);
      await Promise.all([page.waitForLoadState("load"), transitionButton(page, "open").click()]);
      expect(await page.locator("h1 .badge").getAttribute("class")).toMatch(/status-open/);
      await journey.check(page, "round-open");
    },
    STEP_TIMEOUT,
  );

  /** Answers the first `count` questions of the page in view: a current level, a target and an importance each. */
  async function answerItems(page: Page, count: number): Promise<string[]> {
    const itemIds = (await page.locator("fieldset.item:not([hidden])").evaluateAll((sets) => sets.map((s) => s.getAttribute("data-item")!))).slice(0, count);
    for (const [index, itemId] of itemIds.entries()) {
      await page.locator(`input[name="current.${itemId}"][value="${(index % 4) + 1}"]`).check();
      await page.locator(`input[name="target.${itemId}"][value="5"]`).check();
      await page.locator(`input[name="importance.${itemId}"][value="${(index % 3) + 1}"]`).check();
    }
    return itemIds;
  }

  const progressValue = (page: Page) => page.locator("[data-progress] progress").evaluate((bar) => (bar as HTMLProgressElement).value);

  it(
    "a respondent with JavaScript answers: autosave keeps each answer and the progress bar follows",
    async () => {
      const journey = new Journey("respondent-js");
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(link(JS_RESPONDENT));
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await journey.check(page, "welcome");
      // A new respondent starts with the About you page (background questions), then the ratings.
      await Promise.all([page.waitForURL(/\/about$/), page.click("a.button")]);
      await journey.check(page, "about-you");
      await page.locator('input[name="bg.function"][value="it-digital"]').check();
      await Promise.all([page.waitForURL(/\/p\//), page.click('button[name="intent"][value="next"]')]);
      expect(await progressValue(page)).toBe(0);
      await journey.check(page, "first-page");

      const [firstItem] = await answerItems(page, 1);
      // No button pressed: the page saves in the background and moves the bar.
      await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => page.locator("[data-save-status]").textContent(), { timeout: 10_000 }).toMatch(/Saved/);
      await expect.poll(() => page.locator("[data-progress] .progress-label").textContent(), { timeout: 10_000 }).toMatch(/^Questions answered: 1 of \d+/);
      await journey.check(page, "autosaved");

      await page.reload();
      expect(await page.locator(`input[name="current.${firstItem}"][value="1"]`).isChecked()).toBe(true);
      expect(await progressValue(page)).toBe(1);

      await answerItems(page, 4);
      await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBe(4);
      await Promise.all([page.waitForURL(/\/p\//), page.click('button[name="intent"][value="next"]')]);
      await journey.check(page, "second-page");

      // The strategy page's follow-up applies once the strategy exists (level 1 or more): it shows and hides at once.
      expect(page.url()).toContain("/p/org-strategy");
      const followUp = page.locator("#item-org-strategy-4");
      expect(await followUp.isHidden()).toBe(true);
      const questionsInTotal = async () => Number(/ of (\d+)/.exec((await page.locator("[data-progress] .progress-label").textContent()) ?? "")?.[1]);
      const totalWithoutFollowUp = await questionsInTotal();
      await page.locator('input[name="current.org-strategy-1"][value="2"]').check();
      await expect.poll(() => followUp.isVisible(), { timeout: 5_000 }).toBe(true);
      await journey.check(page, "follow-up-shown");
      await page.locator('input[name="current.org-strategy-1"][value="0"]').check();
      await expect.poll(() => followUp.isHidden(), { timeout: 5_000 }).toBe(true);
      await page.locator('input[name="current.org-strategy-1"][value="na"]').check();
      expect(await followUp.isHidden()).toBe(true);
      await page.locator('input[name="current.org-strategy-1"][value="3"]').check();
      await expect.poll(() => followUp.isVisible(), { timeout: 5_000 }).toBe(true);
      // A target below the current level is a legitimate answer, noted as soon as both are set; raised, the note goes.
      const targetNote = page.locator("#item-org-strategy-1 [data-target-below]");
      expect(await targetNote.isHidden()).toBe(true);
      await page.locator('input[name="target.org-strategy-1"][value="1"]').check();
      await expect.poll(() => targetNote.isVisible(), { timeout: 5_000 }).toBe(true);
      await journey.check(page, "target-below-noted");
      await page.locator('input[name="target.org-strategy-1"][value="4"]').check();
      await expect.poll(() => targetNote.isHidden(), { timeout: 5_000 }).toBe(true);
      await page.locator('input[name="current.org-strategy-4"][value="1"]').check();
      // Saved in the background, the follow-up counts among the questions as soon as it is shown.
      await expect.poll(questionsInTotal, { timeout: 10_000 }).toBe(totalWithoutFollowUp + 1);
      // Continuing goes on to the next page: the follow-up was already shown here, so the save need not come back.
      await Promise.all([page.waitForURL(/\/p\/org-services/), page.click('button[name="intent"][value="next"]')]);

      await page.goto(`${link(JS_RESPONDENT)}/review`);
      await journey.check(page, "review");
      await Promise.all([page.waitForURL(/\/thanks$/), page.click('form[action$="/submit"] button[type="submit"]')]);
      await journey.check(page, "thanks");
      await context.close();
    },
    STEP_TIMEOUT,
  );

  it(
    "a respondent without JavaScript answers with the Save buttons alone",
    async () => {
      const axeContext = await newContext();
      const axePage = await axeContext.newPage();
      await axePage.goto("/sign-in");
      const journey = new Journey("respondent-no-js", { axePage });
      const context = await newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(link(PLAIN_RESPONDENT));
      await journey.check(page, "welcome");
      await Promise.all([page.waitForURL(/\/about$/), page.click("a.button")]);
      // Without JavaScript, saying yes to "public service" brings the page back with its follow-ups.
      await page.locator('input[name="bg.public-service"][value="yes"]').check();
      await Promise.all([page.waitForURL(/\/about#bg-years-in-service$/), page.click('button[name="intent"][value="next"]')]);
      await journey.check(page, "about-you-follow-ups");
      await page.locator('input[name="bg.grade"][value="prefer-not-to-say"]').check();
      await Promise.all([page.waitForURL(/\/p\//), page.click('button[name="intent"][value="next"]')]);
      const firstPage = page.url();
      await answerItems(page, 4);
      await journey.check(page, "first-page-answered");
      await Promise.all([page.waitForURL((url) => url.href !== firstPage), page.click('button[name="intent"][value="next"]')]);
      // The server counted the answers: the bar on the next page is rendered with them.
      expect(await page.locator("[data-progress] progress").getAttribute("value")).toBe("4");
      await journey.check(page, "second-page");

      // The strategy page: rating the strategy shows its follow-up, so the save comes back to this page with it.
      expect(page.url()).toContain("/p/org-strategy");
      expect(await page.locator("#item-org-strategy-4").isHidden()).toBe(true);
      await answerItems(page, 2);
      const secondPage = page.url();
      await Promise.all([page.waitForURL((url) => url.href !== secondPage), page.click('button[name="intent"][value="next"]')]);
      expect(page.url()).toContain("/p/org-strategy#item-org-strategy-4");
      expect(await page.locator("#item-org-strategy-4").isVisible()).toBe(true);
      await journey.check(page, "follow-up-shown");
      await Promise.all([page.waitForLoadState("load"), page.click('button[name="intent"][value="later"]')]);
      await journey.check(page, "saved-for-later");

      await page.goto(`${link(PLAIN_RESPONDENT)}/review`);
      expect(await page.locator("[data-progress] progress").getAttribute("value")).toBe("6");
      // The About you answers are listed, each linking back to its question.
      expect(await page.locator('tr:has(a[href$="/about#bg-public-service"]) td').textContent()).toBe("Yes");
      expect(await page.locator('tr:has(a[href$="/about#bg-grade"]) td').textContent()).toBe("Prefer not to say");
      await journey.check(page, "review");
      await Promise.all([page.waitForURL(/\/thanks$/), page.click('form[action$="/submit"] button[type="submit"]')]);
      await journey.check(page, "thanks");
      await context.close();
      await axeContext.close();
    },
    STEP_TIMEOUT,
  );

  it(
    "the expert sees the progress and closes the round",
    async () => {
      const journey = new Journey("close-round");
      const page = expertPage;
      await page.goto(`/assessments/${round.id}/progress`);
      await journey.check(page, "progress");
      await page.goto(`/assessments/${round.id}`);
      await Promise.all([page.waitForLoadState("load"), transitionButton(page, "close").click()]);
      // Closing asks first, with what it stops (works without JavaScript: a page and a form).
      await journey.check(page, "confirm-close");
      await Promise.all([page.waitForLoadState("load"), page.locator('form:has(input[name="confirmed"]) button[type="submit"]').click()]);
      expect(await page.locator("h1 .badge").getAttribute("class")).toMatch(/status-closed/);
      await journey.check(page, "closed");
      // A closed round takes no more answers: the respondent's link now shows a summary, not the questions.
      const respondentContext = await newContext();
      const respondent = await respondentContext.newPage();
      await respondent.goto(link(ARABIC_RESPONDENT));
      expect(await respondent.locator("form.questionnaire").count()).toBe(0);
      await journey.check(respondent, "respondent-after-close");
      await respondentContext.close();
    },
    STEP_TIMEOUT,
  );

  it(
    "an analyst opens the report and downloads the PDF",
    async () => {
      const journey = new Journey("analyst");
      const demoId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
      grantAnalyst(database, analyst.id, round.id);
      grantAnalyst(database, analyst.id, demoId);
      const context = await newContext({ acceptDownloads: true });
      const page = await context.newPage();
      await signIn(page, analyst, journey);
      await page.goto("/assessments");
      await page.locator(`a[href="/assessments/${round.id}"]`).waitFor({ state: "visible" });
      await journey.check(page, "assessments");

      await page.goto(`/assessments/${round.id}/report`);
      await journey.check(page, "report-small-round");

      // The demo's open round has enough respondents for every chart.
      await page.goto(`/assessments/${demoId}/report`);
      await page.locator("canvas[data-chart]").first().waitFor({ state: "visible" });
      await journey.check(page, "report-demo");

      const [download] = await Promise.all([page.waitForEvent("download"), page.click('a[href*="report.pdf"]')]);
      const pdf = fs.readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(10 * 1024);
      await context.close();
    },
    STEP_TIMEOUT,
  );

  it(
    "the interface in Arabic is right-to-left, for staff and (when the instrument has Arabic) for respondents",
    async () => {
      const journey = new Journey("arabic");
      const context = await newContext({ locale: "ar" });
      const page = await context.newPage();
      await page.goto("/sign-in?lang=ar");
      expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await page.locator("html").getAttribute("lang")).toBe("ar");
      await journey.check(page, "sign-in");
      await page.fill("#email", expert.email);
      await page.fill("#password", expert.password);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
      for (const [step, url] of [
        ["assessments", "/assessments?lang=ar"],
        ["assessment", `/assessments/${round.id}?lang=ar`],
        ["invitations", `/assessments/${round.id}/invitations?lang=ar`],
      ]) {
        await page.goto(url);
        expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await page.locator("html").getAttribute("lang")).toBe("ar");
        await journey.check(page, step);
      }
      if (round.languages.includes("ar")) {
        // The third invitation was made in Arabic; its link shows the round's summary in Arabic now it is closed.
        await page.goto(link(ARABIC_RESPONDENT));
        expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        await journey.check(page, "respondent");
        await page.goto(`/assessments/${round.id}/report?lang=ar`);
        expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        await journey.check(page, "report");
      } else {
        console.warn("[browser tests] the instrument has no Arabic translation yet: the Arabic journey covers the staff pages only.");
      }
      await context.close();
    },
    STEP_TIMEOUT,
  );
});
