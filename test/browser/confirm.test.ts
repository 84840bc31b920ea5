// A confirmation page in a real browser without JavaScript (issue 23, safe actions): closing a round asks first,
// stating how many invitation links stop taking answers, in English and in Arabic (right to left), axe-clean; leaving
// it changes nothing.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";
import { openAppDatabase } from "./staff";

const ADMIN = { email: "admin@confirm.test", password: "browser-admin-password-2026" };

describeWithBrowser("a confirmation page", () => {
  let app: ChildApp;
  let database: AppDatabase;
  let browser: Browser;
  let assessmentId = 0;

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-confirm-");
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    assessmentId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  it("states what closing stops, in English and Arabic, and nothing changes until it is confirmed", async () => {
    const links = database.sqlite
      .prepare("select count(*) from invitations where assessment_id = ? and revoked_at is null")
      .pluck()
      .get(assessmentId) as number;
    const scripted = await browser.newContext({ baseURL: app.url });
    const axePage = await scripted.newPage();
    await axePage.goto("/sign-in");
    const journey = new Journey("confirm", { axePage });
    for (const [locale, expected] of [
      ["en", `Invitation links that will stop accepting answers: ${links}`],
      ["ar", `روابط الدعوات التي ستتوقف عن قبول الإجابات: ${links}`],
    ]) {
      const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      await page.goto("/sign-in");
      await page.fill("#email", ADMIN.email);
      await page.fill("#password", ADMIN.password);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
      await page.goto(`/assessments/${assessmentId}`);
      await Promise.all([page.waitForLoadState("load"), page.click('form:has(input[name="transition"][value="close"]) button[type="submit"]')]);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      expect(await page.locator(".notice li").first().textContent()).toBe(expected);
      expect(await page.locator('form:has(input[name="confirmed"][value="yes"]) button[type="submit"]').count()).toBe(1);
      await journey.check(page, `confirm-close-${locale}`);
      await context.close();
    }
    expect(database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessmentId)).toBe("open");
  });
});
