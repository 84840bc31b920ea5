import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInvitationCsv, parseInvitationXlsx } from "../../src/assessments/invitation-file";
import { importInvitations, RowsInvalidError } from "../../src/assessments/service";
import { listInvitations, listOrganisations } from "../../src/assessments/repository";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment } from "../support/builders";

describe("bulk invitation import", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock });

  it("writes nothing when any row is bad, and lists every bad row with its reason", () => {
    const assessment = anAssessment(app.context, { levels: ["organisational", "individual"] });
    const csv = [
      "organisation,organisation_type,name,email,levels,language",
      "Ministry of Energy,ministry,Ana,ana@example.org,organisational,en",
      "Ministry of Energy,ministry,Bo,not-an-email,individual,en",
      ",agency,,,individual,en",
      "Water Agency,spaceship,,,organisational,en",
      "Water Agency,agency,,,,en",
    ].join("\n");
    const parsed = parseInvitationCsv(csv);
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: "email" }),
        expect.objectContaining({ row: 4, field: "organisation" }),
        expect.objectContaining({ row: 5, field: "organisation_type" }),
        expect.objectContaining({ row: 6, field: "levels" }),
      ]),
    );
    expect(parsed.problems.some((p) => p.row === 2)).toBe(false);
  });

  it("refuses the whole file when a row names a level outside the assessment, writing nothing", () => {
    const assessment = anAssessment(app.context, { levels: ["organisational"] });
    const parsed = parseInvitationCsv("organisation,levels\nNew Ministry,organisational\nOther Ministry,societal\n");
    expect(parsed.problems).toEqual([]);
    expect(() => importInvitations(deps(), assessment.owner, assessment.id, parsed.rows)).toThrow(RowsInvalidError);
    try {
      importInvitations(deps(), assessment.owner, assessment.id, parsed.rows);
    } catch (error) {
      expect((error as RowsInvalidError).problems).toEqual([expect.objectContaining({ row: 3, field: "levels" })]);
    }
    expect(listInvitations(app.context.database.db, assessment.id)).toHaveLength(0);
    expect(listOrganisations(app.context.database.db, assessment.id).map((o) => o.name)).not.toContain("New Ministry");
  });

  it("imports a valid CSV with a BOM, creating the organisations named for the first time", () => {
    const assessment = anAssessment(app.context, { levels: ["organisational", "individual"], organisations: ["Ministry of Finance"] });
    const parsed = parseInvitationCsv(
      '\uFEFFOrganisation,Organisation type,Levels\nministry of finance,ministry,organisational\nPost Office,agency,"organisational, individual"\nPost Office,agency,individual\n',
    );
    expect(parsed.problems).toEqual([]);
    const result = importInvitations(deps(), assessment.owner, assessment.id, parsed.rows);
    expect(result).toEqual({ created: 3, organisationsCreated: 1 });
    const names = listOrganisations(app.context.database.db, assessment.id)
      .map((o) => o.name)
      .sort();
    expect(names).toEqual(["Ministry of Finance", "Post Office"]);
  });

  it("reads XLSX files the same way, naming the sheet row of each problem", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Invitations");
    sheet.addRow(["organisation", "levels", "email"]);
    sheet.addRow(["Ministry of Trade", "organisational", "trade@example.org"]);
    sheet.addRow(["Ministry of Trade", "organisational", "oops"]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = await parseInvitationXlsx(buffer);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([expect.objectContaining({ row: 3, field: "email" })]);
  });

  it("reports a file that is not a spreadsheet", async () => {
    const parsed = await parseInvitationXlsx(Buffer.from("PK\u0003\u0004 not really a zip"));
    expect(parsed.problems[0]).toMatchObject({ row: 1, field: "file" });
  });
});
