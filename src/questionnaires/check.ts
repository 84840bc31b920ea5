// The `questionnaires check [--dir PATH] [--json] [--strict]` command: validates instrument folders and reports
// each instrument's version and size, or every problem with its file, line and field. With --strict, an untranslated
// or stale string is an error too (the translation gate before a release).
import { stat } from "node:fs/promises";
import path from "node:path";
import { translationStatus } from "./i18n";
import { displayPath, formatLocated, loadInstrumentDir, loadInstrumentsRoot, type LoadResult, type LocatedMessage } from "./loader";
import { indexInstrument } from "./lookup";
import type { Instrument } from "./schema";

export interface QuestionnairesCheckOptions {
  /** A folder of instrument folders, or one instrument folder (holding instrument.yaml). Default: questionnaires. */
  dir?: string;
  /** Print the machine-readable summary instead of the table. */
  json?: boolean;
  /** Fail (exit 1) when a language of a valid instrument has untranslated or stale strings. */
  strict?: boolean;
}

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The --json output: one entry per valid instrument. */
export interface InstrumentSummary {
  id: string;
  version: string;
  levels: { id: string; dimensions: number; items: number }[];
}

export function summarizeInstrument(instrument: Instrument): InstrumentSummary {
  const index = indexInstrument(instrument);
  return {
    id: instrument.id,
    version: instrument.version,
    levels: instrument.levels.map((level) => ({
      id: level.id,
      dimensions: level.dimensions.length,
      items: index.itemsByLevel.get(level.id)!.length,
    })),
  };
}

/** The table; `backgroundCounts[i]` is the number of background questions of `summaries[i]` (not in --json, whose shape is fixed). */
function renderTable(summaries: InstrumentSummary[], backgroundCounts: number[]): string {
  const lines: string[] = [];
  for (const [index, summary] of summaries.entries()) {
    const width = Math.max(5, ...summary.levels.map((l) => l.id.length));
    const dimensions = summary.levels.reduce((n, l) => n + l.dimensions, 0);
    const items = summary.levels.reduce((n, l) => n + l.items, 0);
    const row = (name: string, d: number, i: number) =>
      `  ${name.padEnd(width)}  ${String(d).padStart(3)} dimension${d === 1 ? " " : "s"}  ${String(i).padStart(4)} item${i === 1 ? "" : "s"}`;
    lines.push(`${summary.id}  version ${summary.version}`);
    for (const level of summary.levels) lines.push(row(level.id, level.dimensions, level.items));
    lines.push(row("total", dimensions, items));
    if (backgroundCounts[index] > 0) lines.push(`  ${"background".padEnd(width)}  ${plural(backgroundCounts[index], "question")}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

async function isInstrumentFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, "instrument.yaml"))).isFile();
  } catch {
    return false;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One error per language of the instrument with untranslated or stale strings (the source language is complete). */
export function incompleteLanguages(dir: string, instrument: Instrument): LocatedMessage[] {
  return instrument.languages.flatMap(({ code }) => {
    const { untranslated, stale } = translationStatus(instrument, code);
    if (untranslated.length === 0 && stale.length === 0) return [];
    return [
      {
        file: displayPath(dir, "translations", `${code}.yaml`),
        line: 0,
        column: 0,
        field: "",
        message: `${instrument.id} is not complete in ${code}: ${untranslated.length} untranslated, ${stale.length} stale (--strict)`,
      },
    ];
  });
}

/** Runs the check; never throws for problems in the files, which are reported on stderr with exit code 1. */
export async function runQuestionnairesCheck(options: QuestionnairesCheckOptions = {}): Promise<CommandOutput> {
  const dir = options.dir ?? "questionnaires";
  const results: LoadResult[] = (await isInstrumentFolder(dir)) ? [await loadInstrumentDir(dir)] : await loadInstrumentsRoot(dir);

  const errors: LocatedMessage[] = results.flatMap((r) => (r.ok ? [] : r.errors));
  // The loader's warnings say where and which keys; strictness adds one error per incomplete language.
  const incomplete =
    options.strict === true ? results.flatMap((r) => (r.ok ? [incompleteLanguages(r.dir, r.instrument)] : [])).filter((e) => e.length > 0) : [];
  errors.push(...incomplete.flat());
  const warnings: LocatedMessage[] = results.flatMap((r) => r.warnings);
  if (results.length === 0) {
    errors.push({ file: dir, line: 0, column: 0, field: "", message: "no instrument folders found (each needs an instrument.yaml)" });
  }
  const summaries = results.flatMap((r) => (r.ok ? [summarizeInstrument(r.instrument)] : []));
  const backgroundCounts = results.flatMap((r) => (r.ok ? [r.instrument.background?.length ?? 0] : []));

  const stderr: string[] = [];
  for (const warning of warnings) stderr.push(`warning: ${formatLocated(warning)}`);
  for (const error of errors) stderr.push(`error: ${formatLocated(error)}`);
  const failed = results.filter((r) => !r.ok).length + incomplete.length;
  if (errors.length > 0) {
    stderr.push(
      results.length > 0
        ? `${plural(errors.length, "error")} in ${plural(failed, "instrument")}; ${plural(results.length - failed, "instrument")} valid`
        : plural(errors.length, "error"),
    );
  }

  return {
    exitCode: errors.length > 0 ? 1 : 0,
    stdout: options.json === true ? `${JSON.stringify(summaries, null, 2)}\n` : renderTable(summaries, backgroundCounts),
    stderr: stderr.length > 0 ? `${stderr.join("\n")}\n` : "",
  };
}
