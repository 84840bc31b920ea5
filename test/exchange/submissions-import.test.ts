// KoboToolbox and ODK Central exports of submissions made on our XLSForm, imported as submitted responses: the files
// are made here from the names of the real exported form (its groups as column prefixes), as those tools write them.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAssessment } from "../../src/assessments/service";
import { ImportRefusedError } from "../../src/exchange/answer-import-service";
import { importSubmissions } from "../../src/exchange/submission-import-service";
import { buildXlsForm } from "../../src/exchange/xlsform-export";
import { fieldName } from "../../src/exchange/xlsform-common";
import { Translator } from "../../src/i18n/translate";
import { invitationTallies, scoreFromDatabase } from "../../src/responses/submitted-answers";
import { runCli } from "../../src/cli/run";
import { makeTempDir, startTestApp, type TestApp } from "../support/app";
import { anAssessment, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

/** Field name → its group path in the exported form (levels, dimensions, items), read from the survey sheet. */
async function groupPathsOfForm(form: Buffer): Promise<Map<string, string[]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(form as unknown as ArrayBuffer);
  const survey = workbook.getWorksheet("survey")!;
  const paths = new Map<string, string[]>();
  const stack: string[] = [];
  survey.eachRow((row, n) => {
    if (n === 1) return;
    const type = String(row.getCell(1).value ?? "");
    const name = String(row.getCell(2).value ?? "");
    if (/^begin[ _]group$/.test(type)) stack.push(name);
    else if (/^end[ _]group$/.test(type)) stack.pop();
    else if (type !== "note") paths.set(name, [...stack]);
  });
  return paths;
}

/** The problems of a refused import (an import that succeeds fails the test). */
const problemsOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => expect.fail("the file was imported"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ImportRefusedError);
      return (error as ImportRefusedError).problems;
    },
  );

type Submission = { instanceId: string; answers: Record<string, string>; background?: Record<string, string>; meta?: Record<string, string> };

