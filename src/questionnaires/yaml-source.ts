// Reading one YAML file of an instrument folder and placing a message in it: the parsed document with its line
// counter, the line and column of a field path (or of a column inside a one-line string value), and validation of
// the whole file against a zod schema with each issue at its field (unknown fields with the closest allowed name).
import { readFile } from "node:fs/promises";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { z } from "zod";
import { formatField } from "./consistency";
import { describeIssue } from "./schema";

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

export interface SourceFile {
  /** Display path. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  hasSyntaxErrors: boolean;
}

export interface Position {
  line: number;
  column: number;
}

export interface Messages {
  errors: LocatedMessage[];
  warnings: LocatedMessage[];
}

export function wholeFile(file: string, message: string): LocatedMessage {
  return { file, line: 0, column: 0, field: "", message };
}

/**
 * Translation files hold only text, so they are read with YAML's failsafe schema: a source hash
 * such as 8307e301 stays the text it is instead of becoming the number 8.307e+304.
 */
export type YamlSchema = "core" | "failsafe";

export async function readSource(
  absolutePath: string,
  file: string,
  messages: Messages,
  notFound = "not found",
  schema: YamlSchema = "core",
): Promise<SourceFile | undefined> {
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

export const startOfFile: Position = { line: 1, column: 1 };

/**
 * The place of a field in a file: its value; its key instead when `atKey` (unknown fields), when the
 * value is empty or is a whole mapping or list; for a field that is missing, the key (or start) of
 * the nearest enclosing node.
 */
export function locate(source: SourceFile, fieldPath: readonly PropertyKey[], atKey = false): Position {
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
export function locateInString(source: SourceFile, fieldPath: readonly PropertyKey[], column: number): Position | undefined {
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

export function validateSource<T>(source: SourceFile, schema: z.ZodType<T>, messages: Messages): T | undefined {
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
        messages.errors.push({
          file: source.file,
          ...locate(source, keyPath, true),
          field: formatField(keyPath),
          message: unknownFieldMessage(schema, issue.path, key),
        });
      }
    } else {
      messages.errors.push({ file: source.file, ...locate(source, issue.path), field: formatField(issue.path), message: issue.message });
    }
  }
  return undefined;
}
