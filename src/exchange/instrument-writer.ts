// Writes an imported instrument folder all or nothing: the files go to a temporary folder next to the target, are
// loaded back with the instrument loader (every rule of docs/instrument-format.md), and only a valid folder is
// renamed into place. A folder that already exists is never overwritten.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadInstrumentDir } from "../questionnaires/loader";
import type { Instrument } from "../questionnaires/schema";
import type { InstrumentFolder, XlsFormProblem } from "./xlsform-import";

export type WriteResult = { ok: true; dir: string; instrument: Instrument } | { ok: false; problems: XlsFormProblem[] };

async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch {
    return false;
  }
}

export async function writeInstrumentFolder(folder: InstrumentFolder, parentDir: string): Promise<WriteResult> {
  const target = path.join(parentDir, folder.id);
  if (await exists(target))
    return {
      ok: false,
      problems: [
        { sheet: "settings", row: 2, column: "form_id", message: `an instrument folder "${folder.id}" already exists in ${parentDir}: choose another form_id` },
      ],
    };
  await mkdir(parentDir, { recursive: true });
  // The temporary folder is a sibling of the target, so the final rename stays on one file system (atomic).
  const staging = await mkdtemp(path.join(parentDir, `.import-${folder.id}-`));
  try {
    const dir = path.join(staging, folder.id);
    for (const [relative, content] of folder.files) {
      await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await writeFile(path.join(dir, relative), content, "utf8");
    }
    const loaded = await loadInstrumentDir(dir);
    if (!loaded.ok) {
      return {
        ok: false,
        problems: loaded.errors.map((e) => ({ sheet: "", row: 0, column: e.field, message: `${path.relative(dir, e.file) || e.file}: ${e.message}` })),
      };
    }
    if (await exists(target))
      return {
        ok: false,
        problems: [{ sheet: "settings", row: 2, column: "form_id", message: `an instrument folder "${folder.id}" already exists in ${parentDir}` }],
      };
    await rename(dir, target);
    return { ok: true, dir: target, instrument: loaded.instrument };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
