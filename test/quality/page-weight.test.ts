// The respondent's questionnaire page stays light for slow connections: the page with its CSS and JS under 60 KB as
// transferred (compressed as the server sends it), on the demo data, and no chart library.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { createInvitation } from "../../src/assessments/service";
import { prepareFirstRun } from "../../src/bootstrap";
import { adminActor } from "../../src/demo/actor";
import { startTestApp, type TestApp } from "../support/app";

const BUDGET_BYTES = 60 * 1024;

/** The body's size on the wire, as sent (compressed when the server compresses), without decompressing it. */
function transferred(
  url: string,
  acceptEncoding = "gzip, deflate, br",
): Promise<{ bytes: number; encoding: string | undefined; vary: string | undefined; status: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ bytes, encoding: res.headers["content-encoding"], vary: res.headers.vary, status: res.statusCode ?? 0 }));
      })
      .on("error", reject);
  });
}

describe("the questionnaire page's weight", () => {
  let app: TestApp;
  let pageUrl: string;

  beforeAll(async () => {
    app = await startTestApp({ SEED_DEMO: "true", ADMIN_EMAIL: "admin@weight.test" });
    prepareFirstRun(app.context);
    const { database } = app.context;
    const assessmentId = database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const organisationId = database.sqlite
      .prepare("select id from organisations where assessment_id = ? order by id limit 1")
      .pluck()
      .get(assessmentId) as number;
    const assessment = findAssessment(database.db, assessmentId)!;
    // Every level in scope: the heaviest invitation the demo allows.
    const { token } = createInvitation(app.context, adminActor(database), assessmentId, { organisationId, levels: assessment.levels, language: "en" });
    const instrument = app.context.instruments.pinned(database, assessment.instrumentVersion);
    const dimension = instrument.levels.find((l) => assessment.levels.includes(l.id))!.dimensions[0];
    pageUrl = `${app.url}/r/${token}/p/${dimension.id}`;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it("is under 60 KB transferred with its CSS and JS, and loads no chart library", async () => {
    const html = await (await fetch(pageUrl)).text();
    expect(html).toContain('class="questionnaire"');
    const assets = [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(assets.some((a) => a.endsWith("respond.js"))).toBe(true);
    expect(
      assets.filter((a) => /chart/i.test(a)),
      "the questionnaire must not load a chart library",
    ).toEqual([]);

    const page = await transferred(pageUrl);
    expect(page.status).toBe(200);
    expect(page.encoding, "the page is sent compressed").toBeDefined();
    const sizes = [{ url: "page", bytes: page.bytes }];
    for (const asset of assets) {
      const reply = await transferred(new URL(asset, app.url).toString());
      expect(reply.status, asset).toBe(200);
      sizes.push({ url: asset, bytes: reply.bytes });
    }
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
    expect(total, `transferred: ${sizes.map((s) => `${s.url} ${(s.bytes / 1024).toFixed(1)} KB`).join(", ")}`).toBeLessThan(BUDGET_BYTES);
  });

  it("is compressed for a client that accepts it and sent as written to one that does not, varying on Accept-Encoding", async () => {
    const plain = await transferred(pageUrl, "");
    const gzip = await transferred(pageUrl, "gzip");
    const brotli = await transferred(pageUrl, "br");
    expect([plain.status, gzip.status, brotli.status]).toEqual([200, 200, 200]);
    expect([plain.encoding, gzip.encoding, brotli.encoding]).toEqual([undefined, "gzip", "br"]);
    for (const reply of [plain, gzip, brotli]) expect(reply.vary).toMatch(/Accept-Encoding/i);
    expect(gzip.bytes).toBeLessThan(plain.bytes / 3);
    // Typed as HTML in UTF-8, with its length; a HEAD request gets the same headers and no body.
    const get = await fetch(pageUrl, { headers: { "accept-encoding": "identity" } });
    const body = Buffer.from(await get.arrayBuffer());
    expect(get.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(Number(get.headers.get("content-length"))).toBe(body.length);
    const head = await fetch(pageUrl, { method: "HEAD", headers: { "accept-encoding": "identity" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(Number(head.headers.get("content-length"))).toBe(body.length);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});
