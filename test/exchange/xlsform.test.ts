import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { writeInstrumentFolder } from "../../src/exchange/instrument-writer";
import { buildXlsForm, relevanceToXpath } from "../../src/exchange/xlsform-export";
import { readXlsForm, type XlsFormProblem } from "../../src/exchange/xlsform-import";
import { Translator } from "../../src/i18n/translate";
import { loadInstrumentDir } from "../../src/questionnaires/loader";
import type { Instrument } from "../../src/questionnaires/schema";
import { makeTempDir } from "../support/app";

const translator = new Translator();

async function loadFolder(dir: string): Promise<Instrument> {
  const result = await loadInstrumentDir(dir);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.file} ${e.field}: ${e.message}`).join("\n"));
  return result.instrument;
}

/** What an instrument means, without its version and the bookkeeping of when translations were made. */
function meaning(instrument: Instrument) {
  const { version: _version, translations, ...rest } = instrument;
  return {
    ...rest,
    translations: Object.fromEntries(
      Object.entries(translations).map(([lang, strings]) => [lang, Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, v.text]))]),
    ),
  };
}

async function roundTrip(instrument: Instrument): Promise<{ instrument: Instrument; dir: string }> {
  const read = await readXlsForm(await buildXlsForm(instrument, translator));
  if (!read.ok) throw new Error(read.problems.map((p) => `${p.sheet}:${p.row} ${p.column}: ${p.message}`).join("\n"));
  const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-xlsform-"));
  if (!written.ok) throw new Error(written.problems.map((p) => `${p.column}: ${p.message}`).join("\n"));
  return { instrument: written.instrument, dir: written.dir };
}

/** A small instrument with what XLSForm cannot hold natively: weights, relevance, fallbacks, actions, odd texts. */
function writeSmallInstrument(): string {
  const dir = path.join(makeTempDir("cna-small-"), "small-one");
  fs.mkdirSync(path.join(dir, "levels"), { recursive: true });
  fs.mkdirSync(path.join(dir, "translations"), { recursive: true });
  const anchors = (prefix: string) => Object.fromEntries([0, 1, 2, 3, 4, 5].map((v) => [v, `${prefix} anchor ${v}`]));
  fs.writeFileSync(
    path.join(dir, "instrument.yaml"),
    `id: small-one
title: A small instrument
description: "=Starts like a formula, and has: a colon"
languages:
  - code: fr
    fallback: en
  - code: ar
scale:
${[0, 1, 2, 3, 4, 5].map((v) => `  - value: ${v}\n    label: L${v}\n    description: D${v}`).join("\n")}
importance:
  - { value: 1, label: Low }
  - { value: 2, label: Medium }
  - { value: 3, label: High }
severity: { critical: 2.5, high: 1.5, moderate: 1, low: 0.25 }
roadmap: { short: 3, long: 7 }
levels: [one]
`,
  );
  fs.writeFileSync(
    path.join(dir, "levels", "one.yaml"),
    JSON.stringify({
      id: "one",
      title: "Level one",
      description: "The only level",
      respondents: "Everyone",
      weight: 2,
      dimensions: [
        {
          id: "d1",
          title: "Dimension",
          description: "About things",
          weight: 1.5,
          items: [
            { id: "1st.item", question: "First?", guidance: "Some guidance", anchors: anchors("a") },
            { id: "second", question: "Second?", weight: 0.5, relevance: 'current("1st.item") >= 2 and not dontknow("1st.item")', anchors: anchors("b") },
          ],
          actions: [
            { id: "d1-a1", text: "Do this", horizon: "short", minSeverity: "low" },
            { id: "d1-a2", text: "Then that", horizon: "long", minSeverity: "high" },
          ],
        },
      ],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "background.yaml"),
    `questions:
  - id: role
    type: multiple
    question: Which roles do you hold?
    hint: All that apply
    required: true
    options:
      - { id: lead, label: Lead }
      - { id: 2nd, label: Second in line }
  - id: in-service
    type: yesno
    question: Are you in the public service?
  - id: years
    type: integer
    question: For how many years?
    min: 0
    max: 60
    preferNotToSay: true
    levels: [one]
    relevance: chosen("in-service", "yes")
  - id: remarks
    type: text
    question: Anything to add?
    relevance: value("years") >= 2 or na("years")
