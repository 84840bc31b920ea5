// Two connections on one file, as two worker processes (WEB_CONCURRENCY) or the app and the command line are: a
// transaction that reads, then writes after the other connection committed, must not fail for its stale snapshot.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";

describe("transactions with another connection writing", () => {
  const opened: AppDatabase[] = [];
  afterEach(() => {
    for (const database of opened.splice(0)) database.close();
  });
  const twoConnections = () => {
    const file = path.join(makeTempDir(), "cna.sqlite");
    const first = openDatabase(file);
    const second = openDatabase(file, { migrate: false });
    opened.push(first, second);
    return [first, second];
  };

  it("runs a read-then-write transaction again, as IMMEDIATE, when another connection committed after its read", () => {
    const [mine, other] = twoConnections();
    const count = mine.sqlite.prepare("select count(*) from sign_in_failures").pluck();
    const insert = (database: AppDatabase, subject: string) =>
      database.sqlite
        .prepare("insert into sign_in_failures (scope, subject, failures, started_at, last_failure_at) values ('address', ?, 1, 0, 0)")
        .run(subject);
    let attempts = 0;
    const seen = mine.sqlite.transaction(() => {
      attempts++;
      const before = count.get() as number;
      // Another process commits between this transaction's read and its write (on the first attempt only).
      if (attempts === 1) insert(other, "elsewhere");
      insert(mine, "here");
      return before;
    })();
    expect(attempts).toBe(2);
    // The second attempt read the other connection's row, and both rows are there.
    expect(seen).toBe(1);
    expect(count.get()).toBe(2);
  });

  it("keeps explicit behaviours and nested transactions as they were", () => {
    const [mine] = twoConnections();
    const outer = mine.sqlite.transaction(() => mine.sqlite.transaction(() => mine.sqlite.inTransaction)());
    expect(outer()).toBe(true);
    expect(outer.immediate()).toBe(true);
    expect(outer.deferred()).toBe(true);
    expect(mine.sqlite.inTransaction).toBe(false);
  });
});
