// Evidence from the respondent's side over real HTTP: attached with the page's own form (no JavaScript) together with
// the page's answers, or by the page script; listed on the page, downloaded as an attachment, removed until the round
// closes; every refusal names the file or limit and keeps the answers that came with it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup, loadAnswers } from "../../src/responses/repository";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";
import { htmlPage, pdfFile, pngFile } from "../support/evidence-files";

describe("evidence on the respondent's page", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;

  beforeAll(async () => {
    app = await startTestApp({ EVIDENCE_MAX_FILES: "3", EVIDENCE_MAX_ASSESSMENT_MB: "1" });
    assessment = anAssessment(app.context, { status: "open" });
  });
  afterAll(() => app.close());

  const dimension = () => app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
  const evidenceRows = (token: string) => {
    const invitation = findInvitationByLookup(app.context.database, lookupOf(token))!;
    return app.context.database.sqlite.prepare("select * from evidence where response_id = ? order by id").all(invitation.responseId ?? -1) as {
      id: number;
      item_id: string;
      kind: string;
      file_name: string;
      mime: string;
      size: number;
      sha256: string;
      url: string;
      note: string;
    }[];
  };

  async function openPage() {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const browser = new FormClient(app.url);
    const page = await browser.get(`/r/${token}/p/${dimension().id}`);
    expect(page.status).toBe(200);
    return { token, browser, page };
  }

  /** The page's form as a browser without JavaScript sends it: multipart, answers and evidence together. */
  function pageForm(
    browser: FormClient,
    fields: Record<string, string>,
    files: { field: string; name: string; content: Buffer; type?: string }[] = [],
  ): FormData {
    const form = new FormData();
    form.set("_csrf", browser.csrfToken());
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)], { type: f.type ?? "application/octet-stream" }), f.name);
    return form;
  }

  it("has a multipart form with an evidence panel per item", async () => {
    const { page } = await openPage();
    expect(page.text).toContain('enctype="multipart/form-data"');
    const item = dimension().items[0];
    expect(page.text).toContain(`name="evidenceFile.${item.id}"`);
    expect(page.text).toContain(`name="evidenceLink.${item.id}"`);
    expect(page.text).toContain(`value="attach:${item.id}"`);
  });

  it("saves the page's answers and attaches a file and a link in one post, without JavaScript", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[0];
    const pdf = await pdfFile();
    const form = pageForm(
      browser,
      {
        [`current.${item.id}`]: "2",
        [`target.${item.id}`]: "4",
        [`importance.${item.id}`]: "3",
        [`evidenceLink.${item.id}`]: "https://gov.example.org/strategy",
        [`evidenceNote.${item.id}`]: "Adopted in 2025",
        intent: `attach:${item.id}`,
      },
      [{ field: `evidenceFile.${item.id}`, name: "Stratégie nationale.pdf", content: pdf, type: "application/pdf" }],
    );
    const page = await browser.request("POST", `/r/${token}/p/${dimension().id}`, { body: form });
    expect(page.status).toBe(200);
    expect(page.url).toContain(`/p/${dimension().id}`);
    const answers = loadAnswers(app.context.database, findInvitationByLookup(app.context.database, lookupOf(token))!.responseId);
    expect(answers.get(item.id)).toMatchObject({ kind: "answered", current: 2, target: 4, importance: 3 });
    const rows = evidenceRows(token);
    expect(rows.map((r) => [r.kind, r.item_id])).toEqual([
      ["link", item.id],
      ["file", item.id],
    ]);
    const file = rows[1];
    expect(file).toMatchObject({ file_name: "Stratégie nationale.pdf", mime: "application/pdf", size: pdf.length, note: "Adopted in 2025" });
    expect(fs.readFileSync(path.join(app.dataDir, "evidence", file.sha256.slice(0, 2), file.sha256)).equals(pdf)).toBe(true);
    // Listed on the page (the cached page and its holes), with a download link and a Remove button.
    expect(page.text).toContain(`/r/${token}/evidence/${file.id}`);
    expect(page.text).toContain("Stratégie nationale.pdf");
    expect(page.text).toContain(`value="remove:${file.id}"`);
    expect(page.text).toContain('href="https://gov.example.org/strategy"');

    const download = await fetch(`${app.url}/r/${token}/evidence/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="Strategie nationale.pdf"; filename*=UTF-8''Strat%C3%A9gie%20nationale.pdf`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it("keeps the answers and names the file when evidence is refused, writing no evidence", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[0];
    const form = pageForm(
      browser,
      {
        [`current.${item.id}`]: "3",
        [`target.${item.id}`]: "5",
        [`importance.${item.id}`]: "2",
        [`evidenceLink.${item.id}`]: "https://ok.example.org/",
        intent: "next",
      },
      [{ field: `evidenceFile.${item.id}`, name: "report.pdf", content: htmlPage, type: "application/pdf" }],
    );
    const page = await browser.request("POST", `/r/${token}/p/${dimension().id}`, { body: form });
    expect(page.status).toBe(400);
    expect(page.text).toContain("Evidence file report.pdf: it contains web-page code");
    expect(loadAnswers(app.context.database, findInvitationByLookup(app.context.database, lookupOf(token))!.responseId).get(item.id)).toMatchObject({
      current: 3,
      target: 5,
    });
    expect(evidenceRows(token)).toEqual([]);
  });

  it("refuses javascript: and file: links, naming the field", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[0];
    for (const link of ["javascript:alert(document.cookie)", "file:///etc/passwd"]) {
      await browser.get(`/r/${token}/p/${dimension().id}`);
      const page = await browser.request("POST", `/r/${token}/p/${dimension().id}`, {
        body: pageForm(browser, { [`evidenceLink.${item.id}`]: link, intent: `attach:${item.id}` }),
      });
      expect(page.status).toBe(400);
      expect(page.text).toContain("Evidence link: must be an address starting with http:// or https://");
    }
    expect(evidenceRows(token)).toEqual([]);
  });

  it("attaches through the page script (JSON), counts files against the per-response limit, and removes own evidence", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[1];
    const attach = async (name: string) => {
      const form = new FormData();
      form.set("item", item.id);
      form.append(`evidenceFile.${item.id}`, new Blob([new Uint8Array(pngFile)]), name);
      return browser.request("POST", `/r/${token}/evidence`, { body: form, headers: { "x-csrf-token": browser.csrfToken(), accept: "application/json" } });
    };
    for (const name of ["a.png", "b.png", "c.png"]) expect((await attach(name)).status).toBe(200);
    const over = await attach("d.png");
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text).error).toBe("Evidence files: at most 3 files per response; remove one before attaching another.");
    const rows = evidenceRows(token);
    expect(rows).toHaveLength(3);
    // The same bytes are stored once.
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(1);

    const removed = await browser.postJson(`/r/${token}/evidence/${rows[0].id}/remove`, {}, { "x-csrf-token": browser.csrfToken() });
    expect(removed.status).toBe(200);
    expect(JSON.parse(removed.text).list).not.toContain(`/evidence/${rows[0].id}"`);
    expect(evidenceRows(token)).toHaveLength(2);
    // Still referenced by the other rows: the file stays.
    expect(fs.existsSync(path.join(app.dataDir, "evidence", rows[0].sha256.slice(0, 2), rows[0].sha256))).toBe(true);
  });

  it("removes evidence with the page's Remove button without JavaScript, and deletes a file nobody references", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[0];
    const unique = Buffer.concat([pngFile, Buffer.from(`unique ${token}`)]);
    await browser.request("POST", `/r/${token}/p/${dimension().id}`, {
      body: pageForm(browser, { intent: `attach:${item.id}` }, [{ field: `evidenceFile.${item.id}`, name: "chart.png", content: unique }]),
    });
    const [row] = evidenceRows(token);
    const page = await browser.request("POST", `/r/${token}/p/${dimension().id}`, { body: pageForm(browser, { intent: `remove:${row.id}` }) });
    expect(page.status).toBe(200);
    expect(evidenceRows(token)).toEqual([]);
    expect(fs.existsSync(path.join(app.dataDir, "evidence", row.sha256.slice(0, 2), row.sha256))).toBe(false);
  });

  it("refuses a file past the assessment's total, naming the limit, and keeps no row and no file of it", async () => {
    const { token, browser } = await openPage();
    const item = dimension().items[2];
    const half = (n: number) => Buffer.concat([Buffer.from(`Log ${n}\n`), Buffer.alloc(700 * 1024, 0x61)]);
    const send = (content: Buffer, name: string) =>
      browser.request("POST", `/r/${token}/p/${dimension().id}`, {
        body: pageForm(browser, { intent: `attach:${item.id}` }, [{ field: `evidenceFile.${item.id}`, name, content }]),
      });
    expect((await send(half(1), "log1.txt")).status).toBe(200);
    const over = await send(half(2), "log2.txt");
    expect(over.status).toBe(400);
    expect(over.text).toContain("this assessment’s evidence storage is full (at most 1 MB in all)");
    expect(evidenceRows(token).map((r) => r.file_name)).toEqual(["log1.txt"]);
    const digest = crypto.createHash("sha256").update(half(2)).digest("hex");
    expect(fs.existsSync(path.join(app.dataDir, "evidence", digest.slice(0, 2), digest))).toBe(false);
  });

  it("does not let one respondent reach another's evidence", async () => {
    const mine = await openPage();
    const item = dimension().items[0];
    await mine.browser.request("POST", `/r/${mine.token}/p/${dimension().id}`, {
      body: pageForm(mine.browser, { intent: `attach:${item.id}` }, [{ field: `evidenceFile.${item.id}`, name: "chart.png", content: pngFile }]),
    });
    const [row] = evidenceRows(mine.token);
    const other = await openPage();
    expect((await fetch(`${app.url}/r/${other.token}/evidence/${row.id}`)).status).toBe(404);
    const removal = await other.browser.postJson(`/r/${other.token}/evidence/${row.id}/remove`, {}, { "x-csrf-token": other.browser.csrfToken() });
    expect(removal.status).toBe(404);
    expect(evidenceRows(mine.token)).toHaveLength(1);
  });
});
