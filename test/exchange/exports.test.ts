import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "../../src/assessments/service";
import { lookupOf } from "../../src/assessments/tokens";
import { neutraliseCell } from "../../src/cell-safety";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers, submitResponse } from "../../src/responses/service";
import { buildReportModel } from "../../src/reports/build";
import { startTestApp, type TestApp } from "../support/app";
import { aUser, anAssessment, grant, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

const injections = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"];

describe("assessment exports", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let owner: FormClient;
  let analyst: FormClient;

  const answer = (token: string, answers: Parameters<typeof saveAnswers>[2], submit: boolean) => {
    const invitation = findInvitationByLookup(app.context.database, lookupOf(token))!;
    saveAnswers(app.context.database, invitation, answers, { source: "form", now: app.context.clock() });
    if (submit) submitResponse(app.context.database, invitation, app.context.clock());
  };

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, {
      levels: ["organisational", "individual"],
      status: "open",
      minGroupSize: 3,
      organisations: ["Ministère des Finances", "وزارة الصحة"],
    });
    const deps = { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock };
    const make = (organisationIndex: number, name: string, email: string) =>
      createInvitation(deps, assessment.owner, assessment.id, {
        organisationId: assessment.organisationIds[organisationIndex],
        levels: ["organisational"],
        language: "en",
        name,
        email,
      });
    const a = make(0, "Amélie Dupont", "amelie@example.org");
    const b = make(1, "سارة", "sara@example.org");
    make(0, "Nobody Yet", "nobody@example.org");
    answer(
      a.token,
      [
        { itemId: "org-strategy-1", kind: "answered", current: 2, target: 4, importance: 3, comment: "Très bien — شكرا" },
        { itemId: "org-strategy-2", kind: "dontknow", current: null, target: null, importance: null, comment: null },
        { itemId: "org-strategy-3", kind: "na", current: null, target: null, importance: null, comment: injections[0] },
        // A current level without a target or an importance: kept, but not scored.
        { itemId: "org-strategy-4", kind: "answered", current: 3, target: null, importance: null, comment: null },
      ],
      true,
    );
    answer(
      b.token,
      injections
        .map((comment, i) => ({
          itemId: `org-strategy-${(i % 4) + 1}`,
          kind: "answered" as const,
          current: i % 6,
          target: 5,
          importance: 1 + (i % 3),
          comment,
        }))
        .slice(0, 4),
      false,
    );

    const analystUser = aUser(app.context, "analyst");
    grant(app.context, analystUser, assessment.id, "analyst");
    owner = new FormClient(app.url);
    await owner.signIn(assessment.owner.email, TEST_PASSWORD);
    analyst = new FormClient(app.url);
    await analyst.signIn(analystUser.email, TEST_PASSWORD);
  });
  afterAll(() => app.close());

  const databaseAnswers = () =>
    app.context.database.sqlite
      .prepare(
        `select i.id as respondent, a.item_id as item, a.kind, a.current, a.target, a.importance, a.comment
         from answers a join responses r on r.id = a.response_id join invitations i on i.id = r.invitation_id where r.assessment_id = ?`,
      )
      .all(assessment.id) as {
      respondent: number;
      item: string;
      kind: string;
      current: number | null;
      target: number | null;
      importance: number | null;
      comment: string | null;
    }[];

  const download = async (client: FormClient, file: string) => {
    const res = await fetch(new URL(`/assessments/${assessment.id}/data/${file}`, app.url), {
      headers: { cookie: (client as unknown as { cookieHeader(): string }).cookieHeader() },
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
  };

  /** The database's answers as exports show them: org-strategy-4 is asked only when org-strategy-1 is 1 or more. */
  const asExported = (rows: ReturnType<typeof databaseAnswers>, shape: "long" | "wide") => {
    const shown = new Set(rows.filter((r) => r.item === "org-strategy-1" && r.kind === "answered" && (r.current ?? -1) >= 1).map((r) => r.respondent));
    return rows.map((r) =>
      r.item === "org-strategy-4" && !shown.has(r.respondent)
        ? { ...r, kind: "hidden", ...(shape === "wide" ? { current: null, target: null, importance: null } : {}) }
        : r,
    );
  };

  const byKey = (rows: { respondent: number; item: string }[]) => [...rows].sort((x, y) => x.respondent - y.respondent || x.item.localeCompare(y.item));

  it("writes the answers in long form as a CSV with a byte order mark that reads back equal to the database", async () => {
    const file = await download(owner, "answers.csv?shape=long");
    expect(file.status).toBe(200);
    expect(file.type).toContain("text/csv");
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(file.body, { bom: true, columns: true }) as Record<string, string>[];
    const fromFile = records.map((r) => ({
      respondent: Number(r.respondent_id),
      item: r.item_id,
      // An incomplete answer is stored as answered: the export tells it apart because it is not scored.
      kind: r.answer === "incomplete" ? "answered" : r.answer,
      current: r.current === "" || r.current === "dk" || r.current === "na" ? null : Number(r.current),
      target: r.target === "" ? null : Number(r.target),
      importance: r.importance === "" ? null : Number(r.importance),
      comment: r.comment === "" ? null : r.comment.replace(/^'(?=[=+\-@\t\r])/, ""),
    }));
    expect(byKey(fromFile)).toEqual(byKey(asExported(databaseAnswers(), "long")));
    expect(records.filter((r) => r.answer === "hidden")).toHaveLength(1);
    expect(records.find((r) => r.answer === "dontknow")?.current).toBe("dk");
    expect(records.find((r) => r.answer === "na")?.current).toBe("na");
    expect(
      records.filter((r) => r.item_id === "org-strategy-4" && r.respondent_id === records[0].respondent_id).map((r) => [r.answer, r.current, r.target]),
    ).toEqual([["incomplete", "3", ""]]);
    expect(records.find((r) => r.item_id === "org-strategy-1" && r.respondent_id === records[0].respondent_id)?.answer).toBe("answered");
    expect(file.body.toString("utf8")).toContain("Très bien — شكرا");
    expect(Object.keys(records[0])).not.toContain("email");
  });

  it("writes the wide form as an XLSX workbook, with the codebook, that reads back equal to the database", async () => {
    const file = await download(owner, "answers.xlsx?shape=wide");
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["answers", "codebook", "codes"]);
    const sheet = workbook.getWorksheet("answers")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const fromFile: ReturnType<typeof databaseAnswers> = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const value = (column: string) => row.getCell(header.indexOf(column) + 1).value as string | number | null;
      for (const column of header.filter((h) => h.endsWith(".current"))) {
        const item = column.slice(0, -".current".length);
        const current = value(column);
        const comment = value(`${item}.comment`);
        if (current === null && comment === null) continue;
        fromFile.push({
          respondent: Number(value("respondent_id")),
          item,
          kind: current === "dk" ? "dontknow" : current === "na" ? "na" : current === "hidden" ? "hidden" : "answered",
          current: typeof current === "number" ? current : null,
          target: value(`${item}.target`) as number | null,
          importance: value(`${item}.importance`) as number | null,
          comment: typeof comment === "string" ? comment.replace(/^'(?=[=+\-@\t\r])/, "") : null,
        });
      }
    });
    expect(byKey(fromFile)).toEqual(byKey(asExported(databaseAnswers(), "wide")));
    expect(sheet.rowCount).toBe(1 + 2);
    const codebook = workbook.getWorksheet("codebook")!;
    expect(codebook.getRow(2).getCell(1).value).toBe(
      app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].items[0].id,
    );
  });

  it("neutralises cells that begin with = + - @ tab or carriage return, in CSV and XLSX", async () => {
    for (const text of injections) expect(neutraliseCell(text)).toBe(`'${text}`);
    expect(neutraliseCell("plain")).toBe("plain");
    expect(neutraliseCell(-3)).toBe(-3);
    const csv = parse((await download(owner, "answers.csv")).body, { bom: true, columns: true }) as Record<string, string>[];
    const comments = csv.map((r) => r.comment).filter(Boolean);
    for (const text of injections.slice(0, 4)) expect(comments).toContain(`'${text}`);
    expect(comments.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(owner, "answers.xlsx")).body as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    workbook.getWorksheet("answers")!.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells.some((v) => typeof v === "string" && /^[=+\-@\t\r]/.test(v))).toBe(false);
    expect(cells.some((v) => typeof v === "object" && v !== null && "formula" in v)).toBe(false);
  });

  it("leaves names and e-mail addresses out unless asked for by someone with the right to them", async () => {
    const plain = (await download(owner, "answers.csv?shape=wide")).body.toString("utf8");
    expect(plain).not.toContain("amelie@example.org");
    expect(plain).not.toContain("Amélie Dupont");
    const identified = parse((await download(owner, "answers.csv?shape=wide&identity=1")).body, { bom: true, columns: true }) as Record<string, string>[];
    expect(identified.map((r) => r.email).sort()).toEqual(["amelie@example.org", "sara@example.org"]);
    expect(identified.map((r) => r.name)).toContain("سارة");
    const audited = app.context.database.sqlite
      .prepare("select actor_user_id as actor, object_id as objectId from audit_log where action = 'data.export.identity'")
      .all();
    expect(audited).toEqual([{ actor: assessment.owner.id, objectId: String(assessment.id) }]);
    // Individual answers are raw data: an analyst without a raw-data grant gets none (test/auth/raw-data.test.ts).
    expect((await download(analyst, "answers.csv")).status).toBe(403);
    expect((await download(analyst, "answers.csv?identity=1")).status).toBe(403);
    expect((await download(analyst, "answers.xlsx?identity=1")).status).toBe(403);
  });

  it("exports the results tables equal to the report model", async () => {
    const model = buildReportModel(app.context, (await import("../../src/assessments/service")).requireAssessment(app.context, assessment.id), {
      language: "en",
    });
    const records = parse((await download(analyst, "results-dimensions.csv")).body, { bom: true, columns: true }) as Record<string, string>[];
    const dimensions = model.levels.flatMap((l) => l.dimensions);
    expect(records.map((r) => r.dimension_id)).toEqual(dimensions.map((d) => d.id));
    expect(records.map((r) => (r.current === "" ? null : Number(r.current)))).toEqual(dimensions.map((d) => d.current));
    expect(records.map((r) => r.status)).toEqual(dimensions.map((d) => d.status));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(analyst, "results.xlsx")).body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["overall", "levels", "dimensions", "items", "response_rates", "by_category", "codebook", "codes"]);
    const items = workbook.getWorksheet("items")!;
    expect(items.rowCount - 1).toBe(model.items.length);
    const header = items.getRow(1).values as unknown[];
    expect(items.getRow(2).getCell(header.indexOf("current")).value).toBe(model.items[0].current);
  });

  it("carries in the results tables everything the report says: item flags, who saw each item, the overall index, why a figure is hidden", async () => {
    // Three more submitted respondents make some figures shown: every item flag and the overall index can be compared.
    const deps = { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock };
    for (let i = 0; i < 3; i++) {
      const { token } = createInvitation(deps, assessment.owner, assessment.id, {
        organisationId: assessment.organisationIds[1],
        levels: ["organisational", "individual"],
        language: "en",
      });
      answer(
        token,
        [
          { itemId: "org-strategy-1", kind: "answered", current: i === 0 ? 0 : 5, target: 5, importance: 2, comment: null },
          { itemId: "org-strategy-2", kind: "dontknow", current: null, target: null, importance: null, comment: null },
          { itemId: "org-leadership-1", kind: "answered", current: 2, target: 4, importance: 2, comment: null },
          { itemId: "org-leadership-2", kind: "answered", current: 3, target: 4, importance: 2, comment: null },
        ],
        true,
      );
    }
    const model = buildReportModel(app.context, (await import("../../src/assessments/service")).requireAssessment(app.context, assessment.id), {
      language: "en",
    });
    const read = async (name: string) =>
      parse((await download(analyst, `results-${name}.csv`)).body, { bom: true, columns: true, cast: false }) as Record<string, string>[];
    const cell = (value: number | string | null) => (value === null ? "" : String(value));

    const items = await read("items");
    expect(items.map((r) => [r.item_id, r.status, r.withheld, r.seen, r.knowledge_gap, r.low_consensus])).toEqual(
      model.items.map((i) => [
        i.id,
        i.status,
        cell(i.withheld?.rule ?? null),
        cell(i.seen),
        i.status === "scored" ? (i.flags.knowledgeGap ? "1" : "0") : "",
        i.status === "scored" ? (i.flags.lowConsensus ? "1" : "0") : "",
      ]),
    );
    const strategy1 = items.find((r) => r.item_id === "org-strategy-1")!;
    expect([strategy1.status, strategy1.seen, strategy1.low_consensus]).toEqual(["scored", "4", "1"]);
    const strategy2 = items.find((r) => r.item_id === "org-strategy-2")!;
    expect([strategy2.status, strategy2.withheld, strategy2.withheld_threshold]).toEqual(["suppressed", "group-size", "3"]);
    const individual = items.find((r) => r.level_id === "individual")!;
    expect([individual.status, individual.withheld, individual.withheld_threshold]).toEqual(["suppressed", "individual-floor", "5"]);

    const overall = await read("overall");
    expect(overall).toEqual([
      {
        organisation_id: "",
        organisation: "",
        status: model.overall.status,
        withheld: "",
        withheld_threshold: "",
        index: cell(model.overall.index),
        respondents: cell(model.meta.respondents),
        validated_index: "",
        validation_coverage: "",
      },
    ]);
    expect(model.overall.status).toBe("scored");

    // The codebook documents every status and rule these files use.
    const codes = parse((await download(analyst, "codes.csv")).body, { bom: true, columns: true }) as Record<string, string>[];
    const documented = (field: string) => codes.filter((c) => c.field === field).map((c) => c.code);
    expect(documented("answer")).toEqual(expect.arrayContaining(["answered", "incomplete", "dontknow", "na"]));
    const answers = parse((await download(owner, "answers.csv")).body, { bom: true, columns: true }) as Record<string, string>[];
    for (const status of new Set(answers.map((r) => r.answer))) expect(documented("answer")).toContain(status);
    const levels = await read("levels");
    for (const row of [...items, ...levels, ...overall, ...(await read("dimensions"))]) {
      expect(documented("results: status")).toContain(row.status);
      if (row.withheld) expect(documented("results: withheld")).toContain(row.withheld);
    }
    expect(documented("results: status")).toEqual(["scored", "suppressed", "insufficient-data", "not-in-scope"]);
  });

  it("shows the data page with the identity choice only to those who may see identities", async () => {
    const ownerPage = await owner.get(`/assessments/${assessment.id}/data`);
    expect(ownerPage.status).toBe(200);
    expect(ownerPage.text).toContain('name="identity"');
    expect(ownerPage.text).toContain("answer-template.xlsx");
    const analystPage = await analyst.get(`/assessments/${assessment.id}/data`);
    expect(analystPage.status).toBe(200);
    expect(analystPage.text).not.toContain('name="identity"');
    expect(analystPage.text).not.toContain("answer-template.xlsx");
    expect((await download(owner, "nonsense.csv")).status).toBe(404);
  });
});
