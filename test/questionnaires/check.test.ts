import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runQuestionnairesCheck } from "../../src/questionnaires/check";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";

const fixtures = fileURLToPath(new URL("../fixtures/questionnaires/", import.meta.url));
const validRoot = path.join(fixtures, "valid");
const brokenRoot = path.join(fixtures, "broken");

async function sampleVersion(): Promise<string> {
  const result = await loadInstrumentDir(path.join(validRoot, "sample"));
  if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
  return result.instrument.version;
}

describe("questionnaires check", () => {
  it("prints each instrument's id, version and the size of each level", async () => {
    const result = await runQuestionnairesCheck({ dir: validRoot });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        `sample  version ${await sampleVersion()}`,
        "  organisational    2 dimensions     3 items",
        "  individual        1 dimension      2 items",
        "  total             3 dimensions     5 items",
        "",
      ].join("\n"),
    );
  });

  it("prints exactly id, version and levels with --json", async () => {
    const result = await runQuestionnairesCheck({ dir: validRoot, json: true });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        id: "sample",
        version: await sampleVersion(),
        levels: [
          { id: "organisational", dimensions: 2, items: 3 },
          { id: "individual", dimensions: 1, items: 2 },
        ],
      },
    ]);
  });

  it("puts untranslated and stale strings on stderr as warnings", async () => {
    const result = await runQuestionnairesCheck({ dir: validRoot });
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warning: .*translations\/fr\.yaml:5:1 strings: fr: 1 of 69 strings untranslated .*: action\.ind-literacy-a1\.text$/);
    expect(lines[1]).toMatch(/^warning: .*translations\/fr\.yaml:97:13 .*fr: 1 stale translation .*: item\.org-strategy-2\.question$/);
  });

  it("fails with --strict when a language has untranslated or stale strings, naming the language and the counts", async () => {
    const lenient = await runQuestionnairesCheck({ dir: validRoot });
    expect(lenient.exitCode).toBe(0);
    const strict = await runQuestionnairesCheck({ dir: validRoot, strict: true });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toMatch(/^error: .*sample\/translations\/fr\.yaml: sample is not complete in fr: 1 untranslated, 1 stale \(--strict\)$/m);
    expect(strict.stderr.trimEnd().split("\n").at(-1)).toBe("1 error in 1 instrument; 0 instruments valid");
  });

  it("accepts one instrument folder as --dir", async () => {
    const result = await runQuestionnairesCheck({ dir: path.join(validRoot, "sample"), json: true });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).map((i: { id: string }) => i.id)).toEqual(["sample"]);
  });

  it("exits 1 with every located error on stderr", async () => {
    const result = await runQuestionnairesCheck({ dir: brokenRoot });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^error: .*broken\/unknown-field\/levels\/alpha\.yaml:21:9 dimensions\[0\]\.items\[1\]\.weigth: unknown field "weigth"; did you mean "weight"\?$/m,
    );
    expect(result.stderr).toMatch(/^error: .*broken\/missing-level-file\/instrument\.yaml:18:23 levels\[2\]: level file levels\/gamma\.yaml not found$/m);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe("23 errors in 23 instruments; 0 instruments valid");
  });

  it("prints an empty JSON list when nothing is valid, so the output still parses", async () => {
    const result = await runQuestionnairesCheck({ dir: path.join(brokenRoot, "bad-horizon"), json: true });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr).toContain('horizon: must be one of short, medium, long, not "soon"');
  });

  it("fails when the folder holds no instrument", async () => {
    const missing = await runQuestionnairesCheck({ dir: path.join(fixtures, "no-such-folder") });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("no-such-folder: folder not found");
    const empty = await runQuestionnairesCheck({ dir: path.join(validRoot, "sample", "levels") });
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain("no instrument folders found");
  });
});
