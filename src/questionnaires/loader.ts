// Reads an instrument folder (instrument.yaml, levels/*.yaml, translations/*.yaml) into a validated,
// versioned Instrument. Every problem is reported with its file, line, column and field, so an author
// can go straight to it. The only module of questionnaires/ that touches the file system.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { z } from "zod";
import { checkConsistency, formatField, type FieldPath, type Problem } from "./consistency";
import { instrumentVersion } from "./hash";
import { allSourceStrings, translationStatus } from "./i18n";
import {
  describeIssue,
  instrumentFileSchema,
  levelSchema,
  translationFileSchema,
  type Instrument,
  type InstrumentFile,
  type LevelFile,
  type TranslationFile,
} from "./schema";

export interface LocatedMessage {
  /** The file, relative to the working directory when inside it, else as given. */
  file: string;
  /** 1-based; 0 when the message concerns the file as a whole (for example a missing file). */
  line: number;
  /** 1-based; 0 together with line 0. */
  column: number;
  /** The field inside the file, e.g. `dimensions[2].items[0].anchors.3`; empty for the file itself. */
  field: string;
  message: string;
}

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

interface SourceFile {
  /** Display path. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  hasSyntaxErrors: boolean;
}

interface Position {
  line: number;
  column: number;
}

interface Messages {
  errors: LocatedMessage[];
  warnings: LocatedMessage[];
}

export function displayPath(dir: string, ...parts: string[]): string {
  const joined = path.join(dir, ...parts);
  if (!path.isAbsolute(joined)) return joined;
  const relative = path.relative(process.cwd(), joined);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : joined;
}

function wholeFile(file: string, message: string): LocatedMessage {
  return { file, line: 0, column: 0, field: "", message };
}

/**
 * Translation files hold only text, so they are read with YAML's failsafe schema: a source hash
 * such as 8307e301 stays the text it is instead of becoming the number 8.307e+304.
 */
type YamlSchema = "core" | "failsafe";

async function readSource(absolutePath: string, file: string, messages: Messages, notFound = "not found", schema: YamlSchema = "core"): Promise<SourceFile | undefined> {
  let text: string;
  try {
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    const isMissing = (error as NodeJS.ErrnoException).code === "ENOENT";
    messages.errors.push(wholeFile(file, isMissing ? notFound : `cannot be read: ${(error as Error).message}`));
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema });
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  for (const error of doc.errors) messages.errors.push({ file, ...at(error.pos[0]), field: "", message: `YAML syntax: ${error.message}` });
  for (const warning of doc.warnings) messages.warnings.push({ file, ...at(warning.pos[0]), field: "", message: `YAML: ${warning.message}` });
  return { file, text, doc, lines, hasSyntaxErrors: doc.errors.length > 0 };
}

interface Found {
  /** The node at the path, when every segment was found. */
  node: Node | null | undefined;
  /** The key of the last pair walked through. */
  key: Node | undefined;
  /** The deepest node reached, and the key it was reached by. */
  deepest: Node | null;
  deepestKey: Node | undefined;
  complete: boolean;
}

function walk(source: SourceFile, fieldPath: readonly PropertyKey[]): Found {
  let node: Node | null = source.doc.contents;
  let key: Node | undefined;
  for (const segment of fieldPath) {
    if (node !== null && isAlias(node)) node = (node.resolve(source.doc) as Node | undefined) ?? null;
    if (node !== null && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return { node: undefined, key: undefined, deepest: node, deepestKey: key, complete: false };
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
    } else if (node !== null && isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      key = undefined;
      node = (node.items[segment] as Node | null) ?? null;
    } else {
      return { node: undefined, key: undefined, deepest: node, deepestKey: key, complete: false };
    }
  }
  return { node, key, deepest: node, deepestKey: key, complete: true };
}

function positionOf(source: SourceFile, node: Node | null | undefined): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = source.lines.linePos(offset);
  return { line, column: col };
}

const startOfFile: Position = { line: 1, column: 1 };

/**
 * The place of a field in a file: its value; its key instead when `atKey` (unknown fields), when the
 * value is empty or is a whole mapping or list; for a field that is missing, the key (or start) of
 * the nearest enclosing node.
 */
function locate(source: SourceFile, fieldPath: readonly PropertyKey[], atKey = false): Position {
  const found = walk(source, fieldPath);
  if (found.complete) {
    const isEmptyValue = found.node === null || (found.node !== undefined && isScalar(found.node) && found.node.value === null);
    const isCollection = found.node !== null && found.node !== undefined && (isMap(found.node) || isSeq(found.node));
    if (atKey || isEmptyValue || isCollection) return positionOf(source, found.key) ?? positionOf(source, found.node) ?? startOfFile;
    return positionOf(source, found.node) ?? positionOf(source, found.key) ?? startOfFile;
  }
  return positionOf(source, found.deepestKey) ?? positionOf(source, found.deepest) ?? startOfFile;
}

/**
 * The place of a column inside a string value (a relevance condition). Exact when the value is
 * written on one line, plain or single-quoted, as conditions usually are; otherwise undefined.
 */
function locateInString(source: SourceFile, fieldPath: readonly PropertyKey[], column: number): Position | undefined {
  const found = walk(source, fieldPath);
  const node = found.node;
  if (!found.complete || node === null || node === undefined || !isScalar(node) || typeof node.value !== "string") return undefined;
  const [start, end] = node.range!;
  const written = source.text.slice(start, end);
  const start0 = positionOf(source, node)!;
  if (node.type === "PLAIN" && written === node.value && !written.includes("\n")) {
    return { line: start0.line, column: start0.column + column - 1 };
  }
  if (node.type === "QUOTE_SINGLE" && written === `'${node.value}'` && !written.includes("\n")) {
    return { line: start0.line, column: start0.column + column };
  }
  return undefined;
}

