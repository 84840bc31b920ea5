import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { backgroundQuestionsFor } from "../../src/questionnaires/background";
import { evaluate, parseExpression, type AnswerState } from "../../src/questionnaires/expression";
import { allSourceStrings } from "../../src/questionnaires/i18n";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";
import { runQuestionnairesCheck } from "../../src/questionnaires/check";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));
const temporaryDirs: string[] = [];

async function sampleWith(background: string): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "cna-background-"));
  temporaryDirs.push(parent);
  const dir = path.join(parent, "sample");
  await cp(sampleDir, dir, { recursive: true });
  await writeFile(path.join(dir, "background.yaml"), background);
  return dir;
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const valid = `questions:
  - id: grade
    type: single
    question: Your grade?
    required: true
    preferNotToSay: true
    options:
      - id: junior
        label: Junior
      - id: senior
        label: Senior
  - id: manages
    type: yesno
    question: Do you manage a team?
    relevance: chosen("grade", "senior")
  - id: years
    type: integer
    question: Years in service?
    min: 0
    max: 50
  - id: tools
    type: multiple
    question: Tools you use?
    levels: [individual]
    options:
      - id: mail
        label: E-mail
      - id: sheets
        label: Spreadsheets
  - id: unit
    type: text
    question: Your unit?
    relevance: value("years") >= 2
`;

describe("background questions in the instrument format", () => {
  it("loads background.yaml with defaults, translatable strings and per-level questions", async () => {
    const result = await loadInstrumentDir(await sampleWith(valid));
    if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
    const [grade, manages, years] = result.instrument.background!;
    expect([grade.required, grade.preferNotToSay, manages.required, manages.preferNotToSay]).toEqual([true, true, false, false]);
    expect([years.min, years.max]).toEqual([0, 50]);
    const keys = allSourceStrings(result.instrument).map((s) => s.key);
    expect(keys).toContain("background.grade.question");
    expect(keys).toContain("background.tools.option.sheets");
    expect(backgroundQuestionsFor(result.instrument, ["organisational"]).map((q) => q.id)).toEqual(["grade", "manages", "years", "unit"]);
    expect(backgroundQuestionsFor(result.instrument, ["individual"]).map((q) => q.id)).toContain("tools");
  });

  it("leaves an instrument without background.yaml as it was: no field, the same version", async () => {
    const plain = await loadInstrumentDir(sampleDir);
    expect(plain.ok && plain.instrument.background).toBeUndefined();
  });

  it("reports each mistake at its file, line and column", async () => {
    const dir = await sampleWith(`questions:
  - id: grade
    type: single
    question: Your grade?
  - id: grade
    type: yesno
    question: Again?
    options:
      - id: a
        label: A
      - id: b
        label: B
  - id: years
    type: integer
    question: Years?
    min: 10
    max: 2
  - id: follow
    type: text
    question: Follow-up
    relevance: chosen("grade", "boss") and current("org-strategy-1") >= 1
  - id: later
    type: text
    question: Later
    relevance: answered("last")
  - id: last
    type: text
    question: Last
    levels: [nowhere]
    colour: blue
`);
    const result = await loadInstrumentDir(dir);
    expect(result.ok).toBe(false);
    const messages = (result.ok ? [] : result.errors).map(formatLocated).map((m) => m.slice(m.indexOf("background.yaml")));
    expect(messages[0]).toMatch(/^background\.yaml:30:5 questions\[5\]\.colour: unknown field "colour"/);
    expect(messages).toHaveLength(1);
    // The shape is fixed first; the rules across the instrument are told once the file is well-formed.
    await writeFile(
      path.join(dir, "background.yaml"),
      (await import("node:fs")).readFileSync(path.join(dir, "background.yaml"), "utf8").replace("    colour: blue\n", ""),
    );
    const again = await loadInstrumentDir(dir);
    const lines = (again.ok ? [] : again.errors).map(formatLocated).map((m) => m.slice(m.indexOf("background.yaml")));
    expect(lines.map((line) => line.replace(dir + path.sep, ""))).toEqual([
      "background.yaml:3:11 questions[0].type: a single choice question needs options",
      'background.yaml:5:9 questions[1].id: duplicate background question id "grade" (first at background.yaml:2)',
      "background.yaml:8:5 questions[1].options: a yesno question has no options (yes and no are given)",
      "background.yaml:17:10 questions[2].max: must not be below min (10)",
      'background.yaml:21:32 questions[3].relevance: "grade" has no option "boss"; its options are none',
      'background.yaml:21:52 questions[3].relevance: "org-strategy-1" is a rating item; background questions are asked first, so they depend only on earlier background questions',
      'background.yaml:25:25 questions[4].relevance: "last" comes later; a condition reads only earlier background questions',
      'background.yaml:29:14 questions[5].levels[0]: "nowhere" is not a level of this instrument',
    ]);
  });

  it("refuses a rating item's condition that reads a background question", async () => {
    const dir = await sampleWith(valid);
    const file = path.join(dir, "levels", "organisational.yaml");
    const { readFile } = await import("node:fs/promises");
    await writeFile(file, (await readFile(file, "utf8")).replace(`current("org-strategy-1") >= 2`, `chosen("grade", "senior")`));
    const result = await loadInstrumentDir(dir);
    const lines = (result.ok ? [] : result.errors).map(formatLocated).join("\n");
    expect(lines).toContain('"grade" is a background question; rating items\' conditions read only rating items');
  });

  it("is counted by `questionnaires check`", async () => {
    const output = await runQuestionnairesCheck({ dir: await sampleWith(valid) });
    expect(output.stdout).toMatch(/background\s+5 questions/);
  });
});

describe("conditions on background answers", () => {
  const answers = new Map<string, AnswerState>([
    ["grade", { kind: "answered", choices: ["senior"] }],
    ["years", { kind: "answered", value: 12 }],
    ["gender", { kind: "na" }],
  ]);
  const lookup = (id: string): AnswerState => answers.get(id) ?? { kind: "none" };
  const holds = (source: string) => evaluate(parseExpression(source), lookup);

  it("reads chosen options, numbers, answers given and 'prefer not to say'", () => {
    expect(holds('chosen("grade", "senior")')).toBe(true);
    expect(holds('chosen("grade", "junior")')).toBe(false);
    expect(holds('value("years") >= 10 and answered("grade")')).toBe(true);
    expect(holds('na("gender") and not answered("gender")')).toBe(true);
    expect(holds('answered("unit")')).toBe(false);
  });

  it("locates a chosen() without its option", () => {
    expect(() => parseExpression('chosen("grade")')).toThrow(/chosen takes a question id and an option id.* at column 15/);
  });
});
