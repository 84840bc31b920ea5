import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, instrumentVersion, sha256Hex } from "../../src/questionnaires/hash";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));
const temporaryDirs: string[] = [];

async function copyOfSample(): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "cna-hash-"));
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

async function versionOf(dir: string): Promise<string> {
  const result = await loadInstrumentDir(dir);
  if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
  return result.instrument.version;
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and leaves arrays in order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it("is the same for the same data built in another key order", () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it("leaves out undefined values and refuses values JSON cannot hold", () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(TypeError);
  });
});

describe("instrumentVersion", () => {
  it("hashes everything but the version field", () => {
    const content = { id: "x", title: "T" };
    expect(instrumentVersion({ ...content, version: "anything" })).toBe(instrumentVersion(content));
    expect(instrumentVersion(content)).toBe(sha256Hex('{"id":"x","title":"T"}'));
    expect(instrumentVersion(content)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the version of a loaded instrument", () => {
  it("is the same when the same files are loaded twice", async () => {
    expect(await versionOf(sampleDir)).toBe(await versionOf(sampleDir));
  });

  it("is the same for a copy of the files in another place", async () => {
    expect(await versionOf(await copyOfSample())).toBe(await versionOf(sampleDir));
  });

  it("changes when an English string changes", async () => {
    const dir = await copyOfSample();
    await edit(path.join(dir, "levels/organisational.yaml"), "Are data sets catalogued with an owner?", "Are data sets catalogued, each with an owner?");
    expect(await versionOf(dir)).not.toBe(await versionOf(sampleDir));
  });

  it("changes when a weight, a threshold or a translation changes", async () => {
    const reference = await versionOf(sampleDir);
    const edits: [string, string, string][] = [
      ["levels/individual.yaml", "weight: 2", "weight: 3"],
      ["instrument.yaml", "high: 1.5", "high: 1.6"],
      ["translations/fr.yaml", "Niveau individuel", "Niveau de l'individu"],
    ];
    for (const [file, from, to] of edits) {
      const dir = await copyOfSample();
      await edit(path.join(dir, file), from, to);
      expect(await versionOf(dir), `${file}: ${from} → ${to}`).not.toBe(reference);
    }
  });

  it("does not change with comments, blank lines or the quoting style of a string", async () => {
    const dir = await copyOfSample();
    await edit(path.join(dir, "levels/individual.yaml"), "id: individual\n", "# The individual level.\nid: individual\n\n");
    await edit(path.join(dir, "levels/individual.yaml"), "title: Individual level", 'title: "Individual level"');
    expect(await versionOf(dir)).toBe(await versionOf(sampleDir));
  });
});
