// The restore guard decides "the app is running" from the database file itself (a lock beside it), so it holds
// whichever way DATA_DIR and DATABASE_PATH point: the running app's database is never overwritten.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { backupDatabase } from "../../src/db/backup";
import { openDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";
import { startChildApp, type ChildApp } from "../support/child-app";

function collect() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), readStdin: async () => "" }, out, err };
}

async function restore(file: string, env: Record<string, string>) {
  const output = collect();
  const code = await runCli(["db", "restore", file], output.io, { LOG_LEVEL: "silent", SEED_DEMO: "false", ...env });
  return { code, stderr: output.err.join(""), stdout: output.out.join("") };
}

/** A backup of an empty, migrated database: restoring it over a live one would lose everything. */
async function emptyBackup(): Promise<string> {
  const source = path.join(makeTempDir(), "source.sqlite");
  openDatabase(source).close();
  const file = path.join(makeTempDir(), "empty-backup.sqlite");
  await backupDatabase(source, file);
  return file;
}

const staffCount = (file: string) => {
  const db = openDatabase(file);
  try {
    return db.sqlite.prepare("select count(*) from users").pluck().get() as number;
  } finally {
    db.close();
  }
};

describe("db restore while the app runs", () => {
  let backup: string;
  beforeAll(async () => {
    backup = await emptyBackup();
  });

  describe("the app started with DATA_DIR only", () => {
    let app: ChildApp;
    let dataDir: string;
    let live: string;
    beforeAll(async () => {
      dataDir = makeTempDir();
      live = path.join(dataDir, "cna.sqlite");
      app = await startChildApp({ DATA_DIR: dataDir, SEED_DEMO: "false", ADMIN_EMAIL: "admin@example.org", ADMIN_PASSWORD: "a long enough admin password" });
    });
    afterAll(() => app.stop());

    it("refuses a restore that names the live database through DATABASE_PATH with another DATA_DIR", async () => {
      const refused = await restore(backup, { DATA_DIR: makeTempDir(), DATABASE_PATH: live });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The app is running (pid ${app.process.pid})`);
    });

    it("refuses it through a relative path and through a symbolic link to the data folder", async () => {
      expect((await restore(backup, { DATA_DIR: makeTempDir(), DATABASE_PATH: path.relative(process.cwd(), live) })).code).toBe(1);
      const link = path.join(makeTempDir(), "linked");
      fs.symlinkSync(dataDir, link);
      expect((await restore(backup, { DATABASE_PATH: path.join(link, "cna.sqlite") })).code).toBe(1);
      expect((await restore(backup, { DATA_DIR: link })).code).toBe(1);
    });

    it("keeps serving the untouched database, and lets a second app start on it not at all", async () => {
      expect(staffCount(live)).toBe(1);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      await expect(startChildApp({ DATA_DIR: makeTempDir(), DATABASE_PATH: live, SEED_DEMO: "false" })).rejects.toThrow(/The app is running/);
    });

    it("allows a restore into another database file, even in the same DATA_DIR", async () => {
      const other = await restore(backup, { DATA_DIR: dataDir, DATABASE_PATH: path.join(makeTempDir(), "other.sqlite") });
      expect(other.code).toBe(0);
    });

    it("allows the restore once the app has stopped, which removes its lock", async () => {
      await app.stop();
      expect(fs.existsSync(`${live}.lock`)).toBe(false);
      const done = await restore(backup, { DATA_DIR: makeTempDir(), DATABASE_PATH: live });
      expect(done.code).toBe(0);
      expect(staffCount(live)).toBe(0);
    });
  });

  describe("the app started with DATABASE_PATH outside its DATA_DIR", () => {
    let app: ChildApp;
    let live: string;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = makeTempDir();
      live = path.join(makeTempDir(), "elsewhere.sqlite");
      app = await startChildApp({
        DATA_DIR: dataDir,
        DATABASE_PATH: live,
        SEED_DEMO: "false",
        ADMIN_EMAIL: "admin@example.org",
        ADMIN_PASSWORD: "a long enough admin password",
      });
    });
    afterAll(() => app.stop());

    it("refuses a restore of that file with any DATA_DIR, and allows one of the DATA_DIR's default file", async () => {
      expect((await restore(backup, { DATABASE_PATH: live })).code).toBe(1);
      expect((await restore(backup, { DATA_DIR: dataDir, DATABASE_PATH: live })).code).toBe(1);
      expect(staffCount(live)).toBe(1);
      // The app does not use <DATA_DIR>/cna.sqlite: restoring there touches nothing it serves.
      expect((await restore(backup, { DATA_DIR: dataDir })).code).toBe(0);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(staffCount(live)).toBe(1);
    });
  });
});
