// The action plan in a real browser (issue 22): an administrator reads the 2024 plan of the demo, adds an entry (a
// refused form first, each message beside its field), and sees the 2026 round follow the 2024 plan up; in English and
// in Arabic right to left, every page checked with axe-core.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";

const ADMIN = { email: "admin@plan.test", password: "browser-admin-password-2026" };

describeWithBrowser("the action plan", () => {
  let app: ChildApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startChildApp({ DATA_DIR: makeTempDir("cna-browser-plan-"), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
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

  it("adds an entry to the 2024 plan and follows the plan up in 2026, in English", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    const journey = new Journey("plan");
    const page = await context.newPage();
    await signIn(page);
    await page.goto("/assessments/4/plan");
    expect(await page.locator("table tbody tr").count()).toBe(4);
    await journey.check(page, "plan-2024");

    await page.click('a[href="/assessments/4/plan/new"]');
    await page.fill("#costCurrency", "XYZ");
    await Promise.all([page.waitForLoadState("load"), page.click('form[action="/assessments/4/plan"] button[type="submit"]')]);
    expect(await page.locator("#leadOrganisation-error").textContent()).toContain("name the lead organisation");
    expect(await page.locator("#costCurrency-error").textContent()).toContain("ISO 4217");
    await journey.check(page, "refused");

    await page.fill("#leadOrganisation", "Ministry of Digital Economy");
    await page.fill("#costCurrency", "usd");
    await page.fill("#costAmount", "50000");
    await page.fill("#indicator", "Share of ministries with a data steward");
    await page.selectOption("#baselineKind", "share");
    await page.fill("#baselineValue", "40");
    await page.fill("#targetValue", "80");
    await page.fill("#title", "Name a data steward in every ministry");
    await Promise.all([page.waitForURL("**/assessments/4/plan"), page.click('form[action="/assessments/4/plan"] button[type="submit"]')]);
    expect(await page.locator("table tbody tr").count()).toBe(5);
    expect(await page.locator("table").textContent()).toContain("Name a data steward in every ministry");

    await page.goto("/assessments/5/plan");
    const followUp = (await page.locator("#follow-up + ul").textContent()) ?? "";
    expect(followUp).toMatch(/action done; .+ moved from \d\.\d to \d\.\d, a clear change\./);
    await journey.check(page, "follow-up-2026");
    await context.close();
  }, 180_000);

  it("reads right to left in Arabic", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: "ar", extraHTTPHeaders: { "accept-language": "ar" } });
    context.setDefaultTimeout(15_000);
    const journey = new Journey("plan-ar");
    const page = await context.newPage();
    await signIn(page);
    await page.goto("/assessments/5/plan");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("#follow-up").textContent()).toBe("متابعة خطة عمل 2024");
    await journey.check(page, "follow-up-ar");
    await page.goto("/assessments/4/plan/new");
    await journey.check(page, "form-ar");
    await context.close();
  }, 180_000);
});
