// The staff interface of issue 23, driven in Chromium in English and Arabic (right to left), every page axe-clean:
// a staff form sent with a bad value comes back with the message tied to its field; the organisations, invitations
// and members lists are read, then edited on a row's own page; withdrawing a link asks first and states what stops;
// the next round starts from an assessment, is archived and restored; the report page has its contents, linkable
// sections and a heatmap that fits 1366 px; the favicon is linked and the content hash is not shown to an analyst.
// Screenshots of the main staff pages go to the OS temporary folder (cna-staff-shots), never into the repository.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";
import { describeWithBrowser, launchChromium } from "./browser";
import { addStaff, grantAnalyst, openAppDatabase } from "./staff";

const ADMIN = { email: "admin@staff-interface.test", password: "browser-admin-password-2026" };
const SHOTS = path.join(os.tmpdir(), "cna-staff-shots");

/** Saves a screenshot of the page under SHOTS and fails on any axe violation. */
async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  const lines = result.violations.flatMap((v) => v.nodes.slice(0, 3).map((n) => `[${v.impact}] ${v.id}: ${v.help} — ${n.target.join(" ")}`));
  expect(result.violations.length, `axe on ${name} (${page.url()}):\n${lines.join("\n")}`).toBe(0);
}

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.click(selector)]);
}

