// Upload bombs: every route that takes a file (invitations, offline answers, XLSForm) and the translator workbook
// refuse hostile archives with a message naming the limit, check who uploads before reading the body, parse off the
// event loop, and write nothing.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTranslationWorkbook } from "../../src/questionnaires/translation-workbook";
import { PayloadTooLargeError } from "../../src/errors";
import { startTestApp, type TestApp } from "../support/app";
import { aUser, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";
import { bigUnpacked, lyingBomb, manyEntries, ratioBomb } from "../support/zip-bombs";

const MB = 1024 * 1024;

async function postFile(client: FormClient, url: string, content: Buffer, name = "file.xlsx", fields: Record<string, string> = {}) {
  await client.get("/assessments");
  const csrf = client.csrfToken();
  const form = new FormData();
  for (const [field, value] of Object.entries(fields)) form.set(field, value);
  form.set("file", new Blob([new Uint8Array(content)]), name);
  return client.request("POST", `${url}${url.includes("?") ? "&" : "?"}_csrf=${encodeURIComponent(csrf)}`, { body: form });
}

function writtenCounts(app: TestApp) {
  const count = (table: string) => app.context.database.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;
  return {
    invitations: count("invitations"),
    revisions: count("answer_revisions"),
    instruments: fs.existsSync(path.join(app.dataDir, "imported-instruments")),
  };
}

/** An honest workbook big enough to keep a parser busy: `rows` rows of a few cells. */
async function busyWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("answers");
  for (let i = 0; i < rows; i++) sheet.addRow([i, `organisation ${i}`, "ministry", `person ${i}`, `p${i}@example.org`, "organisational", "en"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("upload bombs", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let admin: FormClient;
  let routes: string[];

  beforeAll(async () => {
    app = await startTestApp({ UPLOAD_MAX_MB: "5", UPLOAD_MAX_UNCOMPRESSED_MB: "3" });
    assessment = anAssessment(app.context, { levels: ["organisational"], status: "open" });
    anInvitation(app.context, assessment);
    admin = new FormClient(app.url);
    await admin.signIn(aUser(app.context, "admin").email, TEST_PASSWORD);
    routes = [
      `/assessments/${assessment.id}/invitations/import`,
      `/assessments/${assessment.id}/data/answers`,
      `/assessments/${assessment.id}/data/submissions`,
      "/instruments/xlsform",
    ];
  });
  /** The submissions import names its organisation beside the file, so that the bomb itself is what gets refused. */
  const fieldsFor = (route: string): Record<string, string> =>
    route.endsWith("/data/submissions") ? { organisationId: String(assessment.organisationIds[0]) } : {};
  afterAll(() => app.close());

  it("refuses each kind of bomb on every upload route with a message naming the limit, and writes nothing", async () => {
    const before = writtenCounts(app);
    const bombs = [
      { file: ratioBomb(2), status: 413, says: "more than 100 times its packed size" },
      { file: manyEntries(600), status: 413, says: "more than 500 parts" },
      { file: bigUnpacked(4), status: 413, says: "more than 3 MB" },
      { file: lyingBomb(20), status: 400, says: "does not unpack to the sizes it declares" },
      { file: Buffer.alloc(6 * MB, 1), status: 413, says: "at most 5 MB" },
    ];
    for (const route of routes)
      for (const bomb of bombs) {
        const reply = await postFile(admin, route, bomb.file, "file.xlsx", fieldsFor(route));
        expect({ route, status: reply.status }).toEqual({ route, status: bomb.status });
        expect(reply.text).toContain(bomb.says);
      }
    expect(writtenCounts(app)).toEqual(before);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("says so in the reader's language", async () => {
    const reply = await postFile(admin, `${routes[0]}`, manyEntries(600));
    const french = new FormClient(app.url);
    await french.signIn(aUser(app.context, "admin").email, TEST_PASSWORD);
    const frenchReply = await french.request("POST", `${routes[0]}?_csrf=${encodeURIComponent((await french.get("/assessments"), french.csrfToken()))}`, {
      body: (() => {
        const form = new FormData();
        form.set("file", new Blob([new Uint8Array(manyEntries(600))]), "f.xlsx");
        return form;
      })(),
      headers: { "accept-language": "fr" },
    });
    expect(reply.status).toBe(413);
    expect(frenchReply.status).toBe(413);
    expect(frenchReply.text).toContain("plus de 500 éléments");
  });

  it("checks who uploads before reading the body: a signed-in analyst is refused 403, not 413, for a file past the size limit", async () => {
    const analyst = new FormClient(app.url);
    await analyst.signIn(aUser(app.context, "analyst").email, TEST_PASSWORD);
    for (const route of routes) {
      const reply = await postFile(analyst, route, Buffer.alloc(6 * MB, 1), "file.xlsx", fieldsFor(route));
      expect({ route, status: reply.status }).toEqual({ route, status: 403 });
    }
  });

  it("refuses a bomb given to the translator workbook reader (CLI) before parsing it", async () => {
    const instrument = app.context.instruments.current("digital-government")!;
    await expect(readTranslationWorkbook(ratioBomb(200), instrument, "fr")).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readTranslationWorkbook(manyEntries(600), instrument, "fr")).rejects.toThrow(/more than 500 parts/);
  });
});

describe("parsing uploads off the event loop", () => {
  let app: TestApp;

  beforeAll(async () => {
    // A small parsing heap makes an honest but large workbook too big to read: the worker dies, the app does not.
    app = await startTestApp({ UPLOAD_PARSE_HEAP_MB: "32", UPLOAD_MAX_RATIO: "1000", UPLOAD_PARSE_CONCURRENCY: "1" });
  });
  afterAll(() => app.close());

  it("keeps /healthz and autosaves answering while several large uploads are parsed, then refuses them and writes nothing", async () => {
    const assessment = anAssessment(app.context, { levels: ["organisational"], status: "open" });
    const { token } = anInvitation(app.context, assessment);
    const admin = new FormClient(app.url);
    await admin.signIn(aUser(app.context, "admin").email, TEST_PASSWORD);
    const before = writtenCounts(app);
    const heavy = await busyWorkbook(60_000);

    let settled = 0;
    const uploads = Promise.all(
      [`/assessments/${assessment.id}/invitations/import`, `/assessments/${assessment.id}/data/answers`, "/instruments/xlsform"].map((route) =>
        postFile(admin, route, heavy).finally(() => {
          settled += 1;
        }),
      ),
    );

    const respondent = new FormClient(app.url);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0];
    await respondent.get(`/r/${token}/p/${dimension.id}`);
    const health = await fetch(`${app.url}/healthz`);
    const autosave = await respondent.postJson(
      `/r/${token}/autosave`,
      { page: dimension.id, [`current.${item.id}`]: "3", [`target.${item.id}`]: "5", [`importance.${item.id}`]: "3" },
      { "x-csrf-token": respondent.csrfToken() },
    );
    const settledMeanwhile = settled;

    const replies = await uploads;
    expect(health.status).toBe(200);
    expect(autosave.status).toBe(200);
    expect(settledMeanwhile).toBe(0);
    for (const reply of replies) {
      expect(reply.status).toBe(413);
      expect(reply.text).toContain("more than 32 MB of memory");
    }
    const after = writtenCounts(app);
    expect({ ...after, revisions: after.revisions - 1 }).toEqual(before);
    // Building the workbook and three parses in turn take a while on a shared machine: a generous limit, not a timing.
  }, 240_000);
});
