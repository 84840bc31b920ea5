// XLSForms written by others, as KoboToolbox's form builder and the XLSForm documentation write them: no settings
// sheet, "label::English (en)" and single-colon headers, hints, required, relevant, constraint, constraint_message,
// field lists, empty calculation columns, Kobo's $kuid. Their questions become background questions; what has no place
// in an instrument is refused by sheet and row, or skipped with a warning on request.
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { writeInstrumentFolder } from "../../src/exchange/instrument-writer";
import { readXlsForm, type XlsFormProblem } from "../../src/exchange/xlsform-import";
import { projectRoot } from "../../src/config";
import { loadInstrumentDir } from "../../src/questionnaires/loader";
import { makeTempDir } from "../support/app";

type Row = Record<string, string>;

/** A workbook from sheets given as header + rows of named cells. */
async function workbookOf(sheets: Record<string, { header: string[]; rows: Row[] }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, { header, rows }] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(header);
    for (const row of rows) sheet.addRow(header.map((h) => row[h] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const en = "label::English (en)";
const fr = "label::Français (fr)";
const koboSurveyHeader = [
  "type",
  "name",
  en,
  fr,
  "hint::English (en)",
  "hint::Français (fr)",
  "required",
  "relevant",
  "constraint",
  "constraint_message::English (en)",
  "appearance",
  "calculation",
  "$kuid",
  "$autoname",
];

/** A staff profile as Kobo's form builder exports it: metadata, a field-list group, text, integer, yes/no, choices, a note. */
const staffProfile: Row[] = (
  [
    { type: "start", name: "start" },
    { type: "end", name: "end" },
    { type: "begin_group", name: "profile", [en]: "About you", [fr]: "À propos de vous", appearance: "field-list" },
    { type: "text", name: "job_title", [en]: "Job title", [fr]: "Intitulé du poste", "hint::English (en)": "As in your contract" },
    {
      type: "integer",
      name: "years_service",
      [en]: "Years in the public service",
      [fr]: "Années dans la fonction publique",
      required: "true",
      constraint: ". >= 0 and . <= 50",
      "constraint_message::English (en)": "Between 0 and 50",
    },
    { type: "select_one yes_no", name: "manages_staff", [en]: "Do you manage staff?", [fr]: "Encadrez-vous du personnel ?", required: "yes" },
    { type: "select_one grades", name: "grade", [en]: "Your grade", [fr]: "Votre grade", relevant: "${manages_staff} = 'yes'" },
    {
      type: "select_multiple tools",
      name: "tools_used",
      [en]: "Which tools do you use?",
      [fr]: "Quels outils utilisez-vous ?",
      relevant: "${years_service} >= 2 and not(selected(${grade}, 'senior'))",
    },
    { type: "note", name: "thanks", [en]: "Thank you", [fr]: "Merci" },
    { type: "end_group", name: "" },
  ] as Row[]
).map((row, i) => ({ ...row, $kuid: `k${i}x`, $autoname: row.name }));

const koboChoicesHeader = ["list_name", "name", en, fr, "$kuid"];
const staffChoices: Row[] = [
  { list_name: "yes_no", name: "yes", [en]: "Yes", [fr]: "Oui" },
  { list_name: "yes_no", name: "no", [en]: "No", [fr]: "Non" },
  { list_name: "grades", name: "junior", [en]: "Junior", [fr]: "Débutant" },
  { list_name: "grades", name: "middle", [en]: "Middle", [fr]: "Intermédiaire" },
  { list_name: "grades", name: "senior", [en]: "Senior", [fr]: "Confirmé" },
  { list_name: "grades", name: "prefer_not_to_say", [en]: "Prefer not to say", [fr]: "Je préfère ne pas répondre" },
  { list_name: "tools", name: "email", [en]: "E-mail", [fr]: "Courriel" },
  { list_name: "tools", name: "spreadsheets", [en]: "Spreadsheets", [fr]: "Tableurs" },
];

/** A rating section as our export lays it out (level → dimension → item triple), in the given label column. */
function ratingSection(label: string): { survey: Row[]; choices: Row[]; details: { header: string[]; rows: Row[] } } {
  return {
    survey: [
      { type: "begin_group", name: "lvl", [label]: "Organisation" },
      { type: "note", name: "lvl_description", [label]: "Your organisation" },
      { type: "begin_group", name: "dim", [label]: "Digital skills" },
      { type: "note", name: "dim_description", [label]: "Skills of the staff" },
      { type: "begin_group", name: "q1", [label]: "Can staff use shared documents?", appearance: "field-list" },
      { type: "select_one levels", name: "q1_current", [label]: "Now", required: "yes" },
      { type: "select_one levels", name: "q1_target", [label]: "In three years", required: "yes" },
      { type: "select_one imp", name: "q1_importance", [label]: "Importance", required: "yes" },
      { type: "text", name: "q1_comment", [label]: "Comment" },
      { type: "end_group", name: "" },
      { type: "end_group", name: "" },
      { type: "end_group", name: "" },
    ],
    choices: [
      ...[0, 1, 2, 3, 4, 5].map((v) => ({ list_name: "levels", name: String(v), [label]: `Level ${v}` })),
      ...[1, 2, 3].map((v) => ({ list_name: "imp", name: String(v), [label]: `Importance ${v}` })),
    ],
    details: {
      header: ["key", "value", "label"],
      rows: [
        { key: "instrument.description", label: "Digital skills of staff" },
        ...[0, 1, 2, 3, 4, 5].map((v) => ({ key: `scale.${v}.description`, label: `Means ${v}` })),
        { key: "level.lvl.respondents", label: "Staff" },
        { key: "action.dim-a1.dimension", value: "dim" },
        { key: "action.dim-a1.horizon", value: "short" },
        { key: "action.dim-a1.minSeverity", value: "moderate" },
        { key: "action.dim-a1.text", label: "Train the staff" },
      ],
    },
  };
}

/** Kobo's staff profile with our rating section after it (a team's own questions added to a form of ours). */
async function staffProfileWithRatings(edit: (survey: Row[], choices: Row[]) => void = () => {}): Promise<Buffer> {
  const rating = ratingSection(en);
  const survey = [...staffProfile, ...rating.survey];
  const choices = [...staffChoices, ...rating.choices];
  edit(survey, choices);
  return workbookOf({
    survey: { header: koboSurveyHeader, rows: survey },
    choices: { header: koboChoicesHeader, rows: choices },
    cna_details: rating.details,
  });
}

function problemsOf(read: Awaited<ReturnType<typeof readXlsForm>>): XlsFormProblem[] {
  return read.ok ? [] : read.problems;
}

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
    { NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", DATA_DIR: makeTempDir("cna-third-party-data-") },
  );
  return { code, stdout, stderr };
}

describe("third-party XLSForms", () => {
  it("refuses a form of background questions alone with one message: an instrument needs a rating item", async () => {
    const read = await readXlsForm(
      await workbookOf({ survey: { header: koboSurveyHeader, rows: staffProfile }, choices: { header: koboChoicesHeader, rows: staffChoices } }),
      { fileName: "staff_profile.xlsx" },
    );
    expect(problemsOf(read)).toEqual([
      {
        sheet: "survey",
        row: 0,
        column: "",
        message: expect.stringMatching(/^the form has 5 questions but no rating item, and an instrument needs at least one/),
      },
    ]);
  });

  it("imports a form of background questions alone onto a chosen instrument, which passes the check command", async () => {
    const dir = makeTempDir("cna-on-base-");
    const file = path.join(dir, "staff_profile.xlsx");
    writeFileSync(
      file,
      await workbookOf({ survey: { header: koboSurveyHeader, rows: staffProfile }, choices: { header: koboChoicesHeader, rows: staffChoices } }),
    );
    const imported = await cli(["import", "xlsform", file, "--out", dir, "--base", "digital-government"]);
    expect(imported.stderr).not.toContain("error:");
    expect(imported.code).toBe(0);
    const loaded = await loadInstrumentDir(path.join(dir, "staff-profile"));
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
    const base = await loadInstrumentDir(path.join(projectRoot, "questionnaires", "digital-government"));
    if (!base.ok) throw new Error("the default instrument does not load");
    const { instrument } = loaded;
    expect(instrument).toMatchObject({ id: "staff-profile", title: "staff_profile", levels: base.instrument.levels, scale: base.instrument.scale });
    expect(instrument.background?.map((q) => q.id)).toEqual(["job-title", "years-service", "manages-staff", "grade", "tools-used"]);
    expect(instrument.translations.fr["background.grade.question"].text).toBe("Votre grade");
    expect(instrument.translations.fr["item.inst-strategy-1.question"]).toEqual(base.instrument.translations.fr["item.inst-strategy-1.question"]);
    const check = await cli(["questionnaires", "check", "--dir", path.join(dir, "staff-profile")]);
    expect(check.stderr.split("\n").filter((l) => l.startsWith("error:"))).toEqual([]);
    expect(check.code).toBe(0);

    // A form in another language than the instrument's cannot give its questions.
    const spanishOnly = await readXlsForm(
      await workbookOf({
        survey: { header: ["type", "name", "label::Español (es)"], rows: [{ type: "text", name: "cargo", "label::Español (es)": "Cargo" }] },
      }),
      { fileName: "perfil.xlsx", base: base.instrument },
    );
    expect(problemsOf(spanishOnly)).toEqual([
      expect.objectContaining({ sheet: "survey", row: 1, message: expect.stringMatching(/written in es, the instrument digital-government in en/) }),
    ]);
  });

  it("imports Kobo's form without a settings sheet: a field-list group, text, integer, yes/no, choices and conditions become background questions", async () => {
    const read = await readXlsForm(await staffProfileWithRatings(), { fileName: "/tmp/uploads/staff_profile.xlsx" });
    expect(problemsOf(read)).toEqual([]);
    if (!read.ok) return;
    expect(read.warnings).toEqual([
      { sheet: "survey", row: 10, column: "type", message: 'the note "thanks" is not imported: the About you page shows questions only' },
    ]);
    const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-kobo-"));
    if (!written.ok) throw new Error(written.problems.map((p) => p.message).join("\n"));
    const { instrument } = written;
    expect(instrument.id).toBe("staff-profile");
    expect(instrument.title).toBe("staff_profile");
    expect(instrument.languages).toEqual([{ code: "fr" }]);
    expect(instrument.background).toEqual([
      { id: "job-title", type: "text", question: "Job title", hint: "As in your contract", required: false, preferNotToSay: false },
      { id: "years-service", type: "integer", question: "Years in the public service", required: true, preferNotToSay: false, min: 0, max: 50 },
      { id: "manages-staff", type: "yesno", question: "Do you manage staff?", required: true, preferNotToSay: false },
      {
        id: "grade",
        type: "single",
        question: "Your grade",
        required: false,
        preferNotToSay: true,
        relevance: 'chosen("manages-staff", "yes")',
        options: [
          { id: "junior", label: "Junior" },
          { id: "middle", label: "Middle" },
          { id: "senior", label: "Senior" },
        ],
      },
      {
        id: "tools-used",
        type: "multiple",
        question: "Which tools do you use?",
        required: false,
        preferNotToSay: false,
        relevance: 'value("years-service") >= 2 and not chosen("grade", "senior")',
        options: [
          { id: "email", label: "E-mail" },
          { id: "spreadsheets", label: "Spreadsheets" },
        ],
      },
    ]);
    expect(instrument.translations.fr["background.grade.option.middle"].text).toBe("Intermédiaire");
    expect(instrument.translations.fr["background.job-title.question"].text).toBe("Intitulé du poste");

    // And the folder passes the check command, as an instrument in questionnaires/ must.
    const check = await cli(["questionnaires", "check", "--dir", written.dir]);
    expect(check.stderr.split("\n").filter((l) => l.startsWith("error:"))).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("staff-profile");
  });

  it("imports a form as the XLSForm documentation writes it: plain label and hint, begin group, TRUE(), a decimal taken as a whole number", async () => {
    const rating = ratingSection("label");
    const survey: Row[] = [
      { type: "begin group", name: "respondent", label: "Respondent", appearance: "field-list" },
      { type: "select_one yn", name: "consent", label: "Do you agree to take part?", required: "TRUE()" },
      { type: "integer", name: "age", label: "Age", hint: "In years", relevant: "${consent} = 'yes'", constraint: ". >= 18 and . <= 99" },
      { type: "decimal", name: "hours_per_week", label: "Hours of training a week", constraint: ". >= 0 and . < 40" },
      { type: "select one region", name: "region", label: "Region", relevant: "${age} > 30 or ${consent} != 'no'" },
      { type: "end group", name: "" },
      ...rating.survey,
    ];
    const choices: Row[] = [
      { list_name: "yn", name: "yes", label: "Yes" },
      { list_name: "yn", name: "no", label: "No" },
      { list_name: "region", name: "north", label: "North" },
      { list_name: "region", name: "south", label: "South" },
      ...rating.choices,
    ];
    const read = await readXlsForm(
      await workbookOf({
        survey: { header: ["type", "name", "label", "hint", "required", "relevant", "constraint", "appearance"], rows: survey },
        choices: { header: ["list_name", "name", "label"], rows: choices },
        settings: { header: ["form_title", "form_id", "version"], rows: [{ form_title: "Training needs", form_id: "training_needs", version: "2024010101" }] },
        cna_details: rating.details,
      }),
    );
    expect(problemsOf(read)).toEqual([]);
    if (!read.ok) return;
    expect(read.warnings.map((w) => [w.sheet, w.row, w.column])).toEqual([["survey", 5, "type"]]);
    const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-docs-"));
    if (!written.ok) throw new Error(written.problems.map((p) => p.message).join("\n"));
    expect(written.instrument).toMatchObject({ id: "training-needs", title: "Training needs" });
    expect(written.instrument.background?.map((q) => [q.id, q.type, q.required, q.min, q.max, q.relevance])).toEqual([
      ["consent", "yesno", true, undefined, undefined, undefined],
      ["age", "integer", false, 18, 99, 'chosen("consent", "yes")'],
      ["hours-per-week", "integer", false, 0, 39, undefined],
      ["region", "single", false, undefined, undefined, 'value("age") > 30 or not chosen("consent", "no")'],
    ]);
  });

  it("reads single-colon and language-name headers (label:fr, label:English, hint:Español) and the 'select one' spelling", async () => {
    const rating = ratingSection("label:English");
    const survey: Row[] = [
      { type: "begin_group", name: "bg", "label:English": "About you", "label:fr": "Vous", "label:Español": "Usted" },
      {
        type: "select one yn",
        name: "remote",
        "label:English": "Do you work remotely?",
        "label:fr": "Télétravaillez-vous ?",
        "label:Español": "¿Teletrabaja?",
      },
      { type: "end_group", name: "" },
      ...rating.survey,
    ];
    const read = await readXlsForm(
      await workbookOf({
        survey: { header: ["type", "name", "label:English", "label:fr", "label:Español", "appearance", "required"], rows: survey },
        choices: {
          header: ["list_name", "name", "label:English", "label:fr", "label:Español"],
          rows: [
            { list_name: "yn", name: "yes", "label:English": "Yes", "label:fr": "Oui", "label:Español": "Sí" },
            { list_name: "yn", name: "no", "label:English": "No", "label:fr": "Non", "label:Español": "No" },
            ...rating.choices,
          ],
        },
        cna_details: rating.details,
      }),
      { fileName: "remote work.xlsx" },
    );
    expect(problemsOf(read)).toEqual([]);
    if (!read.ok) return;
    const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-colons-"));
    if (!written.ok) throw new Error(written.problems.map((p) => p.message).join("\n"));
    expect(written.instrument.id).toBe("remote-work");
    expect(written.instrument.languages.map((l) => l.code)).toEqual(["fr", "es"]);
    expect(written.instrument.background?.[0]).toMatchObject({ id: "remote", type: "yesno" });
    expect(written.instrument.translations.es["background.remote.question"].text).toBe("¿Teletrabaja?");
  });

  /** One third-party row put into Kobo's staff profile (after the grade question, row 8), and the problem it gives. */
  const refusals: [string, Row[], Partial<Row>[], Pick<XlsFormProblem, "sheet" | "row" | "column">, RegExp][] = [
    [
      "a repeat",
      [
        { type: "begin_repeat", name: "children", [en]: "Children" },
        { type: "integer", name: "child_age", [en]: "Age" },
        { type: "end_repeat", name: "" },
      ],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /repeat/,
    ],
    [
      "a location",
      [{ type: "geopoint", name: "office", [en]: "Office location" }],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /"geopoint" \(a location\) has no place/,
    ],
    [
      "a calculation",
      [{ type: "calculate", name: "double", calculation: "${years_service} * 2" }],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /"calculate" \(a calculation\)/,
    ],
    ["a photo", [{ type: "image", name: "badge", [en]: "Photo of your badge" }], [], { sheet: "survey", row: 9, column: "type" }, /"image" \(a photo\)/],
    [
      "an 'other' choice",
      [{ type: "select_one grades or_other", name: "grade2", [en]: "Grade" }],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /"other, specify"/,
    ],
    [
      "a choice filter",
      [{ type: "select_one grades", name: "grade2", [en]: "Grade", choice_filter: "name != 'junior'" }],
      [],
      { sheet: "survey", row: 9, column: "choice_filter" },
      /column "choice_filter" has no place/,
    ],
    [
      "a type that is not XLSForm",
      [{ type: "selectone grades", name: "grade2", [en]: "Grade" }],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /is not an XLSForm question type/,
    ],
    [
      "a name that is not an XML name",
      [{ type: "text", name: "first name", [en]: "First name" }],
      [],
      { sheet: "survey", row: 9, column: "name" },
      /is not a valid XLSForm name/,
    ],
    [
      "a condition between two questions",
      [{ type: "text", name: "why", [en]: "Why?", relevant: "${years_service} > ${grade}" }],
      [],
      { sheet: "survey", row: 9, column: "relevant" },
      /is not translated: .*compare it with a number/,
    ],
    [
      "a condition on a later question",
      [{ type: "text", name: "why", [en]: "Why?", relevant: "${tools_used} != ''" }],
      [],
      { sheet: "survey", row: 9, column: "relevant" },
      /comes later/,
    ],
    [
      "a decimal range not in whole numbers",
      [{ type: "decimal", name: "fte", [en]: "Full-time equivalent", constraint: ". <= 1.5" }],
      [],
      { sheet: "survey", row: 9, column: "constraint" },
      /1.5 is not a whole number/,
    ],
    [
      "required as a condition",
      [{ type: "text", name: "why", [en]: "Why?", required: "${manages_staff} = 'yes'" }],
      [],
      { sheet: "survey", row: 9, column: "required" },
      /only yes or no/,
    ],
    [
      "a list missing from the choices",
      [{ type: "select_one units", name: "unit", [en]: "Unit" }],
      [],
      { sheet: "survey", row: 9, column: "type" },
      /the choice list "units" is not in the choices sheet/,
    ],
    [
      "a choice name that makes no id",
      [{ type: "select_one odd", name: "odd", [en]: "Odd" }],
      [
        { list_name: "odd", name: "a b", [en]: "A" },
        { list_name: "odd", name: "c", [en]: "C" },
        { list_name: "odd", name: "d", [en]: "D" },
      ],
      { sheet: "choices", row: 10, column: "name" },
      /does not make a usable option id/,
    ],
  ];

  it.each(refusals)("refuses %s, naming its sheet and row alone", async (_what, rows, extraChoices, at, message) => {
    const header = [...koboSurveyHeader, "choice_filter"];
    const rating = ratingSection(en);
    const survey = [...staffProfile.slice(0, 7), ...rows, ...staffProfile.slice(7), ...rating.survey];
    const read = await readXlsForm(
      await workbookOf({
        survey: { header, rows: survey },
        choices: { header: koboChoicesHeader, rows: [...staffChoices, ...(extraChoices as Row[]), ...rating.choices] },
        cna_details: rating.details,
      }),
      { fileName: "staff.xlsx" },
    );
    const problems = problemsOf(read);
    expect(problems).toEqual([expect.objectContaining({ ...at, message: expect.stringMatching(message) })]);
  });

  it("skips what has no place in an instrument with a warning each, when asked to, and imports the rest", async () => {
    const form = await staffProfileWithRatings((survey) =>
      survey.splice(
        3,
        0,
        { type: "begin repeat", name: "children", [en]: "Children" },
        { type: "integer", name: "child_age", [en]: "Age" },
        { type: "end repeat", name: "" },
        { type: "geopoint", name: "office", [en]: "Office" },
        { type: "calculate", name: "n", calculation: "1 + 1" },
      ),
    );
    expect(problemsOf(await readXlsForm(form, { fileName: "staff.xlsx" })).map((p) => p.row)).toEqual([5, 8, 9]);
    const read = await readXlsForm(form, { fileName: "staff.xlsx", skipUnmappable: true });
    if (!read.ok) throw new Error(read.problems.map((p) => p.message).join("\n"));
    expect(read.warnings.map((w) => [w.row, w.column, /\(skipped\)$/.test(w.message)])).toEqual([
      [5, "type", true],
      [8, "type", true],
      [9, "type", true],
      [15, "type", false],
    ]);
    const written = await writeInstrumentFolder(read.folder, makeTempDir("cna-skip-"));
    if (!written.ok) throw new Error(written.problems.map((p) => p.message).join("\n"));
    expect(written.instrument.background?.map((q) => q.id)).toEqual(["job-title", "years-service", "manages-staff", "grade", "tools-used"]);
  });

  it("lists problems of structure first and alone: no detail noise (scale descriptions, actions) before them", async () => {
    const rating = ratingSection(en);
    const survey = [...staffProfile, { type: "selectone grades", name: "x", [en]: "X" }, ...rating.survey];
    const read = await readXlsForm(
      await workbookOf({
        survey: { header: koboSurveyHeader, rows: survey },
        choices: { header: koboChoicesHeader, rows: [...staffChoices, ...rating.choices] },
      }),
      { fileName: "staff.xlsx" },
    );
    expect(problemsOf(read).map((p) => [p.sheet, p.row, p.column])).toEqual([["survey", 12, "type"]]);
    // Once the structure is right, what the instrument needs beyond the form, in order.
    const details = problemsOf(
      await readXlsForm(
        await workbookOf({
          survey: { header: koboSurveyHeader, rows: [...staffProfile, ...rating.survey] },
          choices: { header: koboChoicesHeader, rows: [...staffChoices, ...rating.choices] },
        }),
        { fileName: "staff.xlsx" },
      ),
    );
    expect(details[0]).toMatchObject({
      sheet: "survey",
      row: 12,
      column: "name",
      message: expect.stringMatching(/level lvl needs a description of its respondents/),
    });
    expect(details.some((p) => /scale value 0 needs a description/.test(p.message))).toBe(true);
  });

  it("imports from the command line with --skip-unmappable, warnings on standard error", async () => {
    const dir = makeTempDir("cna-third-party-cli-");
    const file = path.join(dir, "staff_profile.xlsx");
    writeFileSync(file, await staffProfileWithRatings((survey) => survey.splice(3, 0, { type: "geopoint", name: "office", [en]: "Office" })));
    const refused = await cli(["import", "xlsform", file, "--out", dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${file} survey row 5 type: "geopoint" (a location) has no place in an instrument`);
    const imported = await cli(["import", "xlsform", file, "--out", dir, "--skip-unmappable"]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`warning: ${file} survey row 5 type: "geopoint" (a location) has no place in an instrument (skipped)`);
    expect(imported.stdout).toBe(`${path.join(dir, "staff-profile")}\n`);
  });
});
