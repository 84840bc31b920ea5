// Cached counts are never stale: a write to a table they read, by this connection (triggers included, rollbacks
// undone) or any commit by another process's connection, makes the next read compute again; otherwise (nothing
// written, or only other tables, as a session being touched) the result is reused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { cachedUntilWrite } from "../../src/db/versioned-cache";

describe("counts cached until the database changes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cna-cache-"));
  const file = path.join(dir, "cache.sqlite");
  const app = openDatabase(file, { migrate: false });
  const other = openDatabase(file, { migrate: false });
  afterAll(() => {
    app.close();
    other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  app.sqlite.exec(
    "create table t (n integer); create table log (n integer); create table feed (n integer); create trigger feed_t after insert on feed begin insert into t values (new.n); end; insert into t values (1)",
  );
  let computed = 0;
  const sum = () => cachedUntilWrite(app, ["t"], "sum", () => (computed++, app.sqlite.prepare("select sum(n) from t").pluck().get() as number));

  it("reuses a result while nothing is written, and computes again after a write from this connection or another", () => {
    expect(sum()).toBe(1);
    expect(sum()).toBe(1);
    expect(computed).toBe(1);
    app.sqlite.prepare("insert into t values (2)").run();
    expect(sum()).toBe(3);
    expect(computed).toBe(2);
    // Another connection (the command line, another process) commits: its change is seen at once.
    other.sqlite.prepare("insert into t values (4)").run();
    expect(sum()).toBe(7);
    other.sqlite.prepare("update t set n = n + 1 where n = 4").run();
    expect(sum()).toBe(8);
    expect(computed).toBe(4);
    expect(sum()).toBe(8);
    expect(computed).toBe(4);
    // A write to another table of this connection keeps it; one that reaches the table through a trigger does not.
    app.sqlite.prepare("insert into log values (100)").run();
    expect(sum()).toBe(8);
    expect(computed).toBe(4);
    app.sqlite.prepare("insert into feed values (10)").run();
    expect(sum()).toBe(18);
    expect(computed).toBe(5);
  });

  it("computes again inside a transaction of this connection that wrote, and after it rolls back", () => {
    const before = sum();
    const tx = app.sqlite.transaction(() => {
      app.sqlite.prepare("update t set n = 0").run();
      expect(sum()).toBe(0);
      throw new Error("roll back");
    });
    expect(() => tx()).toThrow("roll back");
    expect(sum()).toBe(before);
  });
});