`,
  );
  fs.writeFileSync(
    path.join(dir, "translations", "fr.yaml"),
    `language: fr\nstrings:\n  item.1st.item.question:\n    source: 00000000\n    text: Premier ?\n  background.role.option.2nd:\n    source: 00000000\n    text: Second\n`,
  );
  fs.writeFileSync(path.join(dir, "translations", "ar.yaml"), `language: ar\nstrings:\n  level.one.title:\n    source: 00000000\n    text: المستوى الأول\n`);
  return dir;
}

/** A hand-made XLSForm: sheets as arrays of rows (first row the header). */
async function workbookOf(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const choices = [
  ["list_name", "name", "label"],
  ...[0, 1, 2, 3, 4, 5].map((v) => ["levels", String(v), `Level ${v}`]),
  ...[1, 2, 3].map((v) => ["imp", String(v), `Importance ${v}`]),
];
const goodDetails = [
  ["key", "value", "label"],
  ["instrument.description", null, "Hand made"],
  ...[0, 1, 2, 3, 4, 5].map((v) => [`scale.${v}.description`, null, `Means ${v}`]),
  ["level.lvl.respondents", null, "Officials"],
  ["action.dim-a1.dimension", "dim", null],
  ["action.dim-a1.horizon", "medium", null],
  ["action.dim-a1.minSeverity", "moderate", null],
  ["action.dim-a1.text", null, "Act"],
];
const goodSurvey = [
  ["type", "name", "label", "hint"],
  ["start", "start", null, null],
  ["begin group", "lvl", "Level", null],
  ["note", "lvl_description", "About the level", null],
  ["begin group", "dim", "Dimension", null],
  ["note", "dim_description", "About the dimension", null],
  ["begin group", "q1", "Is it so?", null],
  ["select_one levels", "q1_current", "Now", "Think of the last year"],
  ["select_one levels", "q1_target", "Later", null],
  ["select_one imp", "q1_importance", "How important", null],
  ["end group", null, null, null],
  ["end group", null, null, null],
  ["end group", null, null, null],
];

describe("XLSForm", () => {
  it("exports the default instrument as survey, choices and settings sheets with a label column per language", async () => {
    const instrument = await loadFolder(path.join(projectRoot, "questionnaires", "digital-government"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildXlsForm(instrument, translator)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["survey", "choices", "settings", "cna_details"]);
    const header = (workbook.getWorksheet("survey")!.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["type", "name", "label::English (en)"]);
    for (const language of instrument.languages) expect(header.some((h) => h.startsWith("label::") && h.endsWith(`(${language.code})`))).toBe(true);
    const rows: string[][] = [];
    workbook.getWorksheet("survey")!.eachRow((row) => rows.push((row.values as string[]).slice(1, 3)));
    const item = instrument.levels[0].dimensions[0].items[0];
    const at = rows.findIndex((r) => r[0] === "begin_group" && r[1] === item.id);
    expect(rows.slice(at, at + 6)).toEqual([
      ["begin_group", item.id],
      [`select_one anchors_${item.id}`, `${item.id}_current`],
      ["select_one scale", `${item.id}_target`],
      ["select_one importance", `${item.id}_importance`],
      ["text", `${item.id}_comment`],
      ["end_group"],
    ]);
    const settings = workbook.getWorksheet("settings")!;
    expect(settings.getRow(2).getCell(2).value).toBe("digital-government");
  });

  it("labels the current/target/importance triple, the comment and don't know / not applicable in every language column from the interface catalogues", async () => {
    const instrument = await loadFolder(path.join(projectRoot, "questionnaires", "digital-government"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildXlsForm(instrument, translator)) as unknown as ArrayBuffer);
    const survey = workbook.getWorksheet("survey")!;
    const header = (survey.getRow(1).values as string[]).slice(1);
    const item = instrument.levels[0].dimensions[0].items[0];
    const rowOf = (sheet: ExcelJS.Worksheet, test: (cells: unknown[]) => boolean) => {
      let found: unknown[] | undefined;
      sheet.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1);
        if (test(cells)) found = cells;
      });
      return found!;
    };
    const expected = { current: "respond.item.current", target: "respond.item.target", importance: "respond.item.importance", comment: "respond.item.comment" };
    for (const [field, key] of Object.entries(expected)) {
      const cells = rowOf(survey, (c) => c[1] === `${item.id}_${field}`);
      for (const lang of ["en", "fr", "es", "ar", "ru", "zh"])
        expect(cells[header.findIndex((h) => h.startsWith("label::") && h.endsWith(`(${lang})`))]).toBe(translator.t(lang, key));
    }
    const choices = workbook.getWorksheet("choices")!;
    const choiceHeader = (choices.getRow(1).values as string[]).slice(1);
    const french = choiceHeader.indexOf("label::French (fr)");
    expect(rowOf(choices, (c) => c[0] === `anchors_${item.id}` && c[1] === "dk")[french]).toBe(translator.t("fr", "respond.item.dontKnow"));
    expect(rowOf(choices, (c) => c[0] === `anchors_${item.id}` && c[1] === "na")[french]).toBe(translator.t("fr", "respond.item.notApplicable"));
    expect(translator.t("fr", "respond.item.dontKnow")).not.toBe(translator.t("en", "respond.item.dontKnow"));
  });

  it("gives a language without interface words its fallback's words, never an empty cell", async () => {
    const small = await loadFolder(writeSmallInstrument());
    const instrument: Instrument = { ...small, languages: [...small.languages, { code: "tet", fallback: "es" }, { code: "sw" }] };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildXlsForm(instrument, translator)) as unknown as ArrayBuffer);
    const survey = workbook.getWorksheet("survey")!;
    const header = (survey.getRow(1).values as string[]).slice(1);
    let current: unknown[] = [];
    survey.eachRow((row) => {
      if ((row.values as unknown[])[2] === "_1st.item_current") current = (row.values as unknown[]).slice(1);
    });
    const column = (code: string) => header.findIndex((h) => h.startsWith("label::") && h.endsWith(`(${code})`));
    expect(current[column("tet")]).toBe(translator.t("es", "respond.item.current"));
    expect(current[column("sw")]).toBe(translator.t("en", "respond.item.current"));
    expect(current[column("ar")]).toBe(translator.t("ar", "respond.item.current"));
  });

  it("translates relevance conditions into XPath for ODK", () => {
    expect(relevanceToXpath('current("a-1") >= 1')).toBe("number(${a-1_current}) = number(${a-1_current}) and number(${a-1_current}) >= 1");
    expect(relevanceToXpath('na("x") or not dontknow("1y")')).toBe("(${x_current} = 'na') or (not(${_1y_current} = 'dk'))");
  });

  it("round-trips the default instrument, background questions included: export then import gives an equivalent instrument", async () => {
    const original = await loadFolder(path.join(projectRoot, "questionnaires", "digital-government"));
    expect(original.background?.length).toBeGreaterThan(0);
    const { instrument } = await roundTrip(original);
    expect(meaning(instrument)).toEqual(meaning(original));
  });

  it("round-trips weights, relevance, severity, roadmap caps, fallbacks, actions, background questions, translations and ids that start with a digit", async () => {
    const original = await loadFolder(writeSmallInstrument());
    const { instrument, dir } = await roundTrip(original);
    expect(meaning(instrument)).toEqual(meaning(original));
    expect(fs.readdirSync(path.dirname(dir))).toEqual(["small-one"]);
  });

  it("imports a hand-made XLSForm with plain label columns, metadata questions and KoboToolbox's bookkeeping columns", async () => {
    const read = await readXlsForm(
      await workbookOf({
        survey: goodSurvey.map((r, i) => [...r, i === 0 ? "$kuid" : `k${i}`]),
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: goodDetails,
      }),
    );
    expect(read.ok ? [] : read.problems).toEqual([]);
    if (!read.ok) return;
    const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-hand-"));
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    const item = written.instrument.levels[0].dimensions[0].items[0];
    expect(item).toMatchObject({ id: "q1", question: "Is it so?", guidance: "Think of the last year", anchors: { 0: "Level 0", 5: "Level 5" } });
    expect(written.instrument.scale[3]).toEqual({ value: 3, label: "Level 3", description: "Means 3" });
  });

  it("reports every problem of structure with its sheet and row, and writes nothing", async () => {
    const survey = [
      ...goodSurvey.slice(0, 10),
      ["integer", "age", "Age", null],
      ["select_one levels", "q1_target", "Twice", null],
      ["end group", null, null, null],
      ["begin group", "q2", "", null],
      ["select_multiple imp", "q2_current", "Many", null],
      ["end group", null, null, null],
      ["begin_repeat", "r", "Repeat", null],
      ["end group", null, null, null],
      ["end group", null, null, null],
      ["end group", null, null, null],
    ];
    const badChoices = [...choices.filter((r) => r[1] !== "4"), ["levels", "9", "Nine"]];
    const details = [...goodDetails.filter((r) => r[0] !== "level.lvl.respondents"), ["mystery.key", "1", null], ["level.lvl.weight", "-1", null]];
    const parent = makeTempDir("cna-bad-");
    const read = await readXlsForm(
      await workbookOf({
        survey,
        choices: badChoices,
        settings: [
          ["form_title", "form_id"],
          ["Bad", "Bad Id"],
        ],
        cna_details: details,
      }),
    );
    expect(read.ok).toBe(false);
    const problems = (read as { problems: XlsFormProblem[] }).problems;
    const find = (sheet: string, row: number, column?: string) =>
      problems.find((p) => p.sheet === sheet && p.row === row && (column === undefined || p.column === column));
    expect(find("survey", 11, "type")?.message).toMatch(/inside the item group "q1" the questions are/);
    expect(find("survey", 12, "name")?.message).toMatch(/twice/);
    expect(find("survey", 14, "label")?.message).toMatch(/must not be empty/);
    expect(find("survey", 15, "type")?.message).toMatch(/inside the item group "q2" the questions are/);
    expect(find("survey", 17, "type")?.message).toMatch(/repeat.*has no place in an instrument/);
    expect(find("settings", 2, "form_id")).toBeDefined();
    expect(find("choices", 2, "name")?.message).toMatch(/0 to 5|exactly the choices/);
    // What cna_details lacks or gets wrong comes once the structure is right: here it would only be noise.
    expect(problems.filter((p) => p.sheet === "cna_details" || /respondents/.test(p.message))).toEqual([]);
    // In the order a person works through the workbook: survey, choices, settings.
    expect([...new Set(problems.map((p) => p.sheet))]).toEqual(["survey", "choices", "settings"]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("reports what cna_details lacks or gets wrong once the structure is right", async () => {
    const details = [...goodDetails.filter((r) => r[0] !== "level.lvl.respondents"), ["mystery.key", "1", null], ["level.lvl.weight", "-1", null]];
    const read = await readXlsForm(
      await workbookOf({
        survey: goodSurvey,
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: details,
      }),
    );
    const problems = read.ok ? [] : read.problems;
    expect(problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ["survey", 3, "name"],
      ["cna_details", 13, "key"],
      ["cna_details", 14, "value"],
    ]);
    expect(problems[0].message).toMatch(/level.lvl.respondents/);
    expect(problems[1].message).toMatch(/mystery.key/);
    expect(problems[2].message).toMatch(/level.lvl.weight/);
  });

  it("refuses XPath relevance without a condition in our language, missing sheets, and an existing folder", async () => {
    const survey = goodSurvey.map((r) => [...r, r[1] === "q1" ? "${q1_current} > 1" : null]);
    survey[0][4] = "relevant";
    const read = await readXlsForm(
      await workbookOf({
        survey,
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: goodDetails,
      }),
    );
    expect(read.ok ? [] : read.problems).toEqual([expect.objectContaining({ sheet: "survey", row: 7, column: "relevant" })]);

    const noSurvey = await readXlsForm(await workbookOf({ choices }));
    expect(noSurvey.ok ? [] : noSurvey.problems).toEqual([
      expect.objectContaining({ sheet: "survey", row: 0, message: expect.stringMatching(/no "survey" sheet/) }),
    ]);
    const noChoices = await readXlsForm(await workbookOf({ survey: goodSurvey }), { fileName: "hand-made.xlsx" });
    expect(noChoices.ok ? [] : noChoices.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ["survey", 8, "type"],
      ["survey", 9, "type"],
      ["survey", 10, "type"],
    ]);

    const parent = makeTempDir("cna-exists-");
    fs.mkdirSync(path.join(parent, "hand-made"));
    const good = await readXlsForm(
      await workbookOf({
        survey: goodSurvey,
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: goodDetails,
      }),
    );
    if (!good.ok) throw new Error("expected a valid form");
    const written = await writeInstrumentFolder(good.folder, parent);
    expect(written.ok ? [] : written.problems).toEqual([expect.objectContaining({ sheet: "settings", column: "form_id" })]);
    expect(fs.readdirSync(path.join(parent, "hand-made"))).toEqual([]);
  });

  it("reports what only the instrument rules catch (a relevance cycle) and leaves no folder behind", async () => {
    const details = [...goodDetails, ["item.q1.relevance", 'current("q1") > 1', null]];
    const read = await readXlsForm(
      await workbookOf({
        survey: goodSurvey,
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: details,
      }),
    );
    if (!read.ok) throw new Error(read.problems.map((p) => p.message).join("\n"));
    const parent = makeTempDir("cna-cycle-");
    const written = await writeInstrumentFolder(read.folder, parent);
    expect(written.ok).toBe(false);
    expect(written.ok ? "" : written.problems[0].message).toMatch(/its own item|cycle/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe("XLSForm pages", () => {
  it("lets anyone signed in download an instrument's XLSForm and experts import one into the data folder", async () => {
    const { startTestApp } = await import("../support/app");
    const { aUser, TEST_PASSWORD } = await import("../support/builders");
    const { FormClient } = await import("../support/form-client");
    const app = await startTestApp();
    try {
      const analyst = new FormClient(app.url);
      await analyst.signIn(aUser(app.context, "analyst").email, TEST_PASSWORD);
      const page = await analyst.get("/instruments/xlsform");
      expect(page.status).toBe(200);
      expect(page.text).toContain("/instruments/digital-government/xlsform.xlsx");
      expect(page.text).not.toContain('name="file"');
      const download = await analyst.get("/instruments/digital-government/xlsform.xlsx");
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toContain("spreadsheetml");
      expect((await analyst.get("/instruments/nothing-here/xlsform.xlsx")).status).toBe(404);

      const expert = new FormClient(app.url);
      await expert.signIn(aUser(app.context, "expert").email, TEST_PASSWORD);
      await expert.get("/instruments/xlsform");
      const csrf = expert.csrfToken();
      const upload = (file: Buffer, skip = false, base?: string, name = "form.xlsx") => {
        const form = new FormData();
        form.set("file", new Blob([new Uint8Array(file)]), name);
        if (skip) form.set("skipUnmappable", "1");
        if (base !== undefined) form.set("base", base);
        return expert.request("POST", `/instruments/xlsform?_csrf=${encodeURIComponent(csrf)}`, { body: form });
      };
      const withLocation = await workbookOf({
        survey: [...goodSurvey, ["geopoint", "where", "Where are you?", null]],
        choices,
        settings: [
          ["form_title", "form_id"],
          ["Hand made", "hand-made"],
        ],
        cna_details: goodDetails,
      });
      const bad = await upload(withLocation);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("nothing was written");
      expect(bad.text).toMatch(/<td>survey<\/td><td class="num">14<\/td><td>type<\/td><td>&quot;geopoint&quot; \(a location\) has no place/);
      expect(fs.existsSync(path.join(app.dataDir, "imported-instruments", "hand-made"))).toBe(false);
      const good = await upload(
        await workbookOf({
          survey: goodSurvey,
          choices,
          settings: [
            ["form_title", "form_id"],
            ["Hand made", "hand-made"],
          ],
          cna_details: goodDetails,
        }),
      );
      expect(good.status).toBe(200);
      expect(fs.existsSync(path.join(app.dataDir, "imported-instruments", "hand-made", "instrument.yaml"))).toBe(true);

      // Asked to, the import leaves the location question out and says so.
      const skipped = await upload(
        await workbookOf({
          survey: [...goodSurvey, ["geopoint", "where", "Where are you?", null]],
          choices,
          settings: [
            ["form_title", "form_id"],
            ["Hand made", "hand-made-2"],
          ],
          cna_details: goodDetails,
        }),
        true,
      );
      expect(skipped.status).toBe(200);
      expect(skipped.text).toMatch(
        /<td>survey<\/td><td class="num">14<\/td><td>type<\/td><td>&quot;geopoint&quot; \(a location\) has no place in an instrument \(skipped\)/,
      );
      expect(fs.existsSync(path.join(app.dataDir, "imported-instruments", "hand-made-2", "instrument.yaml"))).toBe(true);

      // A form of background questions alone, without settings, on the instrument chosen in the select.
      expect((await expert.get("/instruments/xlsform")).text).toMatch(
        /<select id="xlsform-base" name="base"[^>]*><option value="">[^<]+<\/option><option value="digital-government">/,
      );
      const profile = await workbookOf({
        survey: [
          ["type", "name", "label"],
          ["begin_group", "about", "About you"],
          ["integer", "years", "Years in service"],
          ["select_one yn", "manager", "Do you manage staff?"],
          ["end_group", null, null],
        ],
        choices: [
          ["list_name", "name", "label"],
          ["yn", "yes", "Yes"],
          ["yn", "no", "No"],
        ],
      });
      expect((await upload(profile, false, "", "Staff profile.xlsx")).text).toMatch(/but no rating item/);
      expect((await upload(profile, false, "no-such-instrument", "Staff profile.xlsx")).status).toBe(404);
      const onBase = await upload(profile, false, "digital-government", "Staff profile.xlsx");
      expect(onBase.status).toBe(200);
      const background = fs.readFileSync(path.join(app.dataDir, "imported-instruments", "staff-profile", "background.yaml"), "utf8");
      expect(background).toContain("id: manager\n    type: yesno");
    } finally {
      await app.close();
    }
  });
});
