// The report page as a reader meets it (issue 23 point 5) and the questionnaire on a phone (point 6): at 1366×768 in
// English and Arabic, the contents stay in view beside the sections while scrolling, the heatmap fits its column, the
// page is axe-clean; printed, the navigation and actions are gone; at 320 px no element of a question page is wider
// than the screen. Element screenshots (the page is very tall) under test-artifacts/browser/report-reading/.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, expectAccessible, launchChromium } from "./browser";
import { openAppDatabase } from "./staff";

const ADMIN = { email: "admin@report-reading.test", password: "browser-admin-password-2026" };
const SHOTS = path.join(projectRoot, "test-artifacts", "browser", "report-reading");

describeWithBrowser("reading the report page", () => {
  let app: ChildApp;
  let browser: Browser;
  let database: AppDatabase;
  let demoId = 0;

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-report-");
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    demoId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    browser = await launchChromium();
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  async function signedIn(viewport: { width: number; height: number }, locale = "en-GB"): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.url, viewport, locale });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.fill("#email", ADMIN.email);
    await page.fill("#password", ADMIN.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
    return page;
  }

  for (const language of ["en", "ar"]) {
    it(`keeps the contents in view, fits the heatmap and prints without navigation (${language})`, async () => {
      const page = await signedIn({ width: 1366, height: 768 });
      await page.goto(`/assessments/${demoId}/report?lang=${language}`);
      await page.locator("canvas[data-chart]").first().waitFor({ state: "visible" });
      expect(await page.locator("html").getAttribute("dir")).toBe(language === "ar" ? "rtl" : "ltr");

      const fits = await page
        .locator("#heatmap .table-scroll")
        .evaluateAll((els) =>
          els.reduce((worst, el) => ({ scroll: Math.max(worst.scroll, el.scrollWidth - el.clientWidth), client: 0 }), { scroll: 0, client: 0 }),
        );
      expect(await page.locator("#heatmap table.heatmap").count()).toBeGreaterThan(1);
      for (const id of ["heatmap", "methodology"]) expect(await page.locator(`#${id} h2 a.section-link[href="#${id}"]`).isVisible(), id).toBe(true);
      const codes = await page.locator("#heatmap .heatmap-codes dt").allTextContents();
      expect(new Set(codes).size).toBe(codes.length);
      await page.locator("#heatmap").screenshot({ path: path.join(SHOTS, `${language}-heatmap.png`) });
      expect(fits.scroll).toBeLessThanOrEqual(fits.client);

      // The contents sit beside the sections (inline-start: left in English, right in Arabic) and stay in view.
      const toc = page.locator("nav.toc");
      const main = page.locator(".report-body > section").first();
      const [tocBox, mainBox] = [await toc.boundingBox(), await main.boundingBox()];
      if (language === "ar") expect(tocBox!.x).toBeGreaterThan(mainBox!.x);
      else expect(tocBox!.x).toBeLessThan(mainBox!.x);
      await page.locator("#heatmap").scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 3000));
      const after = await toc.boundingBox();
      expect(after!.y).toBeGreaterThanOrEqual(0);
      expect(after!.y).toBeLessThan(100);
      await page.screenshot({ path: path.join(SHOTS, `${language}-scrolled-viewport.png`) });
      const radar = page.locator("figure.chart-radar").first();
      if ((await radar.count()) > 0) await radar.screenshot({ path: path.join(SHOTS, `${language}-radar.png`) });
      await expectAccessible(page, `report (${language})`);

      await page.emulateMedia({ media: "print" });
      for (const selector of ["nav.toc", ".actions-row", ".site-header nav"]) expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
      expect(await page.locator("#heatmap").isVisible()).toBe(true);
      await page.context().close();
    }, 120_000);
  }

  for (const language of ["en", "ar"]) {
    it(`shows every question of a questionnaire page whole on a 320 px screen (${language})`, async () => {
      const staff = await signedIn({ width: 1366, height: 768 });
      await staff.goto(`/assessments/${demoId}/invitations`);
      const href = await staff
        .locator('a[href*="/r/"], input[value*="/r/"], code:has-text("/r/")')
        .first()
        .evaluate((el) => (el instanceof HTMLAnchorElement ? el.href : el instanceof HTMLInputElement ? el.value : (el.textContent ?? "")));
      const token = /\/r\/([A-Za-z0-9_-]{43})/.exec(href)![1];
      await staff.context().close();
      const context = await browser.newContext({ baseURL: app.url, viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(`/r/${token}`);
      if (language !== "en") {
        // The respondent's own choice, remembered for the invitation (the demo round offers Arabic).
        await page.selectOption("form.language-form select", language);
        await Promise.all([page.waitForLoadState("load"), page.click("form.language-form button[type=submit]")]);
        await page.waitForSelector(`html[lang="${language}"]`);
      }
      // Every questionnaire page the welcome page links to, so that the longest questions of the invitation are seen.
      const pages = await page
        .locator('a[href*="/p/"]')
        .evaluateAll((links) => [...new Set(links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))]);
      expect(pages.length).toBeGreaterThan(0);
      for (const pathname of pages) {
        await page.goto(pathname);
        expect(await page.locator("html").getAttribute("dir")).toBe(language === "ar" ? "rtl" : "ltr");
        expect(await page.locator("fieldset.item").count(), pathname).toBeGreaterThan(0);
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll("body *"))
            // The skip link waits off screen until it is focused.
            .filter((el) => !el.classList.contains("skip-link"))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 || el.getBoundingClientRect().left < -0.5)
            .map((el) => `${el.tagName}.${el.className}#${el.id} ${(el as HTMLInputElement).type ?? ""} ${Math.round(el.getBoundingClientRect().right)}`),
        );
        expect(wide, pathname).toEqual([]);
      }
      await expectAccessible(page, `questionnaire page at 320 px (${language})`);
      await page
        .locator("fieldset.item")
        .first()
        .screenshot({ path: path.join(SHOTS, `question-320-${language}.png`) });
      await context.close();
    }, 240_000);
  }
});
