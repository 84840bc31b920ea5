// `questionnaires check [--dir PATH] [--json] [--strict]`: validate every instrument with located messages.
// `questionnaires translations export|import`: the translator's spreadsheet round trip for one language.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../../config";
import { runQuestionnairesCheck } from "../../questionnaires/check";
import { languageCodePattern } from "../../questionnaires/schema";
import { formatLocated, loadInstrumentDir } from "../../questionnaires/loader";
import { writeTranslations } from "../../questionnaires/translation-file";
import { formatWorkbookProblem, readTranslationWorkbook, translationRows, writeTranslationWorkbook } from "../../questionnaires/translation-workbook";
import { CliUsageError, flagString, type CliIo, type ParsedArgs } from "../io";
import type { CliCommand } from "../run";

/** The instrument folder named by --dir, or questionnaires/<--instrument>. */
function instrumentDirOf(args: ParsedArgs): string {
  const dir = flagString(args, "dir");
  if (dir) return path.resolve(dir);
  const id = flagString(args, "instrument");
  if (!id) throw new CliUsageError("give --instrument ID (a folder under questionnaires/) or --dir PATH");
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new CliUsageError(`--instrument: "${id}" is not an instrument id`);
  return path.join(projectRoot, "questionnaires", id);
}

function languageOf(args: ParsedArgs, sourceLanguage: string): string {
  const lang = flagString(args, "lang");
  if (!lang) throw new CliUsageError("give --lang CODE (for example fr)");
  if (!languageCodePattern.test(lang)) throw new CliUsageError(`--lang: "${lang}" is not a language code such as fr, ar or zh-Hans`);
  if (lang === sourceLanguage) throw new CliUsageError(`--lang: ${lang} is the source language of the instrument; there is nothing to translate`);
  return lang;
}

async function loadOrReport(dir: string, io: CliIo) {
  const loaded = await loadInstrumentDir(dir);
  if (!loaded.ok) io.stderr(`${loaded.errors.map((e) => `error: ${formatLocated(e)}`).join("\n")}\n`);
  return loaded.ok ? loaded : undefined;
}

export const questionnaireCommands: CliCommand[] = [
  {
    name: "questionnaires check",
    usage: "questionnaires check [--dir PATH] [--json] [--strict]",
    summary: "validate the instrument files; errors name the file, line and field; --strict also fails on untranslated or stale strings",
    booleanFlags: ["json", "strict"],
    async run(args, io) {
      const dir = flagString(args, "dir") ?? path.join(projectRoot, "questionnaires");
      const result = await runQuestionnairesCheck({ dir, json: args.flags.json === true, strict: args.flags.strict === true });
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      return result.exitCode;
    },
  },
  {
    name: "questionnaires translations export",
    usage: "questionnaires translations export --instrument ID|--dir PATH --lang CODE --out FILE.xlsx",
    summary: "write an instrument's strings for one language to a spreadsheet for translators",
    async run(args, io) {
      const dir = instrumentDirOf(args);
      const out = flagString(args, "out");
      if (!out) throw new CliUsageError("give --out FILE.xlsx");
      const loaded = await loadOrReport(dir, io);
      if (!loaded) return 1;
      const lang = languageOf(args, loaded.instrument.sourceLanguage);
      await writeFile(out, await writeTranslationWorkbook(loaded.instrument, lang));
      const rows = translationRows(loaded.instrument, lang);
      const count = (status: string) => rows.filter((r) => r.status === status).length;
      io.stdout(
        `${out}: ${rows.length} strings for ${lang} (${count("translated")} translated, ${count("stale")} stale, ${count("untranslated")} untranslated)\n`,
      );
      return 0;
    },
  },
  {
    name: "questionnaires translations import",
    usage: "questionnaires translations import FILE.xlsx --instrument ID|--dir PATH --lang CODE [--fallback CODE]",
    summary: "replace one language's translations with a filled spreadsheet (validated, all or nothing)",
    async run(args, io) {
      const dir = instrumentDirOf(args);
      const file = args.positional[0];
      if (!file) throw new CliUsageError("give the filled FILE.xlsx");
      const loaded = await loadOrReport(dir, io);
      if (!loaded) return 1;
      const lang = languageOf(args, loaded.instrument.sourceLanguage);
      const read = await readTranslationWorkbook(await readFile(file), loaded.instrument, lang);
      if (!read.ok) {
        io.stderr(`${read.problems.map((p) => `error: ${file}: ${formatWorkbookProblem(p)}`).join("\n")}\nNothing was written.\n`);
        return 1;
      }
      const written = await writeTranslations(dir, lang, read.entries, flagString(args, "fallback") ?? loaded.instrument.sourceLanguage);
      if (!written.ok) {
        io.stderr(`${written.errors.map((e) => `error: ${e}`).join("\n")}\nNothing was written.\n`);
        return 1;
      }
      const total = translationRows(written.result.instrument, lang).length;
      io.stdout(
        `${path.relative(process.cwd(), written.file) || written.file}: ${read.translated} of ${total} strings translated; instrument version ${written.result.instrument.version.slice(0, 12)}\n`,
      );
      for (const warning of written.result.warnings) io.stderr(`warning: ${formatLocated(warning)}\n`);
      return 0;
    },
  },
];