describeWithBrowser("the staff interface (issue 23)", () => {
  let app: ChildApp;
  let database: AppDatabase;
  let browser: Browser;
  let openId = 0;
  let publishedId = 0;
  const analyst = { email: "analyst@staff-interface.test", password: "" };

  beforeAll(async () => {
    const dataDir = makeTempDir("cna-browser-staff-");
    app = await startChildApp({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: "true" });
    database = openAppDatabase(dataDir);
    openId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    publishedId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    const account = addStaff(database, "analyst", analyst.email);
    analyst.password = account.password;
    grantAnalyst(database, account.id, openId);
    grantAnalyst(database, account.id, publishedId);
    browser = await launchChromium();
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    console.log(`[staff-interface] screenshots in ${SHOTS}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    database?.close();
    await app?.stop();
  });

  async function signedIn(locale: string, who: { email: string; password: string } = ADMIN): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1366, height: 900 }, locale });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.fill("#email", who.email);
    await page.fill("#password", who.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.click('form[action="/sign-in"] button[type="submit"]')]);
    return page;
  }

  for (const locale of ["en", "ar"]) {
    it(`forms, read-then-edit lists and a confirmation (${locale})`, async () => {
      const page = await signedIn(locale);
      expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
      expect(await page.locator('head link[rel="icon"]').count()).toBeGreaterThan(0);

      // A staff form with a bad value: the same page, the message tied to its field.
      await page.goto(`/assessments/${openId}/organisations`);
      await check(page, `${locale}-organisations`);
      expect(await page.locator("tbody input, tbody select, tbody textarea").count()).toBe(0);
      await page.fill("#name", "X");
      await submit(page, `form[method="post"][action="/assessments/${openId}/organisations"] button[type="submit"]`);
      const described = await page.locator("#name").getAttribute("aria-describedby");
      expect(described).toContain("name-error");
      expect(await page.locator("#name").getAttribute("aria-invalid")).toBe("true");
      expect((await page.locator("#name-error").textContent())?.trim().length).toBeGreaterThan(0);
      await check(page, `${locale}-organisation-refused`);

      // Organisations: a row's Edit leads to its own page.
      await page.goto(`/assessments/${openId}/organisations`);
      await submit(page, `tbody a[href$="/edit"] >> nth=0`);
      expect(page.url()).toMatch(/\/organisations\/\d+\/edit$/);
      await check(page, `${locale}-organisation-edit`);

      // Invitations: read-only rows, an invitation's own page, withdrawing its link asks first.
      await page.goto(`/assessments/${openId}/invitations`);
      expect(await page.locator("tbody form, tbody button, tbody select").count()).toBe(0);
      await check(page, `${locale}-invitations`);
      // The first invitation whose link still works (the other language's run withdrew one).
      const invitationId = database.sqlite
        .prepare("select min(id) from invitations where assessment_id = ? and revoked_at is null")
        .pluck()
        .get(openId) as number;
      await submit(page, `tbody a[href="/assessments/${openId}/invitations/${invitationId}/edit"]`);
      await check(page, `${locale}-invitation-edit`);
      await submit(page, `form[action$="/invitations/${invitationId}/revoke"] button`);
      const consequence = (await page.locator(".notice li").first().textContent()) ?? "";
      expect(consequence).toMatch(/1$/);
      await check(page, `${locale}-confirm-withdraw`);
      expect(database.sqlite.prepare("select revoked_at from invitations where id = ?").pluck().get(invitationId)).toBeNull();
      await submit(page, 'form:has(input[name="confirmed"][value="yes"]) button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe(`/assessments/${openId}/invitations`);
      expect(database.sqlite.prepare("select revoked_at from invitations where id = ?").pluck().get(invitationId)).not.toBeNull();

      // Members: read-only rows, the analyst's own page.
      await page.goto(`/assessments/${openId}/members`);
      expect(await page.locator("tbody form, tbody button, tbody input").count()).toBe(0);
      await check(page, `${locale}-members`);
      await submit(page, `tbody a[href$="/edit"] >> nth=0`);
      expect(await page.locator('input[name="grant"]').count()).toBe(2);
      await check(page, `${locale}-member-edit`);
      await page.context().close();
    }, 240_000);

    it(`the next round, archived and restored, and the report page (${locale})`, async () => {
      const page = await signedIn(locale);
      await page.goto(`/assessments/${publishedId}/next-round`);
      await check(page, `${locale}-next-round`);
      await page.fill("#roundLabel", `Next ${locale}`);
      await page.fill("#opensOn", "2031-01-10");
      await page.fill("#closesOn", "2031-03-10");
      await submit(page, `form[action="/assessments/${publishedId}/next-round"] button[type="submit"]`);
      const nextId = Number(/\/assessments\/(\d+)/.exec(new URL(page.url()).pathname)![1]);
      expect(nextId).not.toBe(publishedId);
      await check(page, `${locale}-next-round-started`);
      await submit(page, `form[action="/assessments/${nextId}/archive"] button`);
      expect(database.sqlite.prepare("select archived_at from assessments where id = ?").pluck().get(nextId)).not.toBeNull();
      await page.goto("/assessments/archived");
      await check(page, `${locale}-archived`);
      await submit(page, `form[action="/assessments/${nextId}/restore"] button`);
      expect(database.sqlite.prepare("select archived_at from assessments where id = ?").pluck().get(nextId)).toBeNull();

      // The report: contents that link to sections, a section anchor, a heatmap without horizontal scrolling.
      await page.goto(`/assessments/${publishedId}/report?lang=${locale}#heatmap`);
      await page.locator("#heatmap").waitFor({ state: "visible" });
      expect(await page.locator('nav.toc a[href="#heatmap"]').count()).toBe(1);
      expect(await page.locator('#heatmap h2 a.section-link[href="#heatmap"]').count()).toBe(1);
      const overflow = await page.locator("#heatmap .table-scroll").evaluateAll((els) => Math.max(...els.map((el) => el.scrollWidth - el.clientWidth)));
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.locator("#heatmap .shade-key li").count()).toBe(6);
      await page.locator("#heatmap").screenshot({ path: path.join(SHOTS, `${locale}-report-heatmap.png`) });
      await check(page, `${locale}-report`);
      await page.context().close();
    }, 240_000);

    it(`shows an analyst no content hash (${locale})`, async () => {
      const version = database.sqlite.prepare("select instrument_version from assessments where id = ?").pluck().get(openId) as string;
      const page = await signedIn(locale, analyst);
      await page.goto(`/assessments/${openId}`);
      expect(await page.locator('head link[rel="icon"]').count()).toBeGreaterThan(0);
      expect(await page.content()).not.toContain(version.slice(0, 12));
      await check(page, `${locale}-analyst-assessment`);
      await page.context().close();
    }, 120_000);
  }
});
