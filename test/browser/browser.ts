// The browser harness: Debian's Chromium (never a downloaded browser) driven by playwright-core, a screenshot per
// step kept under test-artifacts/browser/<journey>/, and axe-core on every page a journey visits.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The switches the project asks for. Playwright adds its own automation switches and a fresh temporary
 * --user-data-dir per launch (it refuses one passed in `args`), so no profile is ever shared between runs.
 */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const isChromiumAvailable = fs.existsSync(chromiumPath);
const isBrowserRequired = process.env.REQUIRE_BROWSER === "1";

/**
 * `describe` for browser tests. Without Chromium the suite is skipped loudly, or fails when REQUIRE_BROWSER=1 (CI),
 * so a missing browser can never pass for a green run there.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (isChromiumAvailable) {
    describe(name, body);
    return;
  }
  const reason = `Chromium not found at ${chromiumPath} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (isBrowserRequired) {
    // A failing test rather than an error at import, so the report names the suite and the reason.
    describe(name, () => {
      it("has Chromium to run in (REQUIRE_BROWSER=1)", () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${reason}.`);
      });
    });
    return;
  }
  console.warn(`[browser tests] skipping "${name}": ${reason}. Set REQUIRE_BROWSER=1 to make this a failure.`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

/** Records one journey: numbered screenshots and an axe check of every page. */
export class Journey {
  private step = 0;
  readonly dir: string;

  /**
   * `scriptlessFrom`: the journey's pages run without JavaScript, where axe (a script) cannot run; each page's HTML
   * is then checked in this JavaScript-enabled page of the same origin instead, scripts removed, styles intact.
   */
  constructor(
    readonly name: string,
    private readonly options: { axePage?: Page } = {},
  ) {
    this.dir = path.join(projectRoot, "test-artifacts", "browser", name);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Screenshots the page as `<nn-step>.png` and fails on any serious or critical accessibility violation. */
  async check(page: Page, stepName: string): Promise<string> {
    this.step += 1;
    const file = path.join(this.dir, `${String(this.step).padStart(2, "0")}-${stepName}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const where = `${this.name}/${stepName}`;
    if (!this.options.axePage) {
      await expectAccessible(page, where);
    } else {
      const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
      await this.options.axePage.setContent(html, { waitUntil: "load" });
      await expectAccessible(this.options.axePage, `${where} (rendered without JavaScript)`);
    }
    return file;
  }
}

/** axe-core on the page as it is now; serious and critical violations fail with one readable line per node. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const blocking = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = blocking.flatMap((v) =>
    v.nodes
      .slice(0, 5)
      .map(
        (n) => `  [${v.impact}] ${v.id}: ${v.help} — ${n.target.join(" ")}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`,
      ),
  );
  expect(blocking.length, `Accessibility violations on ${where} (${page.url()}):\n${lines.join("\n")}`).toBe(0);
}
