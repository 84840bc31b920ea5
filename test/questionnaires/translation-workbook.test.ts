// The translator's spreadsheet round trip: export, fill in, import — validated and all or nothing — through the CLI.
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { instrumentText, sourceHash, translationStatus } from "../../src/questionnaires/i18n";
import { loadInstrumentDir } from "../../src/questionnaires/loader";
import type { Instrument } from "../../src/questionnaires/schema";
import { declareLanguage } from "../../src/questionnaires/translation-file";
import { translationRows } from "../../src/questionnaires/translation-workbook";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));

let dir: string;
let work: string;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => "" }, {});
  return { code, stdout: out.join(""), stderr: err.join("") };
}

async function load(): Promise<Instrument> {
  const result = await loadInstrumentDir(dir);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.instrument;
}

/** Opens an exported workbook, lets the test change rows, and saves it under another name. */
async function editWorkbook(file: string, edit: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  edit(workbook.getWorksheet("Translations")!);
  const edited = file.replace(/\.xlsx$/, "-filled.xlsx");
  await workbook.xlsx.writeFile(edited);
  return edited;
}

function rowOf(sheet: ExcelJS.Worksheet, key: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === key) found = row;
  });
  if (!found) throw new Error(`no row for ${key}`);
  return found;
}

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "cna-translations-"));
  dir = path.join(work, "sample");
  await cp(sampleDir, dir, { recursive: true });
});

describe("translation workbook", () => {
  it("lists every string with its state: translated, stale (English changed since) or untranslated", async () => {
    const instrument = await load();
    const rows = translationRows(instrument, "fr");
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get("instrument.title")).toMatchObject({ status: "translated", translation: "Instrument d'évaluation des capacités (exemple)" });
    expect(byKey.get("item.org-strategy-2.question")?.status).toBe("stale");
    expect(byKey.get("action.ind-literacy-a1.text")).toMatchObject({ status: "untranslated", translation: "" });
    expect(rows.find((r) => r.key.endsWith(".anchor.3"))?.context).toMatch(/anchor 3/);
  });

  it("round-trips: an exported and unchanged workbook imports to the same translations", async () => {
    const before = await load();
    const file = path.join(work, "fr.xlsx");
    const exported = await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "fr", "--out", file);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/1 stale, 1 untranslated/);

    const imported = await cli("questionnaires", "translations", "import", file, "--dir", dir, "--lang", "fr");
    expect(imported.code, imported.stderr).toBe(0);
    const after = await load();
    expect(after.translations.fr).toEqual(before.translations.fr);
    expect(after.version).toBe(before.version);
  });

  it("imports filled rows: new translations become current, an edited stale row is fresh again", async () => {
    const file = path.join(work, "fr.xlsx");
    await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "fr", "--out", file);
    const filled = await editWorkbook(file, (sheet) => {
      rowOf(sheet, "action.ind-literacy-a1.text").getCell(4).value = "Former le personnel aux outils numériques de base.";
      rowOf(sheet, "item.org-strategy-2.question").getCell(4).value = "La stratégie est-elle financée dans le budget ?";
    });
    const imported = await cli("questionnaires", "translations", "import", filled, "--dir", dir, "--lang", "fr");
    expect(imported.code, imported.stderr).toBe(0);
    const instrument = await load();
    expect(translationStatus(instrument, "fr")).toEqual({ untranslated: [], stale: [] });
    expect(instrumentText(instrument, "action.ind-literacy-a1.text", "fr")).toBe("Former le personnel aux outils numériques de base.");
  });

  it("keeps a stale translation stale when the translator neither edits nor confirms it", async () => {
    const file = path.join(work, "fr.xlsx");
    await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "fr", "--out", file);
    await cli("questionnaires", "translations", "import", file, "--dir", dir, "--lang", "fr");
    expect(translationStatus(await load(), "fr").stale).toEqual(["item.org-strategy-2.question"]);

    const confirmed = await editWorkbook(file, (sheet) => {
      rowOf(sheet, "item.org-strategy-2.question").getCell(5).value = "translated";
    });
    await cli("questionnaires", "translations", "import", confirmed, "--dir", dir, "--lang", "fr");
    expect(translationStatus(await load(), "fr").stale).toEqual([]);
  });

  it("refuses a workbook with any bad row, names sheet, row and column, and writes nothing", async () => {
    const file = path.join(work, "fr.xlsx");
    await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "fr", "--out", file);
    const before = await readFile(path.join(dir, "translations", "fr.yaml"), "utf8");
    const bad = await editWorkbook(file, (sheet) => {
      rowOf(sheet, "instrument.title").getCell(4).value = "Nouveau titre";
      rowOf(sheet, "instrument.description").getCell(1).value = "instrument.subtitle";
      rowOf(sheet, "scale.0.label").getCell(4).value = "A".repeat(10_001);
      rowOf(sheet, "scale.1.label").getCell(5).value = "done";
    });
    const imported = await cli("questionnaires", "translations", "import", bad, "--dir", dir, "--lang", "fr");
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/Translations!row 3 key: "instrument\.subtitle" is not a string of instrument sample/);
    expect(imported.stderr).toMatch(/Translations!row 4 translation: at most 10000 characters/);
    expect(imported.stderr).toMatch(/Translations!row 6 status: must be one of translated, stale, untranslated/);
    expect(imported.stderr).toMatch(/Nothing was written/);
    expect(await readFile(path.join(dir, "translations", "fr.yaml"), "utf8")).toBe(before);
  });

  it("refuses a file that is not a workbook", async () => {
    const file = path.join(work, "notes.xlsx");
    await writeFile(file, "key,translation\n");
    const imported = await cli("questionnaires", "translations", "import", file, "--dir", dir, "--lang", "fr");
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/not an XLSX workbook/);
  });

  it("adds a new language: declares it in instrument.yaml with its fallback, keeping the file's comments", async () => {
    const file = path.join(work, "es.xlsx");
    await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "es", "--out", file);
    const filled = await editWorkbook(file, (sheet) => {
      rowOf(sheet, "instrument.title").getCell(4).value = "Instrumento de capacidades (ejemplo)";
    });
    const imported = await cli("questionnaires", "translations", "import", filled, "--dir", dir, "--lang", "es");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/warning: .*es: \d+ of \d+ strings untranslated/);
    const head = await readFile(path.join(dir, "instrument.yaml"), "utf8");
    expect(head).toMatch(/^# A small instrument for the tests/);
    const instrument = await load();
    expect(instrument.languages).toContainEqual({ code: "es", fallback: "en" });
    expect(instrument.translations.es["instrument.title"]).toEqual({ source: sourceHash(instrument.title), text: "Instrumento de capacidades (ejemplo)" });
    expect(instrumentText(instrument, "instrument.description", "es")).toBe(instrument.description);
  });

  it("declares a language only once", () => {
    const head = "id: x\nlanguages:\n  - code: fr\n";
    expect(declareLanguage(head, "fr")).toBe(head);
    expect(declareLanguage("id: x\nlanguages: []\n", "ar", "en")).toMatch(/languages:\n {2}- code: ar\n {4}fallback: en/);
  });

  it("refuses to translate into the source language", async () => {
    const result = await cli("questionnaires", "translations", "export", "--dir", dir, "--lang", "en", "--out", path.join(work, "en.xlsx"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/source language/);
  });
});
