// Report files are rendered off the thread that answers requests (src/reports/render-pool.ts): while a Word report of
// the demo renders (seconds of chart drawing), the health check is answered. Ordering of events, no timings: the
// health check is asked only once the file is handed to the rendering thread, and must be answered before the file is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareFirstRun } from "../../src/bootstrap";
import { renderEvents, warmRenderThread } from "../../src/reports/render-pool";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

describe("report files rendered in a worker thread", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let openId: number;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    openId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, user.password)).status).toBe(303);
  }, 120_000);
  afterAll(() => app.close());

  it("answers the health check while a Word report renders", async () => {
    const order: string[] = [];
    const handedOver = new Promise<void>((resolve) => renderEvents.once("started", () => resolve()));
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const docx = fetch(`${app.url}/assessments/${openId}/report.docx?lang=fr`, { headers: { cookie } }).then(async (reply) => {
      const body = Buffer.from(await reply.arrayBuffer());
      order.push("docx");
      return { status: reply.status, body };
    });
    await handedOver;
    const health = await fetch(`${app.url}/healthz`);
    order.push("healthz");
    expect(health.status).toBe(200);
    const file = await docx;
    expect(file.status).toBe(200);
    expect(file.body.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(order).toEqual(["healthz", "docx"]);
  }, 120_000);

  it("renders the PDF there too, and the same file again from the kept model", async () => {
    // Warmed as the app warms it after listening: the thread answers, and the process goes on.
    await warmRenderThread();
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const first = Buffer.from(await (await fetch(`${app.url}/assessments/${openId}/report.pdf?lang=en`, { headers: { cookie } })).arrayBuffer());
    expect(first.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const second = Buffer.from(await (await fetch(`${app.url}/assessments/${openId}/report.pdf?lang=en`, { headers: { cookie } })).arrayBuffer());
    expect(second.equals(first)).toBe(true);
  }, 120_000);
});
