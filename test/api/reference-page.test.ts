// The API reference page in a real browser: readable without JavaScript, accessible (axe), in English and in Arabic.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectAccessible, launchChromium } from "../browser/browser";
import { startApp } from "./support";

describeWithBrowser("the API reference page", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("has no serious accessibility problem, in English and in Arabic, with JavaScript off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const axeContext = await browser.newContext();
    const page = await context.newPage();
    const axePage = await axeContext.newPage();
    for (const lang of ["en", "ar"]) {
      const reply = await page.goto(`${app.url}/api/v1/docs?lang=${lang}`);
      expect(reply?.status()).toBe(200);
      expect(await page.locator("html").getAttribute("dir")).toBe(lang === "ar" ? "rtl" : "ltr");
      // The operations are English data inside a translated page: marked as such for screen readers and layout.
      expect(await page.locator("#listAssessments + p").getAttribute("lang")).toBe("en");
      await axePage.goto(`${app.url}/api/v1/docs?lang=${lang}`);
      await expectAccessible(axePage, `API reference (${lang})`);
    }
    await context.close();
    await axeContext.close();
    // axe over a long page takes seconds on a busy machine: a generous limit, not a speed requirement.
  }, 120_000);
});
