// The exchange commands run in-process (runCli) against the database of a running test app.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { runCli } from "../../src/cli/run";
import { findInvitationByLookup, loadAnswers, loadRevisions } from "../../src/responses/repository";
import { startTestApp, makeTempDir, type TestApp } from "../support/app";
import { aSubmittedResponse, aUser, anAssessment, anInvitation, grant, type BuiltAssessment } from "../support/builders";

describe("the exchange commands", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let pending: { id: number; token: string };
  let untouched: { id: number; token: string };
  const out = makeTempDir("cna-cli-exchange-");
  const file = (name: string) => path.join(out, name);

  async function cli(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(
      argv,
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
      { NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", DATA_DIR: app.dataDir },
    );
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { levels: ["organisational"], status: "open" });
    for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, assessment).token, { current: 1 + i, target: 4, importance: 2 });
    pending = anInvitation(app.context, assessment, { organisationId: assessment.organisationIds[1] });
    untouched = anInvitation(app.context, assessment, { organisationId: assessment.organisationIds[1] });
  });
  afterAll(() => app.close());

  it("exports answers, codebook and results to files", async () => {
    const answers = await cli(["export", "answers", "--assessment", String(assessment.id), "--format", "csv", "--out", file("answers.csv")]);
    expect(answers).toMatchObject({ code: 0, stdout: `${file("answers.csv")}\n` });
    const rows = parse(fs.readFileSync(file("answers.csv")), { bom: true, columns: true }) as Record<string, string>[];
    const stored = app.context.database.sqlite
      .prepare("select count(*) from answers a join responses r on r.id = a.response_id where r.assessment_id = ?")
      .pluck()
      .get(assessment.id);
    expect(rows).toHaveLength(stored as number);
    expect(Object.keys(rows[0])).not.toContain("email");

    expect(
      (await cli(["export", "answers", "--assessment", String(assessment.id), "--format", "xlsx", "--shape", "wide", "--identity", "--out", file("wide.xlsx")]))
        .code,
    ).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file("wide.xlsx")) as unknown as ArrayBuffer);
    expect((workbook.getWorksheet("answers")!.getRow(1).values as string[]).slice(1)).toContain("email");
    expect(workbook.getWorksheet("answers")!.rowCount).toBe(4);

    expect(
      (await cli(["export", "results", "--assessment", String(assessment.id), "--format", "csv", "--table", "items", "--out", file("items.csv")])).code,
    ).toBe(0);
    expect((parse(fs.readFileSync(file("items.csv")), { bom: true, columns: true }) as Record<string, string>[])[0]).toHaveProperty("gap");
    expect((await cli(["export", "codebook", "--assessment", String(assessment.id), "--format", "xlsx", "--out", file("codebook.xlsx")])).code).toBe(0);
    expect((await cli(["export", "answers", "--assessment", "x", "--format", "csv", "--out", file("x.csv")])).code).toBe(2);
    expect((await cli(["export", "answers", "--assessment", "1", "--format", "pdf", "--out", file("x.csv")])).stderr).toContain("--format");
  });

  it("writes a template and imports it filled, as revisions by the user given with --as", async () => {
    const run = await cli(["export", "template", "--organisation", String(assessment.organisationIds[1]), "--out", file("template.xlsx")]);
    expect(run.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file("template.xlsx")) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("answers")!;
    sheet.getRow(2).getCell(7).value = 3;
    sheet.getRow(2).getCell(8).value = 5;
    sheet.getRow(2).getCell(9).value = 3;
    const itemId = String(sheet.getRow(2).getCell(5).value);
    fs.writeFileSync(file("filled.xlsx"), Buffer.from(await workbook.xlsx.writeBuffer()));

    const outsider = aUser(app.context, "analyst");
    grant(app.context, outsider, assessment.id, "analyst");
    const refused = await cli(["import", "answers", file("filled.xlsx"), "--as", outsider.email]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("may not record answers");

    const imported = await cli(["import", "answers", file("filled.xlsx"), "--as", assessment.owner.email.toUpperCase(), "--submit"]);
    expect(imported.stderr).toBe("");
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain("1 answer changed, 1 response submitted");
    // The other invitation's rows were left blank: it is not submitted, and the summary says so.
    expect(imported.stdout).toContain("1 invitation had only blank rows: nothing was saved or submitted for it");
    expect(findInvitationByLookup(app.context.database, lookupOf(untouched.token))).toMatchObject({ invitationStatus: "invited", responseId: null });
    const invitation = findInvitationByLookup(app.context.database, lookupOf(pending.token))!;
    expect(loadAnswers(app.context.database, invitation.responseId).get(itemId)).toMatchObject({ current: 3, target: 5, importance: 3 });
    expect(loadRevisions(app.context.database, invitation.responseId!)).toEqual([
      expect.objectContaining({ source: "import", actorUserId: assessment.owner.id }),
    ]);

    sheet.getRow(3).getCell(7).value = "six";
    fs.writeFileSync(file("bad.xlsx"), Buffer.from(await workbook.xlsx.writeBuffer()));
    const bad = await cli(["import", "answers", file("bad.xlsx"), "--as", assessment.owner.email]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/answers row 3 current: .*\nNothing was written/);
  });

  it("exports an instrument as XLSForm and imports it into a new folder, refusing to overwrite", async () => {
    expect((await cli(["export", "xlsform", "--instrument", "digital-government", "--out", file("form.xlsx")])).code).toBe(0);
    const target = makeTempDir("cna-cli-instruments-");
    const first = await cli(["import", "xlsform", file("form.xlsx"), "--out", target]);
    expect(first).toMatchObject({ code: 0, stdout: `${path.join(target, "digital-government")}\n` });
    expect(fs.readdirSync(path.join(target, "digital-government")).sort()).toEqual(
      ["background.yaml", "instrument.yaml", "levels", "translations"].filter(
        (f) => f !== "translations" || fs.existsSync(path.join(target, "digital-government", "translations")),
      ),
    );
    const check = await cli(["questionnaires", "check", "--dir", target]);
    expect(check.code).toBe(0);
    const again = await cli(["import", "xlsform", file("form.xlsx"), "--out", target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect((await cli(["export", "xlsform", "--instrument", "nope", "--out", file("nope.xlsx")])).code).toBe(2);
  });
});
