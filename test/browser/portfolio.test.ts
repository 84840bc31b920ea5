// The portfolio in a real browser (issue 22): an administrator sees every demo country and round with their indices,
// filters by group and region without JavaScript, and sees the small radar charts drawn with it, in English and in
// Arabic right to left; every page checked with axe-core.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";

const ADMIN = { email: "admin@portfolio.test", password: "browser-admin-password-2026" };

describeWithBrowser("the portfolio", () => {
  let app: ChildApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startChildApp({ DATA_DIR: makeTempDir("cna-browser-portfolio-"), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto("/sign-in");
    await page.fill("#email", ADMIN.email);
    await page.fill("#password", ADMIN.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
  }

  it("lists every demo round with its figures and filters them without JavaScript", async () => {
    const scripted = await browser.newContext({ baseURL: app.url });
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    const axePage = await scripted.newPage();
    await axePage.goto("/sign-in");
    const journey = new Journey("portfolio", { axePage });
    const page = await context.newPage();
    await signIn(page);

    await page.click('nav a[href="/portfolio"]');
    await page.waitForLoadState("load");
    const rows = page.locator("table.portfolio tbody tr");
    expect(await rows.count()).toBe(5);
    const text = (await page.locator("table.portfolio").textContent()) ?? "";
    for (const status of ["Published", "Open"]) expect(text).toContain(status);
    expect(await page.locator("table.portfolio .badge", { hasText: "demo" }).count()).toBe(5);
    expect(await page.locator('table.portfolio a[href$="/report"]').count()).toBe(5);
    await journey.check(page, "all");

    await page.selectOption("#f-group", "SIDS");
    await Promise.all([page.waitForLoadState("load"), page.click('form[role="search"] button[type="submit"]')]);
    expect(new URL(page.url()).searchParams.get("group")).toBe("SIDS");
    expect(await rows.count()).toBeLessThan(5);
    await journey.check(page, "sids");

    await page.goto("/portfolio?region=Europe");
    expect((await page.locator("p", { hasText: "No assessment matches" }).count()) + (await rows.count())).toBeGreaterThan(0);
    await context.close();
    await scripted.close();
  }, 180_000);

  it("draws a small radar per round with JavaScript, and reads right to left in Arabic", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: "ar", extraHTTPHeaders: { "accept-language": "ar" } });
    context.setDefaultTimeout(15_000);
    const journey = new Journey("portfolio-ar");
    const page = await context.newPage();
    await signIn(page);
    await page.goto("/portfolio");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("h1").textContent()).toBe("المحفظة");
    await page.waitForFunction(() => document.querySelectorAll(".small-multiples canvas").length > 0);
    expect(await page.locator(".small-multiples figure.chart").count()).toBe(5);
    await journey.check(page, "ar");

    const english = await browser.newContext({ baseURL: app.url, locale: "en-GB" });
    const englishPage = await english.newPage();
    await signIn(englishPage);
    await englishPage.goto("/portfolio");
    await englishPage.waitForFunction(() => document.querySelectorAll(".small-multiples canvas").length > 0);
    await new Journey("portfolio-en").check(englishPage, "en");
    await english.close();
    await context.close();
  }, 180_000);
});