describe("KoboToolbox and ODK submissions in", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let paths: Map<string, string[]>;
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, clock: app.context.clock, secret: app.context.secret });
  const summary = () => requireAssessment(app.context, assessment.id);
  const instrument = () => app.context.instruments.current("digital-government")!;
  const organisationalItems = () =>
    instrument()
      .levels.find((l) => l.id === "organisational")!
      .dimensions.flatMap((d) => d.items.filter((i) => !i.relevance).map((i) => i.id));
  const counts = () =>
    app.context.database.sqlite
      .prepare(
        "select (select count(*) from invitations) i, (select count(*) from responses) r, (select count(*) from answer_revisions) a, (select count(*) from background_answer_revisions) b, (select count(*) from imported_submissions) s",
      )
      .get();

  /** A field's column header: the bare name, or its group path joined with the tool's separator. */
  const header = (name: string, separator: "/" | "-" | null) => {
    const path = paths.get(name) ?? ["background"];
    return separator === null ? name : [...path, name].join(separator);
  };
  const fields = () => [...paths.keys()].filter((n) => /_(current|target|importance|comment)$/.test(n));

  /** The table a tool exports: metadata columns around the form's fields, one row per submission. */
  function table(submissions: Submission[], tool: "kobo-groups" | "kobo-bare" | "odk"): string[][] {
    const separator = tool === "kobo-groups" ? "/" : tool === "odk" ? "-" : null;
    const background = ["gender", "age-band", "public-service", "years-in-service", "grade", "function", "location"];
    const formColumns = [
      ...background.map((q) => ({ key: `bg:${q}`, head: header(q, separator) })),
      ...fields().map((f) => ({ key: f, head: header(f, separator) })),
    ];
    const metaBefore = tool === "odk" ? ["SubmissionDate"] : ["start", "end"];
    const metaAfter =
      tool === "odk"
        ? ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
        : tool === "kobo-groups"
          ? ["meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "_tags", "_index"]
          : ["_id", "_uuid", "_submission_time", "_validation_status", "_index"];
    const rows = submissions.map((s, index) => {
      const meta: Record<string, string> = {
        start: "2026-11-02T09:00:00.000+03:00",
        end: "2026-11-02T09:40:00.000+03:00",
        SubmissionDate: "2026-11-02T06:45:12.345Z",
        "meta-instanceID": s.instanceId,
        KEY: s.instanceId,
        "meta/instanceID": s.instanceId,
        _id: String(1000 + index),
        _uuid: s.instanceId.replace(/^uuid:/, ""),
        _submission_time: "2026-11-02T06:45:12",
        _index: String(index + 1),
        Status: "",
        ReviewState: "",
        ...s.meta,
      };
      return [
        ...metaBefore.map((m) => meta[m] ?? ""),
        ...formColumns.map((c) => (c.key.startsWith("bg:") ? (s.background?.[c.key.slice(3)] ?? "") : (s.answers[c.key] ?? ""))),
        ...metaAfter.map((m) => meta[m] ?? ""),
      ];
    });
    return [[...metaBefore, ...formColumns.map((c) => c.head), ...metaAfter], ...rows];
  }

  async function xlsx(rows: string[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Capacity needs");
    for (const row of rows) sheet.addRow(row.map((v) => (/^\d+$/.test(v) ? Number(v) : v === "" ? null : v)));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const csv = (rows: string[][], delimiter: string) => Buffer.from(`\uFEFF${stringify(rows, { delimiter })}`, "utf8");

  /** Answers of the first organisational items: current, target, importance as given, for each submission. */
  const answersOf = (values: [string, string, string][], comment = "") => {
    const answers: Record<string, string> = {};
    organisationalItems()
      .slice(0, values.length)
      .forEach((item, i) => {
        const [current, target, importance] = values[i];
        answers[fieldName(item, "current")] = current;
        answers[fieldName(item, "target")] = target;
        answers[fieldName(item, "importance")] = importance;
        if (comment) answers[fieldName(item, "comment")] = comment;
      });
    return answers;
  };
  const submissions = (): Submission[] => [
    {
      instanceId: `uuid:${randomUUID()}`,
      answers: answersOf(
        [
          ["3", "4", "2"],
          ["1", "3", "3"],
          ["dk", "", ""],
        ],
        "Field notes — ملاحظات",
      ),
      background: { gender: "woman", "age-band": "prefer-not-to-say", "public-service": "yes", "years-in-service": "10-19", location: "rural" },
    },
    {
      instanceId: `uuid:${randomUUID()}`,
      answers: answersOf([
        ["2", "5", "3"],
        ["2", "2", "1"],
        ["na", "", ""],
      ]),
      background: { gender: "man", "public-service": "no" },
    },
    {
      instanceId: `uuid:${randomUUID()}`,
      answers: answersOf([
        ["4", "4", "1"],
        ["0", "3", "3"],
        ["5", "5", "2"],
      ]),
    },
    // Set aside in KoboToolbox / ODK Central: not imported.
    {
      instanceId: `uuid:${randomUUID()}`,
      answers: answersOf([["1", "1", "1"]]),
      meta: { _validation_status: "validation_status_not_approved", ReviewState: "rejected" },
    },
  ];

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, {
      levels: ["organisational", "individual"],
      status: "open",
      organisations: ["Ministry of Finance", "Ministry of Health", "Statistics Office"],
    });
    paths = await groupPathsOfForm(await buildXlsForm(instrument(), new Translator()));
  });
  afterAll(() => app.close());

  it("imports a KoboToolbox XLSX export (group prefixes) as submitted responses, counted by the report; a second import adds nothing", async () => {
    const made = submissions();
    const file = await xlsx(table(made, "kobo-groups"));
    const [organisationId] = assessment.organisationIds;
    const result = await importSubmissions(deps(), assessment.owner, summary(), file, { organisationId, levels: ["organisational"] });
    expect(result).toMatchObject({ rows: 4, imported: 3, alreadyImported: 0, rejected: 1, answers: 9, background: 7 });

    const stored = app.context.database.sqlite
      .prepare(
        `select s.instance_id, i.levels, i.status, i.name, i.email, r.status as responseStatus, r.submitted_at, r.organisation_id
         from imported_submissions s join invitations i on i.id = s.invitation_id join responses r on r.invitation_id = i.id where s.assessment_id = ? order by s.id`,
      )
      .all(assessment.id) as {
      instance_id: string;
      levels: string;
      status: string;
      name: null;
      email: null;
      responseStatus: string;
      submitted_at: string;
      organisation_id: number;
    }[];
    expect(stored.map((s) => s.instance_id)).toEqual(made.slice(0, 3).map((s) => s.instanceId));
    for (const s of stored)
      expect(s).toMatchObject({
        levels: '["organisational"]',
        status: "submitted",
        name: null,
        email: null,
        responseStatus: "submitted",
        organisation_id: organisationId,
      });
    // The respondent answered when KoboToolbox received the submission (_submission_time, UTC).
    expect(stored[0].submitted_at).toBe("2026-11-02T06:45:12.000Z");

    const first = app.context.database.sqlite
      .prepare("select r.id from responses r join imported_submissions s on s.invitation_id = r.invitation_id where s.instance_id = ?")
      .pluck()
      .get(made[0].instanceId);
    const answers = app.context.database.sqlite
      .prepare("select item_id, kind, current, target, importance, comment from answers where response_id = ? order by item_id")
      .all(first);
    const [a, b, c] = organisationalItems();
    expect(answers).toEqual(
      expect.arrayContaining([
        { item_id: a, kind: "answered", current: 3, target: 4, importance: 2, comment: "Field notes — ملاحظات" },
        { item_id: b, kind: "answered", current: 1, target: 3, importance: 3, comment: "Field notes — ملاحظات" },
        { item_id: c, kind: "dontknow", current: null, target: null, importance: null, comment: "Field notes — ملاحظات" },
      ]),
    );
    const background = app.context.database.sqlite
      .prepare("select question_id, value from background_answers where response_id = ? order by question_id")
      .all(first);
    expect(background).toEqual([
      { question_id: "age-band", value: "prefer-not-to-say" },
      { question_id: "gender", value: "woman" },
      { question_id: "location", value: "rural" },
      { question_id: "public-service", value: "yes" },
      { question_id: "years-in-service", value: "10-19" },
    ]);
    const sources = app.context.database.sqlite.prepare("select distinct source, actor_user_id from answer_revisions where response_id = ?").all(first);
    expect(sources).toEqual([{ source: "import", actor_user_id: assessment.owner.id }]);

    // Response rates and results count them: three invited, three submitted, three respondents scored.
    const tallies = invitationTallies(app.context.database, assessment.id, { organisationId });
    expect(tallies).toEqual([{ organisationId, levels: ["organisational"], status: "submitted", count: 3 }]);
    expect(scoreFromDatabase(app.context, summary(), organisationId).answers.respondents).toHaveLength(3);

    const before = counts();
    const again = await importSubmissions(deps(), assessment.owner, summary(), file, { organisationId, levels: ["organisational"] });
    expect(again).toMatchObject({ imported: 0, alreadyImported: 3, rejected: 1 });
    // The same submissions in Kobo's CSV (bare names, ";", _uuid without its prefix) are recognised too.
    const asCsv = csv(table(made, "kobo-bare"), ";");
    expect(
      await importSubmissions(deps(), assessment.owner, summary(), asCsv, { organisationId, fileName: "kobo.csv", levels: ["organisational"] }),
    ).toMatchObject({
      imported: 0,
      alreadyImported: 3,
    });
    expect(counts()).toEqual(before);
    const audit = app.context.database.sqlite.prepare("select count(*) from audit_log where action = 'submissions.import'").pluck().get();
    expect(audit).toBe(3);
  });

  it("imports KoboToolbox's CSV with bare names and ODK Central's CSV with '-' group prefixes", async () => {
    const kobo = await importSubmissions(deps(), assessment.owner, summary(), csv(table(submissions().slice(0, 2), "kobo-bare"), ";"), {
      organisationId: assessment.organisationIds[1],
      fileName: "kobo.csv",
    });
    expect(kobo).toMatchObject({ imported: 2, answers: 6, background: 7 });
    const made = submissions().slice(0, 3);
    const odk = await importSubmissions(deps(), assessment.owner, summary(), csv(table(made, "odk"), ","), {
      organisationId: assessment.organisationIds[2],
      levels: ["organisational"],
      fileName: "central.csv",
    });
    expect(odk).toMatchObject({ rows: 3, imported: 3, answers: 9, background: 7 });
    const submittedAt = app.context.database.sqlite
      .prepare("select r.submitted_at from responses r join imported_submissions s on s.invitation_id = r.invitation_id where s.instance_id = ?")
      .pluck()
      .get(made[0].instanceId);
    expect(submittedAt).toBe("2026-11-02T06:45:12.345Z");
    // Without levels chosen, the invitations cover the assessment's levels.
    expect(invitationTallies(app.context.database, assessment.id, { organisationId: assessment.organisationIds[1] })).toEqual([
      { organisationId: assessment.organisationIds[1], levels: ["organisational", "individual"], status: "submitted", count: 2 },
    ]);
  });

  it("refuses the whole file over one bad cell, naming its sheet, row and column, and writes nothing", async () => {
    const made = submissions().slice(0, 3);
    const [a] = organisationalItems();
    made[1].answers[fieldName(a, "current")] = "7";
    made[2].background = { gender: "robot" };
    const before = counts();
    const error = await importSubmissions(deps(), assessment.owner, summary(), await xlsx(table(made, "kobo-groups")), {
      organisationId: assessment.organisationIds[0],
      levels: ["organisational"],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as ImportRefusedError).problems).toEqual([
      { sheet: "Capacity needs", row: 3, column: header(fieldName(a, "current"), "/"), message: "must be a level from 0 to 5, don't know or not applicable" },
      {
        sheet: "Capacity needs",
        row: 4,
        column: "background/gender",
        message: "must be one of the question's options (woman, man, self-described, prefer-not-to-say)",
      },
    ]);
    expect(counts()).toEqual(before);

    // An answer to a level not chosen, a level without a target, the same submission twice: all named.
    const odd = submissions().slice(0, 2);
    const individual = instrument().levels.find((l) => l.id === "individual")!.dimensions[0].items[0].id;
    odd[0].answers[fieldName(individual, "current")] = "2";
    odd[1].answers[fieldName(a, "target")] = "";
    const twice = [...odd, odd[0]];
    const problems = await problemsOf(
      importSubmissions(deps(), assessment.owner, summary(), csv(table(twice, "odk"), ","), {
        organisationId: assessment.organisationIds[0],
        levels: ["organisational"],
        fileName: "central.csv",
      }),
    );
    expect(problems).toEqual([
      {
        sheet: "central.csv",
        row: 2,
        column: header(fieldName(individual, "current"), "-"),
        message: expect.stringContaining("individual level, which was not chosen"),
      },
      { sheet: "central.csv", row: 3, column: header(fieldName(a, "target"), "-"), message: "give a target level (0 to 5) with the current level" },
      { sheet: "central.csv", row: 4, column: "KEY", message: "the same submission is already on row 2" },
    ]);
    expect(counts()).toEqual(before);

    // A labels export (headers are questions, not names) has no column we know.
    const labels = await problemsOf(
      importSubmissions(
        deps(),
        assessment.owner,
        summary(),
        csv(
          [
            ["What is your gender?", "Start"],
            ["Woman", "x"],
          ],
          ",",
        ),
        {
          organisationId: assessment.organisationIds[0],
          fileName: "labels.csv",
        },
      ),
    );
    expect(labels.map((p) => p.message)).toContain(
      'no column holds an answer to this questionnaire: export the data with "XML values and headers", from a form made from its XLSForm',
    );
  });

  it("imports through the Data page, and shows refusals with sheet, row and column", async () => {
    const client = new FormClient(app.url);
    await client.signIn(assessment.owner.email, TEST_PASSWORD);
    const page = await client.get(`/assessments/${assessment.id}/data`);
    expect(page.text).toContain(`action="/assessments/${assessment.id}/data/submissions"`);
    const csrf = client.csrfToken();
    const upload = (file: Buffer, name: string) => {
      const form = new FormData();
      form.set("_csrf", csrf);
      form.set("organisationId", String(assessment.organisationIds[0]));
      form.append("levels", "organisational");
      form.set("file", new Blob([new Uint8Array(file)]), name);
      return client.request("POST", `/assessments/${assessment.id}/data/submissions?_csrf=${encodeURIComponent(csrf)}`, { body: form });
    };
    const made = submissions().slice(0, 2);
    const file = csv(table(made, "odk"), ",");
    const saved = await upload(file, "central.csv");
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("2 submissions imported as submitted responses of Ministry of Finance");
    const again = await upload(file, "central.csv");
    expect(again.text).toContain("2 submissions had been imported before: nothing was added for them.");

    made[0].answers[fieldName(organisationalItems()[0], "importance")] = "9";
    made[0].instanceId = `uuid:${randomUUID()}`;
    const refused = await upload(csv(table(made, "odk"), ","), "bad.csv");
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("nothing was saved");
    expect(refused.text).toContain("<td>bad.csv</td>");
    expect(refused.text).toContain(`<td>${header(fieldName(organisationalItems()[0], "importance"), "-")}</td>`);
  });

  it("imports from the command line with the same messages, in the name of the --as user", async () => {
    const dir = makeTempDir("cna-submissions-");
    const cli = async (argv: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await runCli(
        argv,
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
        { NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", DATA_DIR: app.dataDir },
      );
      return { code, stdout, stderr };
    };
    const made = submissions().slice(0, 2);
    const good = path.join(dir, "central.csv");
    fs.writeFileSync(good, csv(table(made, "odk"), ","));
    const args = (file: string) => [
      "import",
      "submissions",
      file,
      "--assessment",
      String(assessment.id),
      "--organisation",
      String(assessment.organisationIds[1]),
      "--levels",
      "organisational",
      "--as",
      assessment.owner.email,
    ];
    expect(await cli(args(good))).toMatchObject({ code: 0, stdout: expect.stringContaining("2 imported as submitted responses") });
    expect(await cli(args(good))).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("0 imported as submitted responses (0 answers, 0 background answers), 2 imported before"),
    });

    made[0].instanceId = `uuid:${randomUUID()}`;
    made[0].answers[fieldName(organisationalItems()[1], "target")] = "six";
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, csv(table(made, "odk"), ","));
    const refused = await cli(args(bad));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${bad} bad.csv row 2 ${header(fieldName(organisationalItems()[1], "target"), "-")}: must be a level from 0 to 5`);
    expect(refused.stderr).toContain("Nothing was written (1 problem).");
  });
});
