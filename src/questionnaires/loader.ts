// Reads an instrument folder (instrument.yaml, levels/*.yaml, translations/*.yaml) into a validated,
// versioned Instrument. Every problem is reported with its file, line, column and field, so an author
// can go straight to it. With yaml-source.ts (one file read and its positions), the only module of questionnaires/
// that touches the file system.
import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { backgroundFileSchema } from "./background";
import { checkConsistency, formatField, type FieldPath, type Problem } from "./consistency";
import { instrumentVersion } from "./hash";
import { allSourceStrings, translationStatus } from "./i18n";
import { instrumentFileSchema, levelSchema, translationFileSchema, type Instrument, type InstrumentFile, type LevelFile, type TranslationFile } from "./schema";
import { locate, locateInString, readSource, validateSource, wholeFile, type LocatedMessage, type Messages, type SourceFile } from "./yaml-source";

export type { LocatedMessage } from "./yaml-source";

export type LoadResult =
  | { ok: true; dir: string; instrument: Instrument; warnings: LocatedMessage[] }
  | { ok: false; dir: string; errors: LocatedMessage[]; warnings: LocatedMessage[] };

/** `file:line:column field: message`, the form editors and terminals turn into links. */
export function formatLocated(m: LocatedMessage): string {
  const place = m.line > 0 ? `${m.file}:${m.line}:${m.column}` : m.file;
  return m.field ? `${place} ${m.field}: ${m.message}` : `${place}: ${m.message}`;
}

/** How many keys a summary warning names before "and N more". */
const keysShownInSummary = 5;

export function displayPath(dir: string, ...parts: string[]): string {
  const joined = path.join(dir, ...parts);
  if (!path.isAbsolute(joined)) return joined;
  const relative = path.relative(process.cwd(), joined);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : joined;
}

// ---- the folder ----

async function yamlFilesIn(dir: string, displayDir: string, messages: Messages): Promise<string[]> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  for (const name of names.filter((n) => n.endsWith(".yml"))) {
    messages.errors.push(wholeFile(path.join(displayDir, name), `rename to ${name.slice(0, -".yml".length)}.yaml: only .yaml files are read`));
  }
  return names.filter((n) => n.endsWith(".yaml")).sort();
}

function baseName(file: string): string {
  return path.basename(file, ".yaml");
}

