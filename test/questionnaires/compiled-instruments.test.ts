// Instruments compiled once (src/questionnaires/compiled-instruments.ts): a later start reads what an earlier start
// validated, any changed file compiles the folder again, and a damaged compiled file is never trusted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { InstrumentCatalog } from "../../src/questionnaires/catalog";
import { loadCompiled } from "../../src/questionnaires/compiled-instruments";
import { loadInstrumentDir } from "../../src/questionnaires/loader";

function copyOfDefaultInstrument(): { root: string; folder: string; cache: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "cna-compiled-"));
  const root = path.join(base, "questionnaires");
  const folder = path.join(root, "digital-government");
  fs.cpSync(path.join(projectRoot, "questionnaires", "digital-government"), folder, { recursive: true });
  return { root, folder, cache: path.join(base, "cache") };
}

const compiledFiles = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith(".json")) : []);

describe("compiled instruments", () => {
  it("reads a later start from what the first start compiled, and compiles again when a file changes", async () => {
    const { root, folder, cache } = copyOfDefaultInstrument();
    const dir = path.join(root, "digital-government");
    let parsed = 0;
    const countingLoad = (d: string) => {
      parsed++;
      return loadInstrumentDir(d);
    };
    const first = await loadCompiled(dir, cache, countingLoad);
    expect(first.ok).toBe(true);
    expect(parsed).toBe(1);
    expect(compiledFiles(cache)[0]).toMatch(/^instrument-digital-government-[0-9a-f]{32}\.json$/);

    const second = await loadCompiled(dir, cache, countingLoad);
    expect(parsed).toBe(1);
    expect(second.ok && first.ok && second.instrument).toEqual(first.ok && first.instrument);

    // Any file of the folder changed (here a translation): compiled again from the files, under a new name.
    const translation = fs.readdirSync(path.join(folder, "translations")).find((f) => f.endsWith(".yaml"))!;
    fs.appendFileSync(path.join(folder, "translations", translation), "\n# a comment changes the bytes, not the meaning\n");
    await loadCompiled(dir, cache, countingLoad);
    expect(parsed).toBe(2);
    expect(compiledFiles(cache)).toHaveLength(2);
    // The catalogue reads it the same way at start-up.
    expect((await InstrumentCatalog.load(root, { cacheDir: cache })).current("digital-government")!.version).toBe(first.ok && first.instrument.version);
  });

  it("replaces a damaged or invalid compiled file by loading the files again", async () => {
    const { root, cache } = copyOfDefaultInstrument();
    const first = (await InstrumentCatalog.load(root, { cacheDir: cache })).current("digital-government")!;
    const [compiled] = compiledFiles(cache);
    const stored = JSON.parse(fs.readFileSync(path.join(cache, compiled), "utf8"));
    // Not JSON; not an instrument; an instrument whose content was changed by hand (its version hash no longer fits).
    for (const damage of ["{ not json", JSON.stringify({ id: "digital-government", levels: "none" }), JSON.stringify({ ...stored, title: "Edited by hand" })]) {
      fs.writeFileSync(path.join(cache, compiled), damage);
      const again = (await InstrumentCatalog.load(root, { cacheDir: cache })).current("digital-government")!;
      expect(again).toEqual(first);
      expect(() => JSON.parse(fs.readFileSync(path.join(cache, compiled), "utf8"))).not.toThrow();
    }
  });

  it("never compiles a folder with errors: start-up stops with its located messages", async () => {
    const { root, folder, cache } = copyOfDefaultInstrument();
    const file = path.join(folder, "instrument.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^id: .*$/m, "id: Not A Valid Id"));
    await expect(InstrumentCatalog.load(root, { cacheDir: cache })).rejects.toThrow(/instrument\.yaml:\d+:\d+/);
    expect(compiledFiles(cache)).toHaveLength(0);
  });
});
