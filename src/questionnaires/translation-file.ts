// Writes an instrument's translations/<lang>.yaml (and declares the language in instrument.yaml) all or nothing:
// the new files are written beside the old ones, the folder is loaded again, and on any error the old files return.
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { isMap, isSeq, parseDocument, stringify, YAMLMap } from "yaml";
import { formatLocated, loadInstrumentDir, type LoadResult } from "./loader";
import type { TranslationEntry } from "./translation-workbook";

export type WriteTranslationsResult = { ok: true; file: string; result: Extract<LoadResult, { ok: true }> } | { ok: false; errors: string[] };

/** The text of a translations file, in the order of the keys given. */
export function translationFileText(lang: string, entries: Record<string, TranslationEntry>): string {
  const strings: Record<string, { source: string; text: string }> = {};
  for (const [key, entry] of Object.entries(entries)) strings[key] = { source: entry.source, text: entry.text };
  return `# ${lang} translations; "source" is the first 8 hex of the SHA-256 of the English text translated (docs/instrument-format.md).\n${stringify({ language: lang, strings }, { lineWidth: 0 })}`;
}

/** instrument.yaml with `lang` declared in `languages` (comments and layout kept); unchanged when already there. */
export function declareLanguage(instrumentYaml: string, lang: string, fallback?: string): string {
  const doc = parseDocument(instrumentYaml);
  let languages = doc.get("languages");
  if (!isSeq(languages)) {
    doc.set("languages", doc.createNode([]));
    languages = doc.get("languages");
  }
  if (!isSeq(languages)) throw new Error("instrument.yaml: languages is not a list");
  const declared = languages.items.some((entry) => isMap(entry) && (entry as YAMLMap).get("code") === lang);
  if (declared) return instrumentYaml;
  languages.flow = false;
  languages.items.push(doc.createNode(fallback ? { code: lang, fallback } : { code: lang }));
  return doc.toString();
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function replaceFile(file: string, content: string | undefined): Promise<void> {
  if (content === undefined) {
    await rm(file, { force: true });
    return;
  }
  // Write then rename, so a crash leaves the old or the new file, never half of one.
  const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, content, "utf8");
  await rename(temp, file);
}

/**
 * Replaces the translations of `lang` in an instrument folder. The language is declared (with `fallback`, which
 * defaults to the source language) when it is not yet. If the folder no longer loads, nothing is changed.
 */
export async function writeTranslations(
  dir: string,
  lang: string,
  entries: Record<string, TranslationEntry>,
  fallback = "en",
): Promise<WriteTranslationsResult> {
  const headFile = path.join(dir, "instrument.yaml");
  const translationFile = path.join(dir, "translations", `${lang}.yaml`);
  const oldHead = await readIfExists(headFile);
  if (oldHead === undefined) return { ok: false, errors: [`${headFile}: not found`] };
  const oldTranslations = await readIfExists(translationFile);

  await mkdir(path.dirname(translationFile), { recursive: true });
  await replaceFile(translationFile, translationFileText(lang, entries));
  await replaceFile(headFile, declareLanguage(oldHead, lang, fallback));
  const result = await loadInstrumentDir(dir);
  if (!result.ok) {
    await replaceFile(translationFile, oldTranslations);
    await replaceFile(headFile, oldHead);
    return { ok: false, errors: result.errors.map(formatLocated) };
  }
  return { ok: true, file: translationFile, result };
}
