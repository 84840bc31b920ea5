// Evidence files, content-addressed under DATA_DIR/evidence: a file's path is its SHA-256 (evidence/ab/abcdef…), so
// the same file attached twice is stored once and a stored file never changes. A file is written to a temporary
// name, synced, renamed into place and its folder synced before any row names it; a crash leaves at worst an
// unreferenced file or a temporary one, both removed at the next start (`sweep`). See docs/evidence.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SHA256 = /^[0-9a-f]{64}$/;
const TEMPORARY = "tmp";

export class EvidenceStore {
  readonly root: string;
  /** Digests stored by uploads whose rows are not committed yet: never deleted meanwhile (one process per database). */
  private readonly pending = new Map<string, number>();

  /** The store of a data folder (`DATA_DIR/evidence`), or of the folder given as `root` (a backup's copy). */
  constructor(dataDir: string, root = path.join(dataDir, "evidence")) {
    this.root = root;
  }

  static sha256(content: Buffer): string {
    return crypto.createHash("sha256").update(content).digest("hex");
  }

  /** Where the file with this digest lives (whether or not it exists). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error("evidence store: not a SHA-256 digest");
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /**
   * Stores the bytes (durably: synced file, synced folder) and returns their digest; storing them again is a no-op.
   * The digest stays pending (safe from removal) until `release` is called, once its row is committed or refused.
   */
  async put(content: Buffer): Promise<string> {
    const sha256 = EvidenceStore.sha256(content);
    const target = this.pathOf(sha256);
    this.pending.set(sha256, (this.pending.get(sha256) ?? 0) + 1);
    if (fs.existsSync(target)) return sha256;
    const folder = path.dirname(target);
    const temporaryFolder = path.join(this.root, TEMPORARY);
    await fs.promises.mkdir(folder, { recursive: true });
    await fs.promises.mkdir(temporaryFolder, { recursive: true });
    const temporary = path.join(temporaryFolder, `${sha256}.${process.pid}.${crypto.randomBytes(6).toString("hex")}`);
    const handle = await fs.promises.open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, target);
    await syncFolder(folder);
    return sha256;
  }

  /** `put` for start-up work that cannot wait (the demo seed): the same durable steps, synchronously. */
  putSync(content: Buffer): string {
    const sha256 = EvidenceStore.sha256(content);
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return sha256;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.mkdirSync(path.join(this.root, TEMPORARY), { recursive: true });
    const temporary = path.join(this.root, TEMPORARY, `${sha256}.${process.pid}.${crypto.randomBytes(6).toString("hex")}`);
    const descriptor = fs.openSync(temporary, "wx", 0o600);
    try {
      fs.writeFileSync(descriptor, content);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, target);
    if (process.platform !== "win32") {
      const folder = fs.openSync(path.dirname(target), "r");
      fs.fsyncSync(folder);
      fs.closeSync(folder);
    }
    return sha256;
  }

  read(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  /** Every digest stored. */
  digests(): string[] {
    if (!fs.existsSync(this.root)) return [];
    const found: string[] = [];
    for (const prefix of fs.readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of fs.readdirSync(path.join(this.root, prefix))) if (SHA256.test(name) && name.startsWith(prefix)) found.push(name);
    }
    return found;
  }

  /**
   * Removes temporary files and every stored file that no row names (`isReferenced`): what an interrupted upload or
   * a removed attachment left. Run at start-up, before requests are served. Returns how many files went.
   */
  sweep(isReferenced: (sha256: string) => boolean): { temporary: number; orphans: number } {
    let temporary = 0;
    const temporaryFolder = path.join(this.root, TEMPORARY);
    if (fs.existsSync(temporaryFolder))
      for (const name of fs.readdirSync(temporaryFolder)) {
        fs.rmSync(path.join(temporaryFolder, name), { force: true });
        temporary += 1;
      }
    let orphans = 0;
    for (const digest of this.digests())
      if (!isReferenced(digest)) {
        fs.rmSync(this.pathOf(digest), { force: true });
        orphans += 1;
      }
    return { temporary, orphans };
  }

  release(sha256: string): void {
    const count = (this.pending.get(sha256) ?? 1) - 1;
    if (count > 0) this.pending.set(sha256, count);
    else this.pending.delete(sha256);
  }

  /** Deletes one stored file when no row names it any more and no upload is about to. */
  removeIfUnreferenced(sha256: string, isReferenced: (sha256: string) => boolean): void {
    if (!this.pending.has(sha256) && !isReferenced(sha256)) fs.rmSync(this.pathOf(sha256), { force: true });
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for syncing; there the rename is as durable as the file system makes it.
  if (process.platform === "win32") return;
  const handle = await fs.promises.open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
