// Evidence files travel with database backups: `db backup <file>` copies them into the folder `<file>.evidence`
// beside the copy (the same evidence/ab/<sha256> layout), `db restore <file>` copies them back under DATA_DIR.
// Files are content-addressed and never change, so copying them beside a consistent database copy is consistent:
// what is present is copied before the database copy (nothing added meanwhile is missed), and what the copy names
// is checked after it (nothing removed meanwhile is missed).
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { EvidenceStore } from "./store";

export function evidenceFolderOf(backupFile: string): string {
  return `${backupFile}.evidence`;
}

function copyInto(from: EvidenceStore, to: EvidenceStore, digest: string): boolean {
  if (to.has(digest)) return true;
  if (!from.has(digest)) return false;
  fs.mkdirSync(path.dirname(to.pathOf(digest)), { recursive: true });
  fs.copyFileSync(from.pathOf(digest), to.pathOf(digest));
  return true;
}

/** The digests a database (file) names. */
function digestsNamedBy(databaseFile: string): string[] {
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const hasTable = database.prepare("select 1 from sqlite_master where type = 'table' and name = 'evidence'").get();
    return hasTable ? (database.prepare("select distinct sha256 from evidence where sha256 is not null").pluck().all() as string[]) : [];
  } finally {
    database.close();
  }
}

/** Step 1, before the database copy: every file present. */
export function copyPresentEvidence(dataDir: string, backupFile: string): number {
  const live = new EvidenceStore(dataDir);
  const copy = new EvidenceStore("", evidenceFolderOf(backupFile));
  const digests = live.digests();
  for (const digest of digests) copyInto(live, copy, digest);
  return digests.length;
}

/** Step 2, after it: what the copy names and is not there yet; then what it does not name is dropped. */
export function completeEvidenceBackup(dataDir: string, backupFile: string): { files: number; missing: string[] } {
  const live = new EvidenceStore(dataDir);
  const copy = new EvidenceStore("", evidenceFolderOf(backupFile));
  const named = new Set(digestsNamedBy(backupFile));
  const missing = [...named].filter((digest) => !copyInto(live, copy, digest));
  copy.sweep((digest) => named.has(digest));
  fs.rmSync(path.join(copy.root, "tmp"), { recursive: true, force: true });
  return { files: named.size - missing.length, missing };
}

/** Copies the files kept beside a backup back under DATA_DIR (those already there are left as they are). */
export function restoreEvidence(backupFile: string, dataDir: string): number {
  const copy = new EvidenceStore("", evidenceFolderOf(backupFile));
  const live = new EvidenceStore(dataDir);
  let restored = 0;
  for (const digest of copy.digests()) if (!live.has(digest) && copyInto(copy, live, digest)) restored += 1;
  return restored;
}
