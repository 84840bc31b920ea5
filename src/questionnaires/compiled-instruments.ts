// Instruments as an earlier start validated them, kept under DATA_DIR/cache: reading and checking 1.7 MB of YAML in
// six languages took most of a later start-up. A folder is compiled again whenever any of its files changes (the key
// is a digest of every file's path and bytes), and a compiled file is itself parsed with the instrument schema, so a
// damaged or hand-edited one is never trusted (its content no longer matches its version hash): it is replaced.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadInstrumentDir, type LoadResult } from "./loader";
import { parseStoredInstrument, type Instrument } from "./schema";

/** Files under `dir`, relative and sorted, so the digest does not depend on the order the system lists them in. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function digestOf(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await filesOf(dir)) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dir, file)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 32);
}

/** The folder's instrument: compiled by an earlier start when its files are unchanged, else loaded and compiled. */
export async function loadCompiled(dir: string, cacheDir: string, load: (dir: string) => Promise<LoadResult> = loadInstrumentDir): Promise<LoadResult> {
  let digest: string;
  try {
    digest = await digestOf(dir);
  } catch {
    // A folder that cannot be listed: the loader says what is wrong with it, located.
    return load(dir);
  }
  const file = path.join(cacheDir, `instrument-${path.basename(path.resolve(dir))}-${digest}.json`);
  try {
    const text = await readFile(file, "utf8");
    // The file as this app wrote it (its bytes' digest, written beside it, matches): the instrument it holds was
    // validated when it was written, so it is read as it is (validating 2 MB again took a third of a start-up).
    const written = await readFile(`${file}.sha256`, "utf8").catch(() => null);
    if (written !== null && written === sha256(text)) return { ok: true, dir, instrument: JSON.parse(text) as Instrument, warnings: [] };
    const instrument = parseStoredInstrument(JSON.parse(text));
    await writeAtomically(`${file}.sha256`, sha256(text));
    return { ok: true, dir, instrument, warnings: [] };
  } catch {
    // Not compiled yet, or unreadable: load from the files.
  }
  const result = await load(dir);
  if (result.ok) {
    await mkdir(cacheDir, { recursive: true });
    const text = JSON.stringify(result.instrument);
    await writeAtomically(file, text);
    await writeAtomically(`${file}.sha256`, sha256(text));
  }
  return result;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}
