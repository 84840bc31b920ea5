import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAssessment, transitionAssessment } from "../../src/assessments/service";
import { lookupOf } from "../../src/assessments/tokens";
import { ImportRefusedError, importAnswerTemplate, answerTemplateFor } from "../../src/exchange/answer-import-service";
import { findInvitationByLookup, loadAnswers, loadRevisions } from "../../src/responses/repository";
import { saveAnswers } from "../../src/responses/service";
import { Translator } from "../../src/i18n/translate";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

type Fill = Record<
  string,
  {
    current?: string | number;
    target?: string | number;
    importance?: string | number;
    comment?: string;
    evidence_link?: string;
    item_id?: string;
    invitation_id?: string | number;
  }
>;

/** Fills a downloaded template as a respondent would in a spreadsheet: rows found by invitation and item. */
async function fillTemplate(template: Buffer, fill: Fill, edit?: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("answers")!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const col = (name: string) => header.indexOf(name) + 1;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const key = `${row.getCell(col("invitation_id")).value} ${row.getCell(col("item_id")).value}`;
    const values = fill[key];
    if (!values) return;
    for (const [field, value] of Object.entries(values)) row.getCell(col(field)).value = value;
  });
  edit?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const words = { translator: new Translator(), locale: "en" };

describe("offline answer templates", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let first: { id: number; token: string };
  let second: { id: number; token: string };
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, clock: app.context.clock });
  const summary = () => requireAssessment(app.context, assessment.id);
  const countRows = () =>
    app.context.database.sqlite.prepare("select (select count(*) from answers) + (select count(*) from answer_revisions) as n").pluck().get() as number;
  const invitation = (token: string) => findInvitationByLookup(app.context.database, lookupOf(token))!;
  const items = () =>
    app.context.instruments
      .current("digital-government")!
      .levels.find((l) => l.id === "organisational")!
      .dimensions[0].items.map((i) => i.id);

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { levels: ["organisational", "individual"], status: "open" });
    first = anInvitation(app.context, assessment, { levels: ["organisational"] });
    second = anInvitation(app.context, assessment, { levels: ["organisational", "individual"] });
    saveAnswers(
      app.context.database,
      invitation(first.token),
      [{ itemId: items()[0], kind: "answered", current: 1, target: 3, importance: 2, comment: "=already here" }],
      { source: "form", now: app.context.clock() },
    );
  });
  afterAll(() => app.close());

  it("offers an organisation's template with a row per invitation and item, pre-filled with answers given", async () => {
    const { body } = await answerTemplateFor(deps(), summary(), { organisationId: assessment.organisationIds[0] }, words);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("answers")!;
    const instrument = app.context.instruments.current("digital-government")!;
    const count = (level: string) => instrument.levels.find((l) => l.id === level)!.dimensions.flatMap((d) => d.items).length;
    expect(sheet.rowCount - 1).toBe(count("organisational") * 2 + count("individual"));
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(first.id);
    expect(row.getCell(5).value).toBe(items()[0]);
    expect([row.getCell(7).value, row.getCell(8).value, row.getCell(9).value, row.getCell(10).value]).toEqual([1, 3, 2, "'=already here"]);
    expect(workbook.getWorksheet("about")!.getRow(3).getCell(2).value).toBe(assessment.id);
  });

  it("round-trips: an unchanged template changes nothing; a filled one is saved as revisions by the importing user", async () => {
    const { body } = await answerTemplateFor(deps(), summary(), { invitationId: first.id }, words);
    const unchanged = await importAnswerTemplate(deps(), assessment.owner, summary(), body);
    expect(unchanged.changed).toBe(0);
    expect(loadAnswers(app.context.database, invitation(first.token).responseId).get(items()[0])?.comment).toBe("=already here");

    const [a, b, c, d] = items();
    const filled = await fillTemplate(body, {
      [`${first.id} ${a}`]: { current: 4, target: 5, importance: 3, comment: "Révisé — تمت المراجعة" },
      [`${first.id} ${b}`]: { current: "dk" },
      [`${first.id} ${c}`]: { current: "na", comment: "+not our remit" },
      [`${first.id} ${d}`]: { current: "2", target: "3", importance: "1" },
    });
    const result = await importAnswerTemplate(deps(), assessment.owner, summary(), filled, { submit: true });
    expect(result).toMatchObject({ invitations: 1, changed: 4, submitted: 1 });
    const stored = loadAnswers(app.context.database, invitation(first.token).responseId);
    expect(stored.get(a)).toMatchObject({ kind: "answered", current: 4, target: 5, importance: 3, comment: "Révisé — تمت المراجعة" });
    expect(stored.get(b)).toMatchObject({ kind: "dontknow", current: null });
    expect(stored.get(c)).toMatchObject({ kind: "na", comment: "+not our remit" });
    expect(stored.get(d)).toMatchObject({ kind: "answered", current: 2, target: 3, importance: 1 });
    const revisions = loadRevisions(app.context.database, invitation(first.token).responseId!).filter((r) => r.source === "import");
    expect(revisions).toHaveLength(4);
    expect(new Set(revisions.map((r) => r.actorUserId))).toEqual(new Set([assessment.owner.id]));
    expect(invitation(first.token).responseStatus).toBe("submitted");

    // Downloaded again, the template holds exactly what was stored; importing it again changes nothing.
    const again = await answerTemplateFor(deps(), summary(), { invitationId: first.id }, words);
    expect((await importAnswerTemplate(deps(), assessment.owner, summary(), again.body)).changed).toBe(0);
  });

  it("carries evidence links in an evidence_link column: attached on import once, shown in the next template, refused unless http(s)", async () => {
    const { body } = await answerTemplateFor(deps(), summary(), { invitationId: second.id }, words);
    const [a] = items();
    const links = () =>
      app.context.database.sqlite
        .prepare("select item_id, url from evidence where kind = 'link' and response_id = ?")
        .all(invitation(second.token).responseId ?? -1);
    const bad = await fillTemplate(body, { [`${second.id} ${a}`]: { current: 2, target: 4, importance: 2, evidence_link: "javascript:alert(1)" } });
    const refused = await importAnswerTemplate(deps(), assessment.owner, summary(), bad).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as ImportRefusedError).problems).toEqual([expect.objectContaining({ sheet: "answers", column: "evidence_link" })]);
    expect(links()).toEqual([]);

    const filled = await fillTemplate(body, {
      [`${second.id} ${a}`]: { current: 2, target: 4, importance: 2, evidence_link: "https://gov.example.org/strategy https://gov.example.org/minutes" },
    });
    await importAnswerTemplate(deps(), assessment.owner, summary(), filled);
    await importAnswerTemplate(deps(), assessment.owner, summary(), filled);
    expect(links()).toEqual([
      { item_id: a, url: "https://gov.example.org/strategy" },
      { item_id: a, url: "https://gov.example.org/minutes" },
    ]);
    const again = await answerTemplateFor(deps(), summary(), { invitationId: second.id }, words);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(again.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("answers")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.at(-1)).toBe("evidence_link");
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(header.indexOf("item_id") + 1).value === a)!;
    expect(row.getCell(header.indexOf("evidence_link") + 1).value).toBe("https://gov.example.org/strategy https://gov.example.org/minutes");
  });

  it("checks every cell and writes nothing when any is wrong, naming sheet, row and column", async () => {
    const { body } = await answerTemplateFor(deps(), summary(), { organisationId: assessment.organisationIds[0] }, words);
    const [a, b, c, d] = items();
    const filled = await fillTemplate(body, {
      [`${second.id} ${a}`]: { current: 3, target: 4, importance: 2 },
      [`${second.id} ${b}`]: { current: 7, target: 4, importance: 2 },
      [`${second.id} ${c}`]: { current: 2, target: "high", importance: 9 },
      [`${second.id} ${d}`]: { current: 2 },
      [`${first.id} ${d}`]: { item_id: "no-such-item" },
    });
    const before = countRows();
    const error = await importAnswerTemplate(deps(), assessment.owner, summary(), filled).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    const problems = (error as ImportRefusedError).problems;
    const at = (column: string) => problems.filter((p) => p.column === column).map((p) => p.message);
    expect(problems.every((p) => p.sheet === "answers" && p.row > 1)).toBe(true);
    expect(at("current")).toHaveLength(1);
    expect(at("target").length).toBeGreaterThanOrEqual(2);
    expect(at("importance").length).toBeGreaterThanOrEqual(2);
    expect(at("item_id")[0]).toContain("no-such-item");
    expect(countRows()).toBe(before);
  });

  it("refuses a template of another assessment, an unknown invitation or a closed round, writing nothing", async () => {
    const other = anAssessment(app.context, { status: "open" });
    const otherInvitation = anInvitation(app.context, other);
    const foreign = await answerTemplateFor(deps(), requireAssessment(app.context, other.id), { invitationId: otherInvitation.id }, words);
    const before = countRows();
    const wrongAssessment = await importAnswerTemplate(deps(), assessment.owner, summary(), foreign.body).catch((e) => e);
    expect((wrongAssessment as ImportRefusedError).problems).toEqual([expect.objectContaining({ sheet: "about", column: "assessment_id" })]);

    const { body } = await answerTemplateFor(deps(), summary(), { invitationId: first.id }, words);
    const retargeted = await fillTemplate(body, { [`${first.id} ${items()[0]}`]: { invitation_id: otherInvitation.id } });
    const unknown = await importAnswerTemplate(deps(), assessment.owner, summary(), retargeted).catch((e) => e);
    expect((unknown as ImportRefusedError).problems[0]).toMatchObject({ row: 2, column: "invitation_id" });

    const closed = anAssessment(app.context, { status: "open" });
    const closedInvitation = anInvitation(app.context, closed);
    const closedTemplate = await answerTemplateFor(deps(), requireAssessment(app.context, closed.id), { invitationId: closedInvitation.id }, words);
    const filledClosed = await fillTemplate(closedTemplate.body, { [`${closedInvitation.id} ${items()[0]}`]: { current: 1, target: 2, importance: 3 } });
    transitionAssessment({ ...deps(), secret: app.context.secret }, closed.owner, closed.id, "close");
    const refused = await importAnswerTemplate(deps(), closed.owner, requireAssessment(app.context, closed.id), filledClosed).catch((e) => e);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as ImportRefusedError).problems[0].message).toMatch(/closed/);
    expect(countRows()).toBe(before);

    const garbage = await importAnswerTemplate(deps(), assessment.owner, summary(), Buffer.from("not a workbook")).catch((e) => e);
    expect((garbage as ImportRefusedError).problems[0].message).toMatch(/XLSX/);
  });

  it("does not submit an invitation whose rows are all blank: it stays invited, and the summary says so", async () => {
    const blankAssessment = anAssessment(app.context, { levels: ["organisational"], status: "open" });
    const answering = anInvitation(app.context, blankAssessment);
    const silent = anInvitation(app.context, blankAssessment);
    const current = () => requireAssessment(app.context, blankAssessment.id);
    const { body } = await answerTemplateFor(deps(), current(), { organisationId: blankAssessment.organisationIds[0] }, words);
    const filled = await fillTemplate(body, { [`${answering.id} ${items()[0]}`]: { current: 2, target: 4, importance: 3 } });
    const result = await importAnswerTemplate(deps(), blankAssessment.owner, current(), filled, { submit: true });
    expect(result).toMatchObject({ invitations: 2, changed: 1, submitted: 1, blank: 1 });
    expect(invitation(answering.token)).toMatchObject({ invitationStatus: "submitted", responseStatus: "submitted" });
    expect(invitation(silent.token)).toMatchObject({ invitationStatus: "invited", responseId: null });

    // Through the Data page too: the page says how many invitations were left as they were.
    const client = new FormClient(app.url);
    await client.signIn(blankAssessment.owner.email, TEST_PASSWORD);
    await client.get(`/assessments/${blankAssessment.id}/data`);
    const csrf = client.csrfToken();
    const form = new FormData();
    form.set("_csrf", csrf);
    form.set("submit", "1");
    form.set("file", new Blob([new Uint8Array(filled)]), "filled.xlsx");
    const page = await client.request("POST", `/assessments/${blankAssessment.id}/data/answers?_csrf=${encodeURIComponent(csrf)}`, { body: form });
    expect(page.status).toBe(200);
    expect(page.text).toContain("0 responses submitted. 1 invitation had only blank rows: nothing was saved or submitted for it");
    expect(invitation(silent.token)).toMatchObject({ invitationStatus: "invited", responseId: null });
  });

  it("downloads and uploads templates through the Data page", async () => {
    const client = new FormClient(app.url);
    await client.signIn(assessment.owner.email, TEST_PASSWORD);
    const page = await client.get(`/assessments/${assessment.id}/data`);
    // Templates are offered per organisation with active invitations, counted per organisation.
    expect(page.text).toContain(`/organisations/${assessment.organisationIds[0]}/answer-template.xlsx`);
    expect(page.text).not.toContain(`/organisations/${assessment.organisationIds[1]}/answer-template.xlsx`);
    const csrf = client.csrfToken();
    const download = await fetch(new URL(`/assessments/${assessment.id}/invitations/${second.id}/answer-template.xlsx`, app.url), {
      headers: { cookie: (client as unknown as { cookieHeader(): string }).cookieHeader() },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toContain("spreadsheetml");
    const filled = await fillTemplate(Buffer.from(await download.arrayBuffer()), {
      [`${second.id} ${items()[1]}`]: { current: 5, target: 5, importance: 1, comment: "offline" },
    });
    const upload = (file: Buffer) => {
      const form = new FormData();
      form.set("_csrf", csrf);
      form.set("file", new Blob([new Uint8Array(file)]), "filled.xlsx");
      return client.request("POST", `/assessments/${assessment.id}/data/answers?_csrf=${encodeURIComponent(csrf)}`, { body: form });
    };
    const saved = await upload(filled);
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("1 answer changed");
    expect(loadAnswers(app.context.database, invitation(second.token).responseId).get(items()[1])).toMatchObject({ current: 5, comment: "offline" });

    const bad = await fillTemplate(filled, { [`${second.id} ${items()[2]}`]: { current: "lots" } });
    const refused = await upload(bad);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("nothing was saved");
    expect(refused.text).toMatch(/<td>current<\/td>/);
  });
});
