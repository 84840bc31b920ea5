// Evidence in a real browser: a respondent attaches a file and a link to a question with JavaScript (in the
// background, the page stays) and without it (the page's form, answers and evidence saved together), in English and
// in Arabic; the page is axe-checked open and with its evidence listed.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildContext } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { startChildApp, type ChildApp } from "../support/child-app";
import { pdfFile } from "../support/evidence-files";
import { describeWithBrowser, Journey, launchChromium } from "./browser";

describeWithBrowser("evidence in the browser", () => {
  let app: ChildApp;
  let browser: Browser;
  let tokens: { en: string; plain: string; ar: string };
  let pagePath: string;
  let itemId: string;
  let pdfPath: string;

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-evidence-");
    const env = { DATA_DIR: dataDir, SEED_DEMO: "false", ADMIN_EMAIL: "admin@evidence.test", ADMIN_PASSWORD: "evidence-admin-password-2026" };
    const setup = await buildContext(loadConfig({ ...env, LOG_LEVEL: "silent" }));
    const assessment = anAssessment(setup, { status: "open", languages: ["en", "ar"], acceptsFallback: true });
    const invite = (language: string) => anInvitation(setup, assessment, { levels: ["organisational"], language }).token;
    tokens = { en: invite("en"), plain: invite("en"), ar: invite("ar") };
    const dimension = setup.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    itemId = dimension.items[0].id;
    pagePath = `/p/${dimension.id}`;
    setup.database.close();
    pdfPath = path.join(makeTempDir(), "Stratégie nationale.pdf");
    fs.writeFileSync(pdfPath, await pdfFile());
    app = await startChildApp(env);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("attaches in the background with JavaScript, while the page stays", async () => {
    const context = await browser.newContext({ baseURL: app.url });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const journey = new Journey("evidence-js");
    await page.goto(`/r/${tokens.en}${pagePath}`);
    await page.locator(`#item-${itemId} details.evidence summary`).click();
    await journey.check(page, "panel-open");
    await page.setInputFiles(`#evidence-file-${itemId}`, pdfPath);
    await page.fill(`#evidence-link-${itemId}`, "https://gov.example.org/strategy");
    await page.fill(`#evidence-note-${itemId}`, "Adopted in 2025");
    const url = page.url();
    await page.click(`#item-${itemId} [data-evidence-attach]`);
    await page.locator(`#item-${itemId} .evidence-list li`).nth(1).waitFor();
    expect(page.url()).toBe(url);
    await expect.poll(() => page.locator(`#item-${itemId} .evidence-list`).textContent()).toContain("Stratégie nationale.pdf");
    await journey.check(page, "attached");
    // Removed again, still in the background.
    await page.locator(`#item-${itemId} [data-evidence-remove]`).first().click();
    await expect.poll(() => page.locator(`#item-${itemId} .evidence-list li`).count()).toBe(1);
    await context.close();
  }, 120_000);

  it("attaches with the page's own form without JavaScript, keeping the answers typed", async () => {
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const axeContext = await browser.newContext({ baseURL: app.url });
    const journey = new Journey("evidence-plain", { axePage: await axeContext.newPage() });
    await page.goto(`/r/${tokens.plain}${pagePath}`);
    await page.check(`#current-${itemId}-3`).catch(async () => page.locator(`input[name="current.${itemId}"][value="3"]`).check());
    await page.locator(`#item-${itemId} details.evidence summary`).click();
    await page.setInputFiles(`#evidence-file-${itemId}`, pdfPath);
    await Promise.all([page.waitForLoadState("load"), page.click(`#item-${itemId} [data-evidence-attach]`)]);
    await page.waitForURL(/#item-/);
    expect(await page.locator(`#item-${itemId} .evidence-list`).textContent()).toContain("Stratégie nationale.pdf");
    expect(await page.locator(`input[name="current.${itemId}"][value="3"]`).isChecked()).toBe(true);
    await journey.check(page, "attached");
    await context.close();
    await axeContext.close();
  }, 120_000);

  it("shows the evidence panel in Arabic, right to left, and accessible", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: "ar" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const journey = new Journey("evidence-ar");
    await page.goto(`/r/${tokens.ar}${pagePath}?lang=ar`);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.locator(`#item-${itemId} details.evidence summary`).click();
    expect(await page.locator(`#item-${itemId} details.evidence summary`).textContent()).toContain("الإثباتات");
    await journey.check(page, "panel-open");
    await context.close();
  }, 120_000);
});
