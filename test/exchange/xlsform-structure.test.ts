// The rules pyxform (the converter KoboToolbox and ODK use; not installable here) enforces on the workbooks we export,
// checked on the default instrument and on a small one with every background question type. Also the names the
// submissions import relies on: group "background", question name = id, choice name = option id, "prefer-not-to-say".
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { backgroundRelevanceToXpath } from "../../src/exchange/xlsform-background";
import { buildXlsForm } from "../../src/exchange/xlsform-export";
import { translateRelevant, type ReadableQuestion } from "../../src/exchange/xlsform-xpath";
import { Translator } from "../../src/i18n/translate";
import { optionIdsOf, preferNotToSay } from "../../src/questionnaires/background";
import { loadInstrumentDir } from "../../src/questionnaires/loader";
import type { Instrument } from "../../src/questionnaires/schema";
import { makeTempDir } from "../support/app";

const translator = new Translator();

async function loadFolder(dir: string): Promise<Instrument> {
  const result = await loadInstrumentDir(dir);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.file} ${e.field}: ${e.message}`).join("\n"));
  return result.instrument;
}

type Rows = Record<string, string>[];

async function sheetsOf(buffer: Buffer): Promise<{ names: string[]; headers: Record<string, string[]>; rows: Record<string, Rows> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const headers: Record<string, string[]> = {};
  const rows: Record<string, Rows> = {};
  for (const sheet of workbook.worksheets) {
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    headers[sheet.name] = header;
    rows[sheet.name] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows[sheet.name].push(Object.fromEntries(header.map((h, i) => [h, values[i] === undefined || values[i] === null ? "" : String(values[i])])));
    });
  }
  return { names: workbook.worksheets.map((w) => w.name), headers, rows };
}

const xmlName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const questionTypes = /^(integer|decimal|text|note|select_one \S+|select_multiple \S+)$/;

/** The problems pyxform would raise (errors, not warnings) on what we write, each with its sheet and row. */
function pyxformProblems({ names, headers, rows }: Awaited<ReturnType<typeof sheetsOf>>): string[] {
  const problems: string[] = [];
  for (const required of ["survey", "choices", "settings"]) if (!names.includes(required)) problems.push(`no ${required} sheet`);
  for (const [sheet, header] of Object.entries(headers)) if (new Set(header).size !== header.length) problems.push(`${sheet}: a column header is given twice`);
  if (!headers.survey?.includes("type") || !headers.survey?.includes("name")) problems.push("survey: type and name columns are required");
  if (!headers.choices?.includes("list_name") || !headers.choices?.includes("name")) problems.push("choices: list_name and name columns are required");
  const labelColumns = (sheet: string) => headers[sheet].filter((h) => h.startsWith("label::"));
  for (const column of [...labelColumns("survey"), ...labelColumns("choices"), ...headers.survey.filter((h) => h.startsWith("hint::"))])
    if (!/^(label|hint)::[^:()]+ \([a-z]{2,3}(-[A-Za-z0-9]+)*\)$/.test(column)) problems.push(`${column}: a language column is "label::Name (code)"`);
  expect(labelColumns("choices")).toEqual(labelColumns("survey"));

  // Choice lists: valid list names, unique choice names within a list, a label on every choice.
  const lists = new Map<string, Set<string>>();
  rows.choices.forEach((choice, i) => {
    const at = `choices row ${i + 2}`;
    if (!xmlName.test(choice.list_name)) problems.push(`${at}: list_name "${choice.list_name}" is not an XML name`);
    if (!choice.name) problems.push(`${at}: a choice needs a name`);
    const list = lists.get(choice.list_name) ?? new Set<string>();
    if (list.has(choice.name)) problems.push(`${at}: "${choice.name}" is twice in ${choice.list_name}`);
    list.add(choice.name);
    lists.set(choice.list_name, list);
    if (!labelColumns("choices").some((h) => choice[h])) problems.push(`${at}: a choice needs a label`);
  });

  // Survey: known types, XML names unique across the form, balanced groups, lists that exist, a label on every question,
  // required as yes/no, references to existing names, balanced parentheses and quotes in expressions.
  const names_ = new Set<string>();
  const depth: string[] = [];
  rows.survey.forEach((row, i) => {
    const at = `survey row ${i + 2}`;
    if (row.type === "end_group") {
      if (!depth.pop()) problems.push(`${at}: end_group without begin_group`);
      return;
    }
    if (row.type !== "begin_group" && !questionTypes.test(row.type)) problems.push(`${at}: unknown type "${row.type}"`);
    if (!xmlName.test(row.name) || /^xml/i.test(row.name)) problems.push(`${at}: name "${row.name}" is not a valid XML name`);
    if (names_.has(row.name)) problems.push(`${at}: the name "${row.name}" is used twice`);
    names_.add(row.name);
    if (row.type === "begin_group") depth.push(row.name);
    const list = /^select_(?:one|multiple) (\S+)$/.exec(row.type)?.[1];
    if (list && !lists.get(list)?.size) problems.push(`${at}: the list "${list}" has no choices`);
    if (!labelColumns("survey").some((h) => row[h])) problems.push(`${at}: "${row.name}" has no label`);
    if (row.required && !["yes", "no", "true", "false"].includes(row.required)) problems.push(`${at}: required is "${row.required}"`);
  });
  if (depth.length) problems.push(`groups left open: ${depth.join(", ")}`);
  rows.survey.forEach((row, i) => {
    for (const column of ["relevant", "constraint"]) {
      const expression = row[column] ?? "";
      for (const [, name] of expression.matchAll(/\$\{([^}]*)\}/g)) if (!names_.has(name)) problems.push(`survey row ${i + 2}: \${${name}} names no question`);
      const bare = expression.replace(/'[^']*'/g, "''");
      if ((bare.match(/\(/g) ?? []).length !== (bare.match(/\)/g) ?? []).length || /'/.test(bare.replace(/''/g, "")))
        problems.push(`survey row ${i + 2}: ${column} is not balanced`);
    }
  });

  const settings = rows.settings[0] ?? {};
  if (!settings.form_id) problems.push("settings: form_id is required");
  if (settings.default_language && !labelColumns("survey").includes(`label::${settings.default_language}`))
    problems.push(`settings: default_language "${settings.default_language}" is not a label column`);
  return problems;
}

/** The small instrument of xlsform.test.ts, with one background question of each type. */
function writeSmallInstrument(): string {
  const dir = path.join(makeTempDir("cna-structure-"), "small-bg");
  fs.mkdirSync(path.join(dir, "levels"), { recursive: true });
  const anchors = Object.fromEntries([0, 1, 2, 3, 4, 5].map((v) => [v, `anchor ${v}`]));
  fs.writeFileSync(
    path.join(dir, "instrument.yaml"),
    JSON.stringify({
      id: "small-bg",
      title: "Small",
      description: "Small",
      scale: [0, 1, 2, 3, 4, 5].map((value) => ({ value, label: `L${value}`, description: `D${value}` })),
      importance: [1, 2, 3].map((value) => ({ value, label: `I${value}` })),
      levels: ["one"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "levels", "one.yaml"),
    JSON.stringify({
      id: "one",
      title: "One",
      description: "One",
      respondents: "All",
      dimensions: [
        {
          id: "d",
          title: "D",
          description: "D",
          items: [{ id: "9lives", question: "Q?", anchors }],
          actions: [{ id: "d-a", text: "Act", horizon: "short", minSeverity: "low" }],
        },
      ],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "background.yaml"),
    JSON.stringify({
      questions: [
        {
          id: "3rd-role",
          type: "multiple",
          question: "Roles?",
          required: true,
          preferNotToSay: true,
          options: [
            { id: "lead", label: "Lead" },
            { id: "2nd", label: "Second" },
          ],
        },
        { id: "in-service", type: "yesno", question: "In service?" },
        { id: "years", type: "integer", question: "Years?", min: 0, max: 60, preferNotToSay: true, relevance: 'chosen("in-service", "yes")' },
        { id: "remarks", type: "text", question: "Remarks?", relevance: 'value("years") >= 2 and not chosen("3rd-role", "lead")' },
      ],
    }),
  );
  return dir;
}

describe("the exported XLSForm", () => {
  it("keeps the structural rules pyxform enforces, for the default instrument and one with every background type", async () => {
    for (const dir of [path.join(projectRoot, "questionnaires", "digital-government"), writeSmallInstrument()]) {
      const sheets = await sheetsOf(await buildXlsForm(await loadFolder(dir), translator));
      expect(pyxformProblems(sheets)).toEqual([]);
    }
  });

  it("writes the background questions first, in a group named background, each named by its id with its options as choices", async () => {
    const sheets = await sheetsOf(await buildXlsForm(await loadFolder(writeSmallInstrument()), translator));
    const survey = sheets.rows.survey;
    expect(survey.slice(0, 6).map((r) => [r.type, r.name, r.required, r.relevant, r.constraint, r.appearance])).toEqual([
      ["begin_group", "background", "", "", "", "field-list"],
      ["select_multiple bg__3rd-role", "_3rd-role", "yes", "", "", ""],
      ["select_one bg_yes_no", "in-service", "", "", "", ""],
      ["integer", "years", "", "selected(${in-service}, 'yes')", ". >= 0 and . <= 60", ""],
      ["text", "remarks", "", "(${years} != '' and ${years} >= 2) and (not(selected(${_3rd-role}, 'lead')))", "string-length(.) <= 200", ""],
      ["end_group", "", "", "", "", ""],
    ]);
    expect(survey[0]["label::English (en)"]).toBe(translator.t("en", "respond.background.title"));
    const choices = sheets.rows.choices.filter((c) => c.list_name.startsWith("bg_")).map((c) => [c.list_name, c.name, c["label::English (en)"]]);
    expect(choices).toEqual([
      ["bg__3rd-role", "lead", "Lead"],
      ["bg__3rd-role", "2nd", "Second"],
      ["bg__3rd-role", preferNotToSay, "Prefer not to say"],
      ["bg_yes_no", "yes", "Yes"],
      ["bg_yes_no", "no", "No"],
    ]);
    // What XLSForm cannot say: a number's "prefer not to say", and the conditions in the instrument's own language.
    const details = sheets.rows.cna_details.filter((d) => d.key.startsWith("background.")).map((d) => [d.key, d.value]);
    expect(details).toEqual([
      ["background.years.relevance", 'chosen("in-service", "yes")'],
      ["background.years.preferNotToSay", "yes"],
      ["background.remarks.relevance", 'value("years") >= 2 and not chosen("3rd-role", "lead")'],
    ]);
  });

  it("labels the default instrument's background questions in every language, yes/no and prefer not to say from the interface catalogues", async () => {
    const instrument = await loadFolder(path.join(projectRoot, "questionnaires", "digital-government"));
    const sheets = await sheetsOf(await buildXlsForm(instrument, translator));
    const columns = sheets.headers.survey.filter((h) => h.startsWith("label::"));
    const background = instrument.background ?? [];
    for (const q of background) {
      const row = sheets.rows.survey.find((r) => r.name === q.id)!;
      for (const column of columns) expect(row[column], `${q.id} ${column}`).not.toBe("");
    }
    const yesNo = sheets.rows.choices.filter((c) => c.list_name === "bg_yes_no_pnts");
    expect(yesNo.map((c) => c.name)).toEqual(["yes", "no", preferNotToSay]);
    expect(yesNo.map((c) => c["label::French (fr)"])).toEqual(
      ["respond.background.yes", "respond.background.no", "respond.background.preferNotToSay"].map((k) => translator.t("fr", k)),
    );
    // Every choice list of a question offers exactly its options (and "prefer-not-to-say" when the question does).
    for (const q of background.filter((b) => b.type === "single" || b.type === "multiple")) {
      const names = sheets.rows.choices.filter((c) => c.list_name === `bg_${q.id}`).map((c) => c.name);
      expect(names).toEqual([...optionIdsOf(q), ...(q.preferNotToSay ? [preferNotToSay] : [])]);
    }
  });

  it("writes background conditions in XPath that read back as the same conditions", async () => {
    const instrument = await loadFolder(writeSmallInstrument());
    const byId = new Map((instrument.background ?? []).map((q) => [q.id, q]));
    const readable = (id: string): ReadableQuestion => {
      const q = byId.get(id)!;
      const choices = new Map(optionIdsOf(q).map((o) => [o, o]));
      if (q.preferNotToSay && q.type !== "integer" && q.type !== "text") choices.set(preferNotToSay, preferNotToSay);
      return { id, type: q.type, choices };
    };
    const back = (condition: string) => translateRelevant(backgroundRelevanceToXpath(condition, byId), (name) => readable(name.replace(/^_/, "")));
    expect(back('chosen("in-service", "yes")')).toBe('chosen("in-service", "yes")');
    expect(back('value("years") >= 2 and not chosen("3rd-role", "lead")')).toBe(
      '(answered("years") and value("years") >= 2) and not chosen("3rd-role", "lead")',
    );
    expect(back('na("3rd-role") or answered("in-service")')).toBe('na("3rd-role") or answered("in-service")');
  });
});
