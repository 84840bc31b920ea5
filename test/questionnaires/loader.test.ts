import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { formatLocated, loadInstrumentDir, loadInstrumentsRoot, type LoadResult, type LocatedMessage } from "../../src/questionnaires/loader";

const fixtures = fileURLToPath(new URL("../fixtures/questionnaires/", import.meta.url));
const sampleDir = path.join(fixtures, "valid", "sample");
const brokenRoot = path.join(fixtures, "broken");

function loaded(result: LoadResult) {
  if (!result.ok) throw new Error(`expected the instrument to load:\n${result.errors.map(formatLocated).join("\n")}`);
  return result;
}

function failed(result: LoadResult) {
  if (result.ok) throw new Error("expected the instrument to fail validation");
  return result;
}

const temporaryDirs: string[] = [];

/** A copy of the valid sample in a fresh temporary folder, named "sample" as its id requires. */
async function copyOfSample(): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "cna-instrument-"));
  temporaryDirs.push(parent);
  const dir = path.join(parent, "sample");
  await cp(sampleDir, dir, { recursive: true });
  return dir;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(file, text.replace(from, to));
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("loadInstrumentDir on a valid instrument", () => {
  it("assembles the levels in the order instrument.yaml lists them, with defaults filled in", async () => {
    const { instrument } = loaded(await loadInstrumentDir(sampleDir));
    expect(instrument.id).toBe("sample");
    expect(instrument.version).toMatch(/^[0-9a-f]{64}$/);
    expect(instrument.sourceLanguage).toBe("en");
    expect(instrument.languages).toEqual([{ code: "fr" }]);
    expect(instrument.scale.map((s) => s.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(instrument.importance.map((s) => s.label)).toEqual(["Low", "Medium", "High"]);
    expect(instrument.severity).toEqual({ critical: 2, high: 1.5, moderate: 1, low: 0.5 });
    expect(instrument.levels.map((l) => [l.id, l.weight])).toEqual([
      ["organisational", 1],
      ["individual", 1.5],
    ]);
    const [strategy, data] = instrument.levels[0].dimensions;
    expect([strategy.weight, data.weight]).toEqual([1, 2]);
    expect(strategy.items[0].guidance).toBe("A digital strategy sets goals, actions, owners and a budget for the organisation's digital services.");
    expect(strategy.items[1].relevance).toBe('current("org-strategy-1") >= 2');
    expect(strategy.items[1].anchors["3"]).toBe("Most actions have a budget line.");
    expect(strategy.actions[1]).toEqual({
      id: "org-strategy-a2",
      text: "Cost the strategy and link it to the budget cycle.",
      horizon: "medium",
      minSeverity: "high",
    });
    expect(instrument.levels[1].dimensions[0].items[0].weight).toBe(2);
    expect("guidance" in instrument.levels[1].dimensions[0].items[0]).toBe(false);
  });

  it("keeps translation source hashes as text even when YAML would read them as numbers", async () => {
    const { instrument } = loaded(await loadInstrumentDir(sampleDir));
    expect(Object.keys(instrument.translations)).toEqual(["fr"]);
    expect(Object.keys(instrument.translations.fr)).toHaveLength(68);
    expect(instrument.translations.fr["dimension.org-strategy.title"]).toEqual({ source: "8307e301", text: "Stratégie et planification numériques" });
    expect(instrument.translations.fr["item.org-data-1.anchor.1"].source).toBe("386805e4");
  });

  it("warns, with locations, about untranslated and stale strings", async () => {
    const { warnings } = loaded(await loadInstrumentDir(sampleDir));
    expect(warnings).toHaveLength(2);
    const [untranslated, stale] = warnings;
    expect(path.resolve(untranslated.file)).toBe(path.join(sampleDir, "translations/fr.yaml"));
    expect(untranslated).toMatchObject({ line: 5, column: 1, field: "strings" });
    expect(untranslated.message).toBe("fr: 1 of 69 strings untranslated (shown in en until translated): action.ind-literacy-a1.text");
    expect(stale).toMatchObject({ line: 97, column: 13, field: 'strings["item.org-strategy-2.question"].source' });
    expect(stale.message).toContain("1 stale translation");
    expect(stale.message).toContain("item.org-strategy-2.question");
  });

  it("names files relative to the working directory when given an absolute folder inside it", async () => {
    const { warnings } = loaded(await loadInstrumentDir(sampleDir));
    expect(path.isAbsolute(warnings[0].file)).toBe(path.relative(process.cwd(), sampleDir).startsWith(".."));
    expect(path.resolve(warnings[0].file)).toBe(path.join(sampleDir, "translations/fr.yaml"));
  });
});

interface BrokenCase {
  name: string;
  file: string;
  line: number;
  column?: number;
  field: string;
  message: string;
}

// Each folder under broken/ is the valid base instrument with exactly one defect.
const brokenCases: BrokenCase[] = [
  { name: "yaml-syntax", file: "levels/beta.yaml", line: 20, column: 19, field: "", message: "YAML syntax: Nested mappings are not allowed" },
  {
    name: "unknown-field",
    file: "levels/alpha.yaml",
    line: 21,
    column: 9,
    field: "dimensions[0].items[1].weigth",
    message: 'unknown field "weigth"; did you mean "weight"?',
  },
  {
    name: "missing-anchor",
    file: "levels/alpha.yaml",
    line: 12,
    column: 9,
    field: "dimensions[0].items[0].anchors.3",
    message: "the descriptor for scale value 3 is missing",
  },
  { name: "non-positive-weight", file: "levels/beta.yaml", line: 9, column: 13, field: "dimensions[0].weight", message: "must be a number greater than 0" },
  {
    name: "duplicate-id",
    file: "levels/beta.yaml",
    line: 10,
    column: 13,
    field: "dimensions[0].items[0].id",
    message: 'duplicate item id "alpha-1" (first at',
  },
  { name: "level-id-mismatch", file: "levels/beta.yaml", line: 1, column: 5, field: "id", message: '"gamma" must equal the file name "beta"' },
  { name: "missing-level-file", file: "instrument.yaml", line: 18, column: 23, field: "levels[2]", message: "level file levels/gamma.yaml not found" },
  { name: "unlisted-level-file", file: "levels/gamma.yaml", line: 1, column: 5, field: "id", message: 'level "gamma" is not listed in instrument.yaml levels' },
  {
    name: "unknown-relevance-reference",
    file: "levels/alpha.yaml",
    line: 21,
    column: 28,
    field: "dimensions[0].items[1].relevance",
    message: 'refers to unknown item "alpha-9"',
  },
  {
    name: "relevance-syntax",
    file: "levels/alpha.yaml",
    line: 21,
    column: 44,
    field: "dimensions[0].items[1].relevance",
    message: 'expected a value before "or"',
  },
  {
    name: "relevance-cycle",
    file: "levels/alpha.yaml",
    line: 12,
    column: 20,
    field: "dimensions[0].items[0].relevance",
    message: "relevance conditions form a cycle: alpha-1 → alpha-2 → alpha-1",
  },
  {
    name: "bad-min-severity",
    file: "levels/beta.yaml",
    line: 32,
    column: 22,
    field: "dimensions[0].actions[0].minSeverity",
    message: 'must be one of low, moderate, high, critical, not "severe"',
  },
  {
    name: "bad-horizon",
    file: "levels/alpha.yaml",
    line: 31,
    column: 18,
    field: "dimensions[0].actions[0].horizon",
    message: 'must be one of short, medium, long, not "soon"',
  },
  { name: "scale-not-0-5", file: "instrument.yaml", line: 6, column: 1, field: "scale", message: "value 5 missing: the scale lists the values 0 to 5" },
  { name: "severity-order", file: "instrument.yaml", line: 19, column: 9, field: "severity.high", message: "must be below critical (2)" },
  {
    name: "translation-unknown-key",
    file: "translations/fr.yaml",
    line: 6,
    column: 3,
    field: 'strings["item.alpha-9.question"]',
    message: 'names no English string of this instrument (there is no item "alpha-9")',
  },
  {
    name: "translation-language-mismatch",
    file: "translations/fr.yaml",
    line: 1,
    column: 11,
    field: "language",
    message: '"de" must equal the file name "fr"',
  },
  {
    name: "language-without-translation",
    file: "instrument.yaml",
    line: 8,
    column: 11,
    field: "languages[1].code",
    message: 'language "de" has no translations/de.yaml and no fallback',
  },
  { name: "folder-id-mismatch", file: "instrument.yaml", line: 1, column: 5, field: "id", message: 'must equal the folder name "folder-id-mismatch"' },
  { name: "missing-field", file: "levels/beta.yaml", line: 6, column: 5, field: "dimensions[0].title", message: "is required" },
  {
    name: "no-actions",
    file: "levels/alpha.yaml",
    line: 28,
    column: 5,
    field: "dimensions[0].actions",
    message: "a dimension needs at least one recommended action",
  },
  { name: "empty-file", file: "levels/beta.yaml", line: 1, column: 1, field: "", message: "the file is empty" },
  {
    name: "missing-instrument-yaml",
    file: "instrument.yaml",
    line: 0,
    column: 0,
    field: "",
    message: "not found: every instrument folder needs an instrument.yaml",
  },
];

describe("loadInstrumentDir on broken instruments", () => {
  it.each(brokenCases)("$name: reports $file line $line", async (expected) => {
    const dir = path.join(brokenRoot, expected.name);
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors.map(formatLocated)).toHaveLength(1);
    const [error] = errors;
    expect(path.resolve(error.file)).toBe(path.join(dir, expected.file));
    expect(error.line).toBe(expected.line);
    if (expected.column !== undefined) expect(error.column).toBe(expected.column);
    expect(error.field).toBe(expected.field);
    expect(error.message).toContain(expected.message);
  });

  it("covers every broken fixture folder", async () => {
    const results = await loadInstrumentsRoot(brokenRoot);
    expect(results.map((r) => path.basename(r.dir)).sort()).toEqual(brokenCases.map((c) => c.name).sort());
    expect(results.every((r) => !r.ok)).toBe(true);
  });

  it("names the first use of a duplicated id with its file and line", async () => {
    const { errors } = failed(await loadInstrumentDir(path.join(brokenRoot, "duplicate-id")));
    const firstAt = /\(first at (.+):(\d+)\)$/.exec(errors[0].message);
    expect(firstAt).not.toBeNull();
    expect(path.resolve(firstAt![1])).toBe(path.join(brokenRoot, "duplicate-id", "levels/alpha.yaml"));
    expect(firstAt![2]).toBe("10");
  });

  it("reads an action's range of current levels, and refuses an empty or out-of-scale range where it is written", async () => {
    const dir = await copyOfSample();
    const file = path.join(dir, "levels/organisational.yaml");
    await edit(
      file,
      "horizon: medium\n        minSeverity: high",
      "horizon: medium\n        minSeverity: high\n        currentFrom: 2\n        currentBelow: 4.5",
    );
    const { instrument } = loaded(await loadInstrumentDir(dir));
    expect(instrument.levels[0].dimensions[0].actions[1]).toMatchObject({ id: "org-strategy-a2", currentFrom: 2, currentBelow: 4.5 });
    expect("currentFrom" in instrument.levels[0].dimensions[0].actions[0]).toBe(false);
    await edit(file, "currentBelow: 4.5", "currentBelow: 2");
    await edit(file, "minSeverity: moderate", "minSeverity: moderate\n        currentFrom: 6");
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors.map((e) => [path.relative(dir, path.resolve(e.file)), e.line, e.field, e.message])).toEqual([
      ["levels/organisational.yaml", 37, "dimensions[0].actions[0].currentFrom", "must be between 0 and 5"],
      ["levels/organisational.yaml", 43, "dimensions[0].actions[1].currentBelow", "must be greater than currentFrom, or no current level fits the action"],
    ]);
  });

  it("reports problems in several files in one run", async () => {
    const dir = await copyOfSample();
    await edit(path.join(dir, "levels/organisational.yaml"), "horizon: short", "horizon: soon");
    await edit(path.join(dir, "levels/individual.yaml"), "weight: 2", "weight: -2");
    await edit(path.join(dir, "instrument.yaml"), "title: Sample capacity instrument", "titel: Sample capacity instrument");
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors.map((e) => [path.relative(dir, path.resolve(e.file)), e.line, e.field])).toEqual([
      ["instrument.yaml", 3, "title"],
      ["instrument.yaml", 4, "titel"],
      ["levels/individual.yaml", 13, "dimensions[0].items[0].weight"],
      ["levels/organisational.yaml", 35, "dimensions[0].actions[0].horizon"],
    ]);
    expect(errors[0].message).toBe("is required (text)");
    expect(errors[1].message).toBe('unknown field "titel"; did you mean "title"?');
  });

  it("points into a single-quoted condition at the exact column", async () => {
    const dir = await copyOfSample();
    await edit(
      path.join(dir, "levels/organisational.yaml"),
      `relevance: current("org-strategy-1") >= 2`,
      `relevance: 'answered("org-strategy-1") and na("org-data-9")'`,
    );
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors).toHaveLength(1);
    // The value starts at column 20 with the quote; the quote of "org-data-9" is the 35th character of the condition.
    expect(errors[0]).toMatchObject({ line: 24, column: 55, field: "dimensions[0].items[1].relevance" });
    expect(errors[0].message).toBe('the condition refers to unknown item "org-data-9"');
  });

  it("gives the column inside the condition when the condition spans lines", async () => {
    const dir = await copyOfSample();
    await edit(
      path.join(dir, "levels/organisational.yaml"),
      `relevance: current("org-strategy-1") >= 2`,
      `relevance: >-\n          current("org-strategy-1") >= 2\n          and na("org-data-9")`,
    );
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors[0]).toMatchObject({ line: 24, field: "dimensions[0].items[1].relevance" });
    expect(errors[0].message).toBe('the condition refers to unknown item "org-data-9" (column 39 of the condition)');
  });

  it("refuses .yml files, which would otherwise be ignored", async () => {
    const dir = await copyOfSample();
    await writeFile(path.join(dir, "levels", "extra.yml"), "id: extra\n");
    const { errors } = failed(await loadInstrumentDir(dir));
    expect(errors).toHaveLength(1);
    expect(path.resolve(errors[0].file)).toBe(path.join(dir, "levels", "extra.yml"));
    expect(errors[0]).toMatchObject({ line: 0, column: 0, field: "", message: "rename to extra.yaml: only .yaml files are read" });
  });

  it("warns about a condition that reads an item of another level", async () => {
    const dir = await copyOfSample();
    await edit(path.join(dir, "levels/individual.yaml"), "        weight: 2\n", `        weight: 2\n        relevance: answered("org-data-1")\n`);
    const { warnings } = loaded(await loadInstrumentDir(dir));
    const warning = warnings.find((w) => w.field === "dimensions[0].items[0].relevance");
    expect(warning).toMatchObject({ line: 14, column: 29 });
    expect(warning!.message).toContain('refers to "org-data-1" of the organisational level');
  });
});

