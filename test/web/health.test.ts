import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

describe("GET /healthz", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("answers ok over real HTTP after checking the database", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers 503 when the database is closed", async () => {
    const other = await startTestApp();
    other.context.database.close();
    const res = await fetch(`${other.url}/healthz`);
    expect(res.status).toBe(503);
    await other.close();
  });

  it("serves the home page in the layout with a strict content security policy", async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("Capacity Needs Assessment");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("renders 404 in the layout", async () => {
    const res = await fetch(`${app.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Not found");
  });
});