// ---- schema validation of one file ----

function schemaAt(schema: z.ZodType, fieldPath: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let inner = s;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    return inner;
  };
  for (const segment of fieldPath) {
    if (current === undefined) return undefined;
    const s = unwrap(current);
    if (s instanceof z.ZodObject) current = (s.shape as Record<string, z.ZodType>)[String(segment)];
    else if (s instanceof z.ZodArray) current = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) current = s.valueType as z.ZodType;
    else return undefined;
  }
  return current === undefined ? undefined : unwrap(current);
}

/** Edits (insert, delete, substitute, swap two neighbours) between two field names, ignoring case. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i += 1) {
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

function unknownFieldMessage(schema: z.ZodType, objectPath: readonly PropertyKey[], key: string): string {
  if (objectPath[objectPath.length - 1] === "anchors") {
    return `unknown anchor "${key}": anchors are keyed by the scale values 0 to 5`;
  }
  const objectSchema = schemaAt(schema, objectPath);
  const allowed = objectSchema instanceof z.ZodObject ? Object.keys(objectSchema.shape as object) : [];
  const closest = allowed
    .map((name) => ({ name, distance: editDistance(key, name) }))
    .filter((c) => c.distance <= Math.max(1, Math.floor(c.name.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest !== undefined) return `unknown field "${key}"; did you mean "${closest.name}"?`;
  return allowed.length > 0 ? `unknown field "${key}"; allowed here: ${allowed.join(", ")}` : `unknown field "${key}"`;
}

function validateSource<T>(source: SourceFile, schema: z.ZodType<T>, messages: Messages): T | undefined {
  if (source.hasSyntaxErrors) return undefined;
  let data: unknown;
  try {
    data = source.doc.toJS();
  } catch (error) {
    messages.errors.push({ file: source.file, ...startOfFile, field: "", message: `YAML: ${(error as Error).message}` });
    return undefined;
  }
  if (data === null || data === undefined) {
    messages.errors.push({ file: source.file, ...startOfFile, field: "", message: "the file is empty" });
    return undefined;
  }
  const parsed = schema.safeParse(data, { error: describeIssue });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyPath = [...issue.path, key];
        messages.errors.push({ file: source.file, ...locate(source, keyPath, true), field: formatField(keyPath), message: unknownFieldMessage(schema, issue.path, key) });
      }
    } else {
      messages.errors.push({ file: source.file, ...locate(source, issue.path), field: formatField(issue.path), message: issue.message });
    }
  }
  return undefined;
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
  const [head, levelSources, translationSources] = await Promise.all([
    readSource(path.join(dir, "instrument.yaml"), displayPath(dir, "instrument.yaml"), messages, "not found: every instrument folder needs an instrument.yaml"),
    Promise.all(levelNames.map((name) => readSource(path.join(levelsDir, name), displayPath(dir, "levels", name), messages))),
    Promise.all(translationNames.map((name) => readSource(path.join(translationsDir, name), displayPath(dir, "translations", name), messages, "not found", "failsafe"))),
  ]);
  if (head === undefined) return fail();

  // instrument.yaml
  const instrumentFile: InstrumentFile | undefined = validateSource(head, instrumentFileSchema, messages);
  if (instrumentFile !== undefined && instrumentFile.id !== folderName) {
    messages.errors.push({ file: head.file, ...locate(head, ["id"]), field: "id", message: `"${instrumentFile.id}" must equal the folder name "${folderName}"` });
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
      messages.errors.push({ file: source.file, ...locate(source, ["id"]), field: "id", message: `level "${id}" is not listed in instrument.yaml levels; list it there or remove the file` });
      return;
    }
    levels.set(id, { source, level });
  });
  listedLevels?.forEach((id, index) => {
    if (!levelSourceById.has(id)) {
      messages.errors.push({ file: head.file, ...locate(head, ["levels", index]), field: `levels[${index}]`, message: `level file levels/${id}.yaml not found` });
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
      messages.errors.push({ file: source.file, ...locate(source, ["language"]), field: "language", message: `"${translation.language}" must equal the file name "${lang}"` });
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
    levels: instrumentFile.levels.map((id) => levels.get(id)!.level),
    translations: Object.fromEntries([...translations].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lang, t]) => [lang, t.translation.strings])),
  };
  const { id, ...rest } = content;
  const instrument: Instrument = { id, version: instrumentVersion(content), ...rest };

  // Maps a path in the assembled instrument to the file and field it came from.
  const placeOf = (fieldPath: FieldPath): { source: SourceFile; path: FieldPath } => {
    if (fieldPath[0] === "levels" && typeof fieldPath[1] === "number") {
      return { source: levels.get(instrument.levels[fieldPath[1]].id)!.source, path: fieldPath.slice(2) };
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
      const where = file !== undefined ? { file: file.file, ...locate(file, ["strings"], true), field: "strings" } : { file: head.file, ...locate(head, ["languages", index, "code"]), field: `languages[${index}].code` };
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
export async function loadInstrumentsRoot(rootDir: string): Promise<LoadResult[]> {
  let names: string[];
  try {
    const entries = await readdir(rootDir, { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "folder not found" : `cannot be read: ${(error as Error).message}`;
    return [{ ok: false, dir: rootDir, errors: [wholeFile(displayPath(rootDir), reason)], warnings: [] }];
  }
  return Promise.all(names.map((name) => loadInstrumentDir(path.join(rootDir, name))));
}
