// The app's icon: an SVG and a 32 px PNG linked from every page, and /favicon.ico for browsers that ask for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

describe("the favicon", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("is linked from the layout, as SVG and as a 32 px PNG", async () => {
    const html = await (await fetch(`${app.url}/sign-in`)).text();
    expect(html).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
    expect(html).toContain('<link rel="icon" href="/assets/favicon-32.png" sizes="32x32" type="image/png">');
  });

  it("is served with the static files", async () => {
    const svg = await fetch(`${app.url}/assets/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const png = await fetch(`${app.url}/assets/favicon-32.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([32, 32]);
    const ico = await fetch(`${app.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});
