// Expert validation in a real browser (issue 19): an expert opens the validation of the demo's validated round (taken
// back to closed), runs the meeting one dimension at a time, records a decision with its rationale and lands on the
// next dimension; once without JavaScript and once with it, in English and in Arabic, every page checked with axe-core.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";
import { openAppDatabase } from "./staff";

const ADMIN = { email: "admin@validation.test", password: "browser-admin-password-2026" };

describeWithBrowser("expert validation", () => {
  let app: ChildApp;
  let database: AppDatabase;
  let browser: Browser;
  let assessmentId = 0;

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-validation-");
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    // The demo's published round, as it was before publishing: closed, open to validation.
    assessmentId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    database.sqlite.prepare("update report_snapshots set withdrawn_at = ? where assessment_id = ?").run(new Date().toISOString(), assessmentId);
    database.sqlite.prepare("update assessments set status = 'closed' where id = ?").run(assessmentId);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto("/sign-in");
    await page.fill("#email", ADMIN.email);
    await page.fill("#password", ADMIN.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
  }

  async function runMeeting(context: BrowserContext, journey: Journey, label: string, rationale: string): Promise<void> {
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`/assessments/${assessmentId}/validation`);
    expect(await page.getAttribute("html", "dir")).toBe(label === "ar" ? "rtl" : "ltr");
    await journey.check(page, `${label}-overview`);
    // Into the meeting of the second group (the first organisation).
    const meetings = page.locator('a[href$="/meeting"]');
    await Promise.all([page.waitForLoadState("load"), meetings.nth(1).click()]);
    await journey.check(page, `${label}-meeting`);
    const before = new URL(page.url()).pathname;
    await page.selectOption("#current", "0.5");
    await page.check('input[name="confidence"][value="low"]');
    await page.check('input[name="evidenceRating"][value="none"]');
    await page.fill("#rationale", rationale);
    await Promise.all([page.waitForURL((url) => url.pathname !== before), page.click('form[action$="/decision"] button[type="submit"]')]);
    await journey.check(page, `${label}-next-dimension`);
    expect(new URL(page.url()).pathname.endsWith("/meeting")).toBe(true);
    // Back on the decided unit: the decision and its rationale are there.
    await page.goto(before.replace(/\/meeting$/, ""));
    await journey.check(page, `${label}-review`);
    expect(await page.textContent("main")).toContain(rationale);
    await page.close();
  }

  it("runs a validation meeting without JavaScript, in English, axe-clean", async () => {
    const scripted = await browser.newContext({ baseURL: app.url });
    const axePage = await scripted.newPage();
    await axePage.goto("/sign-in");
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale: "en-GB" });
    context.setDefaultTimeout(20_000);
    await runMeeting(context, new Journey("validation-no-js", { axePage }), "en", "No evidence of the practice was shown.");
    await context.close();
    await scripted.close();
  }, 120_000);

  it("runs a validation meeting with JavaScript, in Arabic, axe-clean", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: "ar", extraHTTPHeaders: { "accept-language": "ar" } });
    context.setDefaultTimeout(20_000);
    await runMeeting(context, new Journey("validation-ar"), "ar", "لم تُقدَّم أدلة على هذه الممارسة.");
    await context.close();
  }, 120_000);
});