describe("loadInstrumentsRoot", () => {
  it("loads every instrument folder under the root", async () => {
    const results = await loadInstrumentsRoot(path.join(fixtures, "valid"));
    expect(results.map((r) => (r.ok ? r.instrument.id : "failed"))).toEqual(["sample"]);
  });

  it("reports a missing root as one failed result", async () => {
    const missing = path.join(fixtures, "no-such-folder");
    const results = await loadInstrumentsRoot(missing);
    expect(results).toHaveLength(1);
    expect(failed(results[0]).errors[0]).toMatchObject({ line: 0, column: 0, field: "", message: "folder not found" });
  });
});

describe("formatLocated", () => {
  const base: LocatedMessage = { file: "q/x/levels/a.yaml", line: 12, column: 7, field: "dimensions[0].weight", message: "must be a number greater than 0" };

  it("writes file:line:column field: message", () => {
    expect(formatLocated(base)).toBe("q/x/levels/a.yaml:12:7 dimensions[0].weight: must be a number greater than 0");
  });

  it("leaves out an empty field and a missing position", () => {
    expect(formatLocated({ ...base, field: "" })).toBe("q/x/levels/a.yaml:12:7: must be a number greater than 0");
    expect(formatLocated({ ...base, line: 0, column: 0, field: "", message: "not found" })).toBe("q/x/levels/a.yaml: not found");
  });
});