function sortMessages(list: LocatedMessage[]): LocatedMessage[] {
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

function summary(keys: string[]): string {
  const shown = keys.slice(0, keysShownInSummary).join(", ");
  return keys.length > keysShownInSummary ? `${shown} and ${keys.length - keysShownInSummary} more` : shown;
}

/** Loads and validates one instrument folder. */
export async function loadInstrumentDir(dir: string): Promise<LoadResult> {
  const messages: Messages = { errors: [], warnings: [] };
  const fail = (): LoadResult => ({ ok: false, dir, errors: sortMessages(messages.errors), warnings: sortMessages(messages.warnings) });
  const folderName = path.basename(path.resolve(dir));

  try {
    await readdir(dir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "folder not found" : `cannot be read: ${(error as Error).message}`;
    messages.errors.push(wholeFile(displayPath(dir), reason));
    return fail();
  }

  const levelsDir = path.join(dir, "levels");
  const translationsDir = path.join(dir, "translations");
  const [levelNames, translationNames] = await Promise.all([
    yamlFilesIn(levelsDir, displayPath(dir, "levels"), messages),
    yamlFilesIn(translationsDir, displayPath(dir, "translations"), messages),
  ]);
  // background.yaml is optional: an instrument without background questions has no file and no `background` field.
  const backgroundPath = path.join(dir, "background.yaml");
  const hasBackground = await access(backgroundPath).then(
    () => true,
    () => false,
  );
  const [head, levelSources, translationSources, backgroundSource] = await Promise.all([
    readSource(path.join(dir, "instrument.yaml"), displayPath(dir, "instrument.yaml"), messages, "not found: every instrument folder needs an instrument.yaml"),
    Promise.all(levelNames.map((name) => readSource(path.join(levelsDir, name), displayPath(dir, "levels", name), messages))),
    Promise.all(
      translationNames.map((name) => readSource(path.join(translationsDir, name), displayPath(dir, "translations", name), messages, "not found", "failsafe")),
    ),
    hasBackground ? readSource(backgroundPath, displayPath(dir, "background.yaml"), messages) : Promise.resolve(undefined),
  ]);
  const backgroundFile = backgroundSource !== undefined ? validateSource(backgroundSource, backgroundFileSchema, messages) : undefined;
  if (head === undefined) return fail();

  // instrument.yaml
  const instrumentFile: InstrumentFile | undefined = validateSource(head, instrumentFileSchema, messages);
  if (instrumentFile !== undefined && instrumentFile.id !== folderName) {
    messages.errors.push({
      file: head.file,
      ...locate(head, ["id"]),
      field: "id",
      message: `"${instrumentFile.id}" must equal the folder name "${folderName}"`,
    });
  }
  const listedLevels = instrumentFile?.levels ?? listedLevelsOf(head);

  // levels/*.yaml
  const levels = new Map<string, { source: SourceFile; level: LevelFile }>();
  const levelSourceById = new Map<string, SourceFile>();
  levelSources.forEach((source, index) => {
    if (source === undefined) return;
    const id = baseName(levelNames[index]);
    levelSourceById.set(id, source);
    const level = validateSource(source, levelSchema, messages);
    if (level === undefined) return;
    if (level.id !== id) {
      messages.errors.push({ file: source.file, ...locate(source, ["id"]), field: "id", message: `"${level.id}" must equal the file name "${id}"` });
      return;
    }
    if (listedLevels !== undefined && !listedLevels.includes(id)) {
      messages.errors.push({
        file: source.file,
        ...locate(source, ["id"]),
        field: "id",
        message: `level "${id}" is not listed in instrument.yaml levels; list it there or remove the file`,
      });
      return;
    }
    levels.set(id, { source, level });
  });
  listedLevels?.forEach((id, index) => {
    if (!levelSourceById.has(id)) {
      messages.errors.push({
        file: head.file,
        ...locate(head, ["levels", index]),
        field: `levels[${index}]`,
        message: `level file levels/${id}.yaml not found`,
      });
    }
  });

  // translations/*.yaml
  const translations = new Map<string, { source: SourceFile; translation: TranslationFile }>();
  translationSources.forEach((source, index) => {
    if (source === undefined) return;
    const lang = baseName(translationNames[index]);
    const translation = validateSource(source, translationFileSchema, messages);
    if (translation === undefined) return;
    if (translation.language !== lang) {
      messages.errors.push({
        file: source.file,
        ...locate(source, ["language"]),
        field: "language",
        message: `"${translation.language}" must equal the file name "${lang}"`,
      });
      return;
    }
    translations.set(lang, { source, translation });
  });

  if (messages.errors.length > 0 || instrumentFile === undefined) return fail();

  const content = {
    id: instrumentFile.id,
    title: instrumentFile.title,
    description: instrumentFile.description,
    sourceLanguage: instrumentFile.sourceLanguage,
    languages: instrumentFile.languages,
    scale: instrumentFile.scale,
    importance: instrumentFile.importance,
    severity: instrumentFile.severity,
    ...(instrumentFile.roadmap !== undefined ? { roadmap: instrumentFile.roadmap } : {}),
    levels: instrumentFile.levels.map((id) => levels.get(id)!.level),
    ...(backgroundFile !== undefined ? { background: backgroundFile.questions } : {}),
    translations: Object.fromEntries([...translations].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lang, t]) => [lang, t.translation.strings])),
  };
  const { id, ...rest } = content;
  const instrument: Instrument = { id, version: instrumentVersion(content), ...rest };

  // Maps a path in the assembled instrument to the file and field it came from.
  const placeOf = (fieldPath: FieldPath): { source: SourceFile; path: FieldPath } => {
    if (fieldPath[0] === "levels" && typeof fieldPath[1] === "number") {
      return { source: levels.get(instrument.levels[fieldPath[1]].id)!.source, path: fieldPath.slice(2) };
    }
    if (fieldPath[0] === "background" && backgroundSource !== undefined) {
      return { source: backgroundSource, path: ["questions", ...fieldPath.slice(1)] };
    }
    if (fieldPath[0] === "translations" && typeof fieldPath[1] === "string") {
      const source = translations.get(fieldPath[1])!.source;
      return { source, path: fieldPath.length === 2 ? ["language"] : ["strings", ...fieldPath.slice(2)] };
    }
    return { source: head, path: fieldPath };
  };
  const located = (problem: Problem): LocatedMessage => {
    const place = placeOf(problem.path);
    const exact = problem.column !== undefined ? locateInString(place.source, place.path, problem.column) : undefined;
    let message = problem.message;
    if (problem.column !== undefined && exact === undefined) message += ` (column ${problem.column} of the condition)`;
    if (problem.related !== undefined) {
      const first = placeOf(problem.related);
      const at = locate(first.source, first.path);
      message += ` (first at ${first.source.file}:${at.line})`;
    }
    return { file: place.source.file, ...(exact ?? locate(place.source, place.path)), field: formatField(place.path), message };
  };

  for (const problem of checkConsistency(instrument)) {
    (problem.severity === "error" ? messages.errors : messages.warnings).push(located(problem));
  }
  if (messages.errors.length > 0) return fail();

  const total = allSourceStrings(instrument).length;
  instrument.languages.forEach((language, index) => {
    const status = translationStatus(instrument, language.code);
    const file = translations.get(language.code)?.source;
    if (status.untranslated.length > 0) {
      const where =
        file !== undefined
          ? { file: file.file, ...locate(file, ["strings"], true), field: "strings" }
          : { file: head.file, ...locate(head, ["languages", index, "code"]), field: `languages[${index}].code` };
      const shownAs = language.fallback !== undefined ? `shown in ${language.fallback}` : `shown in ${instrument.sourceLanguage}`;
      messages.warnings.push({
        ...where,
        message: `${language.code}: ${status.untranslated.length} of ${total} strings untranslated (${shownAs} until translated): ${summary(status.untranslated)}`,
      });
    }
    if (status.stale.length > 0 && file !== undefined) {
      const firstStale = ["strings", status.stale[0], "source"];
      messages.warnings.push({
        file: file.file,
        ...locate(file, firstStale),
        field: formatField(firstStale),
        message: `${language.code}: ${status.stale.length} stale translation${status.stale.length > 1 ? "s" : ""} (the English text changed since): ${summary(status.stale)}`,
      });
    }
  });

  return { ok: true, dir, instrument, warnings: sortMessages(messages.warnings) };
}

/** The level list of an instrument.yaml that failed validation, when it is still a list of names. */
function listedLevelsOf(head: SourceFile): string[] | undefined {
  if (head.hasSyntaxErrors) return undefined;
  const levels: unknown = (head.doc.toJS() as { levels?: unknown } | null)?.levels;
  return Array.isArray(levels) && levels.every((l) => typeof l === "string") ? levels : undefined;
}

/** Loads every instrument folder under a root (sub-folders starting with "." are skipped), in name order. */
export async function loadInstrumentsRoot(rootDir: string, loadDir: (dir: string) => Promise<LoadResult> = loadInstrumentDir): Promise<LoadResult[]> {
  let names: string[];
  try {
    const entries = await readdir(rootDir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "folder not found" : `cannot be read: ${(error as Error).message}`;
    return [{ ok: false, dir: rootDir, errors: [wholeFile(displayPath(rootDir), reason)], warnings: [] }];
  }
  return Promise.all(names.map((name) => loadDir(path.join(rootDir, name))));
}
