// The default digital-government instrument: real content at four levels, valid, and counted by the CLI.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { runCli } from "../../src/cli/run";
import { translationStatus } from "../../src/questionnaires/i18n";
import { loadInstrumentDir } from "../../src/questionnaires/loader";

const dir = path.join(projectRoot, "questionnaires", "digital-government");

describe("the default digital-government instrument", () => {
  it("loads without errors, with the four levels of the method", async () => {
    const result = await loadInstrumentDir(dir);
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.file}:${e.line} ${e.field}: ${e.message}`).join("\n"));
    expect(result.instrument.levels.map((l) => l.id)).toEqual(["institutional", "organisational", "individual", "societal"]);
  });

  it("has at least 6 dimensions per level, 3 items per dimension (merged duplicates leave some with 3), and 96 items in all", async () => {
    const result = await loadInstrumentDir(dir);
    if (!result.ok) throw new Error("instrument does not load");
    let items = 0;
    for (const level of result.instrument.levels) {
      expect(level.dimensions.length).toBeGreaterThanOrEqual(6);
      for (const dimension of level.dimensions) {
        expect(dimension.items.length).toBeGreaterThanOrEqual(3);
        expect(dimension.actions.length).toBeGreaterThanOrEqual(1);
        items += dimension.items.length;
        for (const item of dimension.items) {
          expect(Object.keys(item.anchors).sort()).toEqual(["0", "1", "2", "3", "4", "5"]);
          expect(item.question.length).toBeGreaterThan(20);
          for (const anchor of Object.values(item.anchors)) expect(String(anchor).length).toBeGreaterThan(5);
        }
      }
    }
    expect(items).toBeGreaterThanOrEqual(96);
  });

  it("has a stable content hash: loading twice gives the same version", async () => {
    const [a, b] = await Promise.all([loadInstrumentDir(dir), loadInstrumentDir(dir)]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.instrument.version).toBe(b.instrument.version);
  });

  it("is summarised by `questionnaires check --json` with per-level counts", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["questionnaires", "check", "--json"], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => "" });
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as { id: string; version: string; levels: { id: string; dimensions: number; items: number }[] }[];
    const instrument = summary.find((s) => s.id === "digital-government")!;
    expect(instrument.version).toMatch(/^[0-9a-f]{64}$/);
    expect(instrument.levels.map((l) => l.id)).toEqual(["institutional", "organisational", "individual", "societal"]);
    for (const level of instrument.levels) {
      expect(level.dimensions).toBeGreaterThanOrEqual(6);
      expect(level.items).toBeGreaterThanOrEqual(24);
    }
  });

  it("is complete in every language it offers: `questionnaires check --strict` passes, nothing untranslated or stale", async () => {
    const result = await loadInstrumentDir(dir);
    if (!result.ok) throw new Error("instrument does not load");
    expect(result.instrument.languages.map((l) => l.code).sort()).toEqual(["ar", "es", "fr", "pt", "ru", "zh"]);
    for (const { code } of result.instrument.languages)
      expect({ code, ...translationStatus(result.instrument, code) }).toEqual({ code, untranslated: [], stale: [] });
    const err: string[] = [];
    const code = await runCli(["questionnaires", "check", "--strict", "--dir", dir], {
      stdout: () => {},
      stderr: (t) => err.push(t),
      readStdin: async () => "",
    });
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
  });
});
