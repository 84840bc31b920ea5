// The staff lists in a real browser without JavaScript (issue 26): an expert finds one person's link among many in two
// steps (search, then read the row), pages with the filters kept, and reaches a bulk action's confirmation; every page
// checked with axe-core (in a scripted page of the same origin, since axe cannot run where scripts are off).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, Journey, launchChromium } from "./browser";
import { openAppDatabase } from "./staff";

const ADMIN = { email: "admin@lists.test", password: "browser-admin-password-2026" };

describeWithBrowser("staff lists without JavaScript", () => {
  let app: ChildApp;
  let database: AppDatabase;
  let browser: Browser;
  let assessmentId = 0;

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-lists-");
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    assessmentId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const organisationId = database.sqlite
      .prepare("select id from organisations where assessment_id = ? order by id limit 1")
      .pluck()
      .get(assessmentId) as number;
    const insert = database.sqlite.prepare(
      "insert into invitations (assessment_id, organisation_id, name, email, levels, language, token_seed, token_lookup) values (?, ?, ?, ?, ?, 'en', ?, ?)",
    );
    database.sqlite.transaction(() => {
      for (let i = 0; i < 120; i++)
        insert.run(
          assessmentId,
          organisationId,
          `Official ${i}`,
          `official.${i}@ministry.test`,
          JSON.stringify(["organisational"]),
          `seed-${i}`,
          `lookup-${i}`,
        );
    })();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  it("finds one person's link among many, pages with the filters kept, and confirms a bulk download", async () => {
    const scripted = await browser.newContext({ baseURL: app.url });
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const axePage = await scripted.newPage();
    await axePage.goto("/sign-in");
    const journey = new Journey("staff-lists", { axePage });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.fill("#email", ADMIN.email);
    await page.fill("#password", ADMIN.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);

    await page.goto(`/assessments/${assessmentId}/invitations?size=25`);
    await journey.check(page, "invitations");
    expect(await page.locator("input.link-field").count()).toBe(25);

    // Step one: search; step two: the row with the link.
    await page.fill("#f-q", "official.77@");
    await Promise.all([page.waitForLoadState("load"), page.click('form[role="search"] button[type="submit"]')]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("official.77@");
    expect(await page.locator("input.link-field").count()).toBe(1);
    expect(await page.locator("table tbody tr").first().textContent()).toContain("official.77@ministry.test");
    await journey.check(page, "invitations-found");

    // Filters kept across pages.
    await page.goto(`/assessments/${assessmentId}/invitations?size=25&status=invited`);
    await Promise.all([page.waitForLoadState("load"), page.click('a[rel="next"]')]);
    const params = new URL(page.url()).searchParams;
    expect(params.get("status")).toBe("invited");
    expect(params.get("after")).toBeTruthy();
    expect(await page.locator("#f-status option:checked").getAttribute("value")).toBe("invited");
    await journey.check(page, "invitations-page-2");

    await page.click(`a[href^="/assessments/${assessmentId}/invitations/bulk?action=download"]`);
    await page.waitForLoadState("load");
    expect(await page.locator("p.lead").textContent()).toMatch(/The file lists \d+ invitations\./);
    await journey.check(page, "bulk-download");

    for (const [step, url] of [
      ["progress", `/assessments/${assessmentId}/progress?status=invited`],
      ["organisations", `/assessments/${assessmentId}/organisations`],
      ["members", `/assessments/${assessmentId}/members?role=owner`],
      ["assessments", "/assessments"],
      ["accounts", "/admin/users"],
      ["audit", "/admin/audit?size=25"],
    ]) {
      await page.goto(url);
      await journey.check(page, step);
    }
    await context.close();
    await scripted.close();
  }, 180_000);
});
