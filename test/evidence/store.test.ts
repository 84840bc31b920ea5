// The content-addressed store: files under evidence/ab/<sha256>, written once, and swept of what no row names.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EvidenceStore } from "../../src/evidence/store";
import { makeTempDir } from "../support/app";

describe("the evidence store", () => {
  it("stores a file once under its SHA-256, in a folder named by the first two digits", async () => {
    const store = new EvidenceStore(makeTempDir());
    const content = Buffer.from("minutes of the steering committee");
    const digest = await store.put(content);
    expect(digest).toBe(EvidenceStore.sha256(content));
    const file = path.join(store.root, digest.slice(0, 2), digest);
    expect(fs.readFileSync(file).equals(content)).toBe(true);
    expect(await store.put(content)).toBe(digest);
    expect(store.digests()).toEqual([digest]);
    expect(fs.readdirSync(path.join(store.root, "tmp"))).toEqual([]);
  });

  it("sweeps temporary files and files no row names, and keeps the others", async () => {
    const store = new EvidenceStore(makeTempDir());
    const kept = await store.put(Buffer.from("kept"));
    const orphan = await store.put(Buffer.from("orphan"));
    fs.writeFileSync(path.join(store.root, "tmp", "half-written"), "partial");
    expect(store.sweep((digest) => digest === kept)).toEqual({ temporary: 1, orphans: 1 });
    expect(store.has(kept)).toBe(true);
    expect(store.has(orphan)).toBe(false);
  });

  it("does not delete a file an upload in flight has stored but not yet recorded", async () => {
    const store = new EvidenceStore(makeTempDir());
    const digest = await store.put(Buffer.from("in flight"));
    store.removeIfUnreferenced(digest, () => false);
    expect(store.has(digest)).toBe(true);
    store.release(digest);
    store.removeIfUnreferenced(digest, () => false);
    expect(store.has(digest)).toBe(false);
  });

  it("refuses a name that is not a digest", () => {
    expect(() => new EvidenceStore(makeTempDir()).pathOf("../../secret.key")).toThrow(/SHA-256/);
  });
});
