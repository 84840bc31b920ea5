// Backups while the app serves, and restore refused while it runs.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { backupDatabase, inspectBackup, restoreDatabase } from "../../src/db/backup";
import { acquireDatabaseLock, databaseLockHolder, databaseLockPath } from "../../src/db/database-lock";
import { openDatabase } from "../../src/db/client";
import { startTestApp, makeTempDir, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { lookupOf } from "../../src/assessments/tokens";
import { prepareEvidence, recordEvidence } from "../../src/evidence/service";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers } from "../../src/responses/service";

function collect() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), readStdin: async () => "" }, out, err };
}

describe("backup and restore", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("round-trips an assessment: backup while serving, change, restore, and the assessment is as it was", async () => {
    const assessment = anAssessment(app.context, { status: "open", round: "Backup" });
    const { token } = anInvitation(app.context, assessment);
    aSubmittedResponse(app.context, token, { current: 1, target: 3, importance: 2 });
    const answersBefore = app.context.database.sqlite.prepare("select count(*) from answers").pluck().get();
    const file = path.join(makeTempDir(), "backup.sqlite");
    // The app keeps serving during the backup.
    const [backup, health] = await Promise.all([backupDatabase(app.context.config.databasePath, file), fetch(`${app.url}/healthz`)]);
    expect(health.status).toBe(200);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(inspectBackup(file).migrations).toBeGreaterThan(0);

    // Restore into a fresh data folder, as an administrator moving to a new server would.
    const dataDir = makeTempDir();
    const target = path.join(dataDir, "cna.sqlite");
    restoreDatabase(file, target);
    const restored = openDatabase(target);
    expect(restored.sqlite.prepare("select round_label from assessments where id = ?").pluck().get(assessment.id)).toBe("Backup");
    expect(restored.sqlite.prepare("select count(*) from answers").pluck().get()).toBe(answersBefore);
    expect(restored.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
  });

  it("keeps the database a restore replaces, with its last writes, so a wrong restore can be undone", async () => {
    const empty = path.join(makeTempDir(), "empty.sqlite");
    const dataDir = makeTempDir();
    const target = path.join(dataDir, "cna.sqlite");
    await backupDatabase(app.context.config.databasePath, empty);
    expect(restoreDatabase(empty, target)).toBeNull();
    const live = openDatabase(target);
    live.sqlite
      .prepare(
        "insert into countries (iso3, m49, name, region, subregion, groups) select 'XZZ', '999', 'Lastwrite', region, subregion, groups from countries limit 1",
      )
      .run();
    live.close();
    const previous = restoreDatabase(empty, target, new Date("2026-01-02T03:04:05Z"));
    expect(previous).toBe(`${target}.before-restore-2026-01-02T03-04-05-000Z`);
    const kept = openDatabase(previous!);
    expect(kept.sqlite.prepare("select name from countries where iso3 = 'XZZ'").pluck().get()).toBe("Lastwrite");
    kept.close();
    const restored = openDatabase(target);
    expect(restored.sqlite.prepare("select count(*) from countries where iso3 = 'XZZ'").pluck().get()).toBe(0);
    restored.close();
  });

  it("refuses to restore while the app runs on the database file", async () => {
    const dataDir = makeTempDir();
    const database = path.join(dataDir, "cna.sqlite");
    const backup = path.join(makeTempDir(), "b.sqlite");
    await backupDatabase(app.context.config.databasePath, backup);
    // A live node process other than this one holds the lock: our parent process (vitest) stands in for the server.
    fs.writeFileSync(databaseLockPath(database), String(process.ppid));
    expect(databaseLockHolder(database)).toBe(process.ppid);
    expect(() => restoreDatabase(backup, database)).toThrow(/The app is running .* stop it first/);
    // A stale lock left by a crashed server does not block, and is taken over.
    fs.writeFileSync(databaseLockPath(database), "999999");
    expect(databaseLockHolder(database)).toBeNull();
    expect(restoreDatabase(backup, database)).toBeNull();
    expect(fs.existsSync(databaseLockPath(database))).toBe(false);
  });

  it("refuses a file that is not a database of this application", () => {
    const bogus = path.join(makeTempDir(), "x.sqlite");
    fs.writeFileSync(bogus, "not a database at all");
    expect(() => inspectBackup(bogus)).toThrow(/cannot be opened|not a readable database|file is not a database/);
  });

  it("backs up the evidence files beside the copy (<file>.evidence) and brings them back with db restore", async () => {
    const dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false" };
    const evidenceApp = await startTestApp({ DATA_DIR: dataDir });
    const assessment = anAssessment(evidenceApp.context, { status: "open", round: "Evidence backup" });
    const { token } = anInvitation(evidenceApp.context, assessment);
    const invitation = findInvitationByLookup(evidenceApp.context.database, lookupOf(token))!;
    const itemId = evidenceApp.context.instruments.current("digital-government")!.levels[0].dimensions[0].items[0].id;
    const content = Buffer.from("Minutes of the steering committee, backed up.\n");
    const prepared = await prepareEvidence(evidenceApp.context.config, [{ itemId, files: [{ originalName: "minutes.txt", content }] }]);
    evidenceApp.context.database.sqlite.transaction(() => {
      saveAnswers(evidenceApp.context.database, invitation, [], { source: "form", now: new Date() });
      recordEvidence(evidenceApp.context.database, evidenceApp.context.config, invitation, prepared, new Date());
    })();
    const digest = prepared.digests[0];
    const file = path.join(makeTempDir(), "with-evidence.sqlite");
    const backup = collect();
    // While the app runs, as an administrator would.
    expect(await runCli(["db", "backup", file], backup.io, env)).toBe(0);
    expect(backup.out.join("")).toContain("1 evidence files");
    expect(fs.readFileSync(path.join(`${file}.evidence`, digest.slice(0, 2), digest)).equals(content)).toBe(true);
    await evidenceApp.close();

    // The evidence folder is lost; restore brings back the database and its files.
    fs.rmSync(path.join(dataDir, "evidence"), { recursive: true, force: true });
    const restore = collect();
    expect(await runCli(["db", "restore", file], restore.io, env)).toBe(0);
    expect(restore.out.join("")).toContain("1 evidence files");
    expect(fs.readFileSync(path.join(dataDir, "evidence", digest.slice(0, 2), digest)).equals(content)).toBe(true);
    const restored = openDatabase(path.join(dataDir, "cna.sqlite"));
    expect(restored.sqlite.prepare("select sha256 from evidence").pluck().all()).toEqual([digest]);
    restored.close();
  });

  it("works through the CLI: db backup then db restore", async () => {
    const dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false" };
    openDatabase(path.join(dataDir, "cna.sqlite")).close();
    const file = path.join(makeTempDir(), "cli-backup.sqlite");
    const backup = collect();
    expect(await runCli(["db", "backup", file], backup.io, env)).toBe(0);
    expect(backup.out.join("")).toContain("Backed up");
    const restore = collect();
    expect(await runCli(["db", "restore", file], restore.io, env)).toBe(0);
    const release = acquireDatabaseLock(path.join(dataDir, "cna.sqlite"));
    expect(fs.readFileSync(path.join(dataDir, "cna.sqlite.lock"), "utf8").trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dataDir, "cna.sqlite.lock"))).toBe(false);
  });
});
