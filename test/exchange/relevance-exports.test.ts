// Relevance wherever answers leave the app: an item hidden by its condition (org-strategy-4 asks about indicators
// of a strategy, so only when org-strategy-1 is at least 1) is exported with the status "hidden", flagged in the API,
// and counted as not applicable in the results, whether it was answered online or imported offline.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAssessment } from "../../src/assessments/service";
import { answerTemplateFor, importAnswerTemplate } from "../../src/exchange/answer-import-service";
import { buildExport } from "../../src/exchange/export-service";
import { Translator } from "../../src/i18n/translate";
import { buildReportModel } from "../../src/reports/build";
import { ApiClient, tokenOf } from "../api/support";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";

const FOLLOW_UP = "org-strategy-4";

describe("exports, API and imports apply relevance", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock });
  const summary = () => requireAssessment(app.context, assessment.id);

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { levels: ["organisational"], status: "open", minGroupSize: 3 });
    // Three rated the strategy 0 but had answered the follow-up 5 before (the answer is stored, and hidden);
    // three rated it 2 and the follow-up 1.
    for (const strategy of [0, 0, 0, 2, 2, 2]) {
      const { token } = anInvitation(app.context, assessment);
      aSubmittedResponse(app.context, token, (itemId) =>
        itemId === "org-strategy-1" ? { current: strategy } : itemId === FOLLOW_UP ? { current: strategy === 0 ? 5 : 1, target: 5 } : {},
      );
    }
  });
  afterAll(() => app.close());

  const followUpResult = () => {
    const item = buildReportModel(deps(), summary(), { language: "en" }).items.find((i) => i.id === FOLLOW_UP)!;
    if (item.status !== "scored") throw new Error(`${FOLLOW_UP} is ${item.status}`);
    return item;
  };

  it("counts the hidden answers as not applicable in the results", () => {
    expect(followUpResult()).toMatchObject({ n: 3, current: 1, notApplicable: 3, seen: 3 });
  });

  it("exports them with the status hidden, values kept in the long form, and documents the status", async () => {
    const csv = (await buildExport(deps(), summary(), "answers.csv", { shape: "long", includeIdentity: false, language: "en" })).body;
    const rows = (parse(csv, { bom: true, columns: true }) as Record<string, string>[]).filter((r) => r.item_id === FOLLOW_UP);
    expect(rows.map((r) => [r.answer, r.current])).toEqual([
      ["hidden", "5"],
      ["hidden", "5"],
      ["hidden", "5"],
      ["answered", "1"],
      ["answered", "1"],
      ["answered", "1"],
    ]);
    const wide = parse((await buildExport(deps(), summary(), "answers.csv", { shape: "wide", includeIdentity: false, language: "en" })).body, {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(wide.map((r) => r[`${FOLLOW_UP}.current`])).toEqual(["hidden", "hidden", "hidden", "1", "1", "1"]);
    const codes = parse((await buildExport(deps(), summary(), "codes.csv", { shape: "long", includeIdentity: false, language: "en" })).body, {
      bom: true,
    }) as string[][];
    expect(codes.filter((row) => row[1] === "hidden").map((row) => row[0])).toEqual(["current", "answer"]);
  });

  it("flags them in the API's answers", async () => {
    const api = new ApiClient(app.url, tokenOf(app.context, assessment.owner));
    const list = await api.request("GET", `/api/v1/assessments/${assessment.id}/responses`);
    const first = await api.request("GET", `/api/v1/assessments/${assessment.id}/responses/${list.body.data[0].id}`);
    expect(first.status).toBe(200);
    const byItem = new Map((first.body.answers as { itemId: string; hidden: boolean; current: number }[]).map((a) => [a.itemId, a]));
    expect(byItem.get(FOLLOW_UP)).toMatchObject({ hidden: true, current: 5 });
    expect(byItem.get("org-strategy-1")).toMatchObject({ hidden: false, current: 0 });
  });

  it("treats an imported answer to a hidden item the same way", async () => {
    const before = followUpResult();
    const offline = anInvitation(app.context, assessment);
    const { body } = await answerTemplateFor(deps(), summary(), { invitationId: offline.id }, { translator: new Translator(), locale: "en" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("answers")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (name: string) => header.indexOf(name) + 1;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const itemId = String(row.getCell(col("item_id")).value);
      row.getCell(col("current")).value = itemId === "org-strategy-1" ? 0 : 4;
      row.getCell(col("target")).value = 5;
      row.getCell(col("importance")).value = 2;
    });
    const result = await importAnswerTemplate(deps(), assessment.owner, summary(), Buffer.from(await workbook.xlsx.writeBuffer()), { submit: true });
    // The summary says one answer is to a question the invitation's other answers leave out.
    expect(result).toMatchObject({ submitted: 1, hidden: 1 });
    // The seventh respondent's follow-up answer (4) is stored but, hidden, does not count.
    expect(followUpResult()).toMatchObject({ n: before.n, current: before.current, notApplicable: (before.notApplicable ?? 0) + 1 });
  });
});
