// Right to left in a real browser (Debian's Chromium): an Arabic respondent page and report mirror their layout,
// and the report's charts mirror legends and axes, while the English report keeps them left to right.
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser, startApp, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const describeInBrowser = fs.existsSync(chromiumPath) || process.env.REQUIRE_BROWSER === "1" ? describe : describe.skip;

interface ChartSettings {
  type: string;
  xReverse: boolean;
  yPosition: string;
  legendRtl: boolean;
}

describeInBrowser("right-to-left pages in a browser", () => {
  let app: AuthTestApp;
  let browser: Browser;
  let reportPath: string;
  let respondentPath: string;
  let admin: { email: string; password: string };

  beforeAll(async () => {
    app = await startApp();
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"], organisations: ["Ministry of ICT"] });
    for (let i = 0; i < 3; i++) {
      const { token } = anInvitation(app.context, assessment, { language: "ar" });
      aSubmittedResponse(app.context, token, { current: i + 1, target: 4, importance: 3 });
    }
    respondentPath = `/r/${anInvitation(app.context, assessment, { language: "ar" }).token}`;
    reportPath = `/assessments/${assessment.id}/report`;
    admin = insertUser(app.context, { role: "admin" });
    browser = await chromium.launch({ executablePath: chromiumPath, args: flags });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedInPage(): Promise<Page> {
    const page = await (await browser.newContext({ baseURL: app.url })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto("/sign-in");
    await page.fill("input[name=email]", admin.email);
    await page.fill("input[name=password]", admin.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click("main form button[type=submit]")]);
    return page;
  }

  async function chartsOn(page: Page, path: string): Promise<ChartSettings[]> {
    await page.goto(path);
    await page.waitForFunction(() => {
      const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
      const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]"));
      return chart !== undefined && canvases.length > 0 && canvases.every((c) => chart.getChart(c) !== undefined);
    });
    return page.$$eval("canvas[data-chart]", (canvases) =>
      canvases.map((canvas) => {
        type Options = { scales: Record<string, { reverse?: boolean; position?: string }>; plugins: { legend: { rtl?: boolean } } };
        const chart = (window as unknown as { Chart: { getChart(c: Element): { config: { type: string }; options: Options } } }).Chart.getChart(canvas);
        return {
          type: chart.config.type,
          xReverse: chart.options.scales.x?.reverse === true,
          yPosition: chart.options.scales.y?.position ?? "",
          legendRtl: chart.options.plugins.legend.rtl === true,
        };
      }),
    );
  }

  it("mirrors the Arabic report's charts: legends right to left, bars and categories from the right", async () => {
    const page = await signedInPage();
    const arabic = await chartsOn(page, `${reportPath}?lang=ar`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    const bars = arabic.filter((c) => c.type === "bar");
    expect(bars.length).toBeGreaterThan(0);
    for (const chart of bars) expect(chart).toMatchObject({ xReverse: true, yPosition: "right", legendRtl: true });
    for (const chart of arabic) expect(chart.legendRtl).toBe(true);

    const english = await chartsOn(page, `${reportPath}?lang=en`);
    for (const chart of english.filter((c) => c.type === "bar")) expect(chart).toMatchObject({ xReverse: false, legendRtl: false });
    await page.context().close();
  });

  it("lays the Arabic report's tables out from the right", async () => {
    const page = await signedInPage();
    await page.goto(`${reportPath}?lang=ar`);
    const headers = page.locator("table").first().locator("thead th");
    const first = (await headers.first().boundingBox())!;
    const last = (await headers.last().boundingBox())!;
    expect(first.x).toBeGreaterThan(last.x);
    await page.context().close();
  });

  it("mirrors the Arabic questionnaire: the choice comes before its label on the right, and the progress bar fills from the right", async () => {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(respondentPath);
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    expect(await page.locator("progress").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    await page.locator(".actions-row a").first().click();
    const option = page.locator(".option").first();
    const radio = (await option.locator("input").boundingBox())!;
    const label = (await option.locator("label").boundingBox())!;
    expect(radio.x).toBeGreaterThan(label.x);
    await context.close();
  });
});
