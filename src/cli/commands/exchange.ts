// `export answers|codebook|results|template|xlsform …` and `import answers|submissions|xlsform …`: the Data page and the XLSForm
// page for scripts. The command line runs with the rights of whoever operates the server (like `db backup`), except
// `import answers` and `import submissions`, which record answers in the name of the user given with --as and check that user's rights.
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { requireAssessment } from "../../assessments/service";
import { can } from "../../auth/policy";
import { findUserByEmail, loadActor } from "../../auth/user-repository";
import { projectRoot } from "../../config";
import type { AppContext } from "../../context";
import { readAnswerTemplate } from "../../exchange/answer-import";
import { answerTemplateFor, importAnswerTemplate, ImportRefusedError } from "../../exchange/answer-import-service";
import { buildExport, type ExportFile } from "../../exchange/export-service";
import { importSubmissions } from "../../exchange/submission-import-service";
import { answerShapes, resultTableNames } from "../../exchange/exports";
import { writeInstrumentFolder } from "../../exchange/instrument-writer";
import { buildXlsForm } from "../../exchange/xlsform-export";
import { readXlsForm, type XlsFormProblem } from "../../exchange/xlsform-import";
import { Translator } from "../../i18n/translate";
import { InstrumentCatalog } from "../../questionnaires/catalog";
import { cliLogger } from "../logger";
import { CliUsageError, flagString, type CliIo, type ParsedArgs } from "../io";
import type { CliCommand, CliEnvironment } from "../run";

const positiveId = z.coerce.number().int().positive();

function requiredId(args: ParsedArgs, flag: string, what: string): number {
  const parsed = positiveId.safeParse(flagString(args, flag));
  if (!parsed.success) throw new CliUsageError(`--${flag}: give the ${what} (a number)`);
  return parsed.data;
}

function requiredOut(args: ParsedArgs): string {
  const out = flagString(args, "out");
  if (!out) throw new CliUsageError("--out: give the file to write");
  return path.resolve(out);
}

function choice<T extends string>(args: ParsedArgs, flag: string, allowed: readonly T[], fallback?: T): T {
  const value = flagString(args, flag) ?? fallback;
  if (value === undefined || !allowed.includes(value as T)) throw new CliUsageError(`--${flag}: must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** Writes next to the target first, then renames: a failed run never leaves half a file. */
export async function writeFileAtomically(file: string, body: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temporary, body);
  await rename(temporary, file);
}

export async function withContext<T>(env: CliEnvironment, work: (context: AppContext) => Promise<T>): Promise<T> {
  const { buildContext } = await import("../../bootstrap");
  const context = await buildContext(env.config(), { logger: cliLogger(env) });
  try {
    return await work(context);
  } finally {
    context.database.close();
  }
}

function printProblems(io: CliIo, file: string, problems: { sheet: string; row: number; column: string; message: string }[]): void {
  for (const p of problems)
    io.stderr(`error: ${file}${p.sheet ? ` ${p.sheet}` : ""}${p.row ? ` row ${p.row}` : ""}${p.column ? ` ${p.column}` : ""}: ${p.message}\n`);
  io.stderr(`Nothing was written (${problems.length} problem${problems.length === 1 ? "" : "s"}).\n`);
}

function exportCommand(dataset: "answers" | "codebook" | "results"): CliCommand {
  const tables = dataset === "results" ? resultTableNames : dataset === "codebook" ? (["items", "codes"] as const) : ([] as const);
  return {
    name: `export ${dataset}`,
    usage:
      dataset === "answers"
        ? "export answers --assessment ID --format csv|xlsx [--shape long|wide] [--identity] --out FILE"
        : `export ${dataset} --assessment ID --format csv|xlsx [--table ${tables.join("|")}] [--lang LANG] --out FILE`,
    summary:
      dataset === "answers"
        ? "export the answers (identity columns only with --identity)"
        : dataset === "codebook"
          ? "export the item dictionary and codes"
          : "export the results tables (one CSV table, or all as XLSX sheets)",
    booleanFlags: ["identity"],
    async run(args, io, env) {
      const assessmentId = requiredId(args, "assessment", "assessment id (see assessments list)");
      const format = choice(args, "format", ["csv", "xlsx"] as const);
      const shape = choice(args, "shape", answerShapes, "long");
      const out = requiredOut(args);
      let file: ExportFile;
      if (format === "xlsx") file = `${dataset}.xlsx`;
      else if (dataset === "answers") file = "answers.csv";
      else if (dataset === "codebook") file = choice(args, "table", tables, "items") === "codes" ? "codes.csv" : "codebook.csv";
      else file = `results-${choice(args, "table", tables, "dimensions")}.csv` as ExportFile;
      return withContext(env, async (context) => {
        const assessment = requireAssessment(context, assessmentId);
        const exported = await buildExport(context, assessment, file, {
          shape,
          includeIdentity: args.flags.identity === true,
          language: flagString(args, "lang") ?? "en",
        });
        await writeFileAtomically(out, exported.body);
        io.stdout(`${out}\n`);
        return 0;
      });
    },
  };
}

export const exchangeCommands: CliCommand[] = [
  exportCommand("answers"),
  exportCommand("codebook"),
  exportCommand("results"),
  {
    name: "export template",
    usage: "export template --invitation ID|--organisation ID --out FILE",
    summary: "write an offline answer template (XLSX) for one invitation or all of an organisation's",
    async run(args, io, env) {
      const byInvitation = flagString(args, "invitation") !== undefined;
      if (byInvitation === (flagString(args, "organisation") !== undefined)) throw new CliUsageError("give either --invitation ID or --organisation ID");
      const id = byInvitation ? requiredId(args, "invitation", "invitation id") : requiredId(args, "organisation", "organisation id");
      const out = requiredOut(args);
      return withContext(env, async (context) => {
        const table = byInvitation ? "invitations" : "organisations";
        const assessmentId = context.database.sqlite.prepare(`select assessment_id from ${table} where id = ?`).pluck().get(id) as number | undefined;
        if (assessmentId === undefined)
          throw new CliUsageError(`--${byInvitation ? "invitation" : "organisation"}: there is no ${byInvitation ? "invitation" : "organisation"} ${id}`);
        const assessment = requireAssessment(context, assessmentId);
        const template = await answerTemplateFor(context, assessment, byInvitation ? { invitationId: id } : { organisationId: id }, {
          translator: context.translator,
          locale: "en",
        });
        await writeFileAtomically(out, template.body);
        io.stdout(`${out}\n`);
        return 0;
      });
    },
  },
  {
    name: "import answers",
    usage: "import answers FILE --as EMAIL [--submit]",
    summary: "import a filled offline answer template, all or nothing, as revisions by the user EMAIL",
    booleanFlags: ["submit"],
    async run(args, io, env) {
      const file = args.positional[0];
      if (!file) throw new CliUsageError("FILE: give the filled template (XLSX)");
      const email = flagString(args, "as");
      if (!email) throw new CliUsageError("--as: give the e-mail address of the user the answers are recorded for");
      const content = await readFile(file);
      const read = await readAnswerTemplate(content);
      return withContext(env, async (context) => {
        const user = findUserByEmail(context.database.db, email.trim().toLowerCase());
        const loaded = user && !user.disabledAt ? loadActor(context.database.db, user.id) : undefined;
        if (!loaded) throw new CliUsageError(`--as: there is no active user ${email}`);
        if (!read.header) {
          printProblems(io, file, read.problems);
          return 1;
        }
        const assessment = requireAssessment(context, read.header.assessmentId);
        if (!can(loaded.actor, "invitation.manage", assessment)) {
          io.stderr(`error: ${email} may not record answers in assessment ${assessment.id} (${assessment.countryName} ${assessment.roundLabel}).\n`);
          return 1;
        }
        try {
          const result = await importAnswerTemplate(context, loaded.actor, assessment, content, { submit: args.flags.submit === true });
          io.stdout(
            `Imported ${counted(result.rows, "row")} for ${counted(result.invitations, "invitation")}: ${counted(result.changed, "answer")} changed, ${counted(result.submitted, "response")} submitted.\n`,
          );
          if (result.hidden > 0)
            io.stdout(
              `${counted(result.hidden, "answer")} ${result.hidden === 1 ? "is" : "are"} to questions that their invitation's other answers leave out (relevance): kept, but counted as not applicable.\n`,
            );
          if (result.blank > 0)
            io.stdout(
              result.blank === 1
                ? "1 invitation had only blank rows: nothing was saved or submitted for it; it stays as it was.\n"
                : `${result.blank} invitations had only blank rows: nothing was saved or submitted for them; they stay as they were.\n`,
            );
          return 0;
        } catch (error) {
          if (!(error instanceof ImportRefusedError)) throw error;
          printProblems(io, file, error.problems);
          return 1;
        }
      });
    },
  },
  {
    name: "import submissions",
    usage: "import submissions FILE --assessment ID --organisation ID [--levels LEVEL,LEVEL] --as EMAIL",
    summary: "import KoboToolbox (XLSX/CSV) or ODK Central (CSV) submissions made on our XLSForm as submitted responses, all or nothing",
    async run(args, io, env) {
      const file = args.positional[0];
      if (!file) throw new CliUsageError("FILE: give the data export (XLSX or CSV)");
      const assessmentId = requiredId(args, "assessment", "assessment id (see assessments list)");
      const organisationId = requiredId(args, "organisation", "organisation id");
      const email = flagString(args, "as");
      if (!email) throw new CliUsageError("--as: give the e-mail address of the user the answers are recorded for");
      const levels = (flagString(args, "levels") ?? "")
        .split(",")
        .map((l) => l.trim())
        .filter(Boolean);
      const content = await readFile(file);
      return withContext(env, async (context) => {
        const user = findUserByEmail(context.database.db, email.trim().toLowerCase());
        const loaded = user && !user.disabledAt ? loadActor(context.database.db, user.id) : undefined;
        if (!loaded) throw new CliUsageError(`--as: there is no active user ${email}`);
        const assessment = requireAssessment(context, assessmentId);
        if (!can(loaded.actor, "invitation.manage", assessment)) {
          io.stderr(`error: ${email} may not record answers in assessment ${assessment.id} (${assessment.countryName} ${assessment.roundLabel}).\n`);
          return 1;
        }
        try {
          const result = await importSubmissions(context, loaded.actor, assessment, content, { organisationId, levels, fileName: path.basename(file) });
          io.stdout(
            `Read ${counted(result.rows, "submission")}: ${result.imported} imported as submitted responses (${counted(result.answers, "answer")}, ${counted(result.background, "background answer")}), ${result.alreadyImported} imported before, ${result.rejected} rejected in the tool.\n`,
          );
          if (result.hidden > 0)
            io.stdout(
              `${result.hidden} answers are to questions that the submission's other answers leave out (relevance): kept, but counted as not applicable.\n`,
            );
          return 0;
        } catch (error) {
          if (!(error instanceof ImportRefusedError)) throw error;
          printProblems(io, file, error.problems);
          return 1;
        }
      });
    },
  },
  {
    name: "export xlsform",
    usage: "export xlsform --instrument ID [--dir PATH] --out FILE",
    summary: "write an instrument as an XLSForm workbook for KoboToolbox or ODK",
    async run(args, io) {
      const id = flagString(args, "instrument");
      if (!id) throw new CliUsageError("--instrument: give the instrument id (see questionnaires check)");
      const out = requiredOut(args);
      const catalog = await InstrumentCatalog.load(flagString(args, "dir") ?? path.join(projectRoot, "questionnaires"));
      const instrument = catalog.current(id);
      if (!instrument)
        throw new CliUsageError(
          `--instrument: there is no instrument "${id}" (${catalog
            .list()
            .map((i) => i.id)
            .join(", ")})`,
        );
      await writeFileAtomically(out, await buildXlsForm(instrument, new Translator()));
      io.stdout(`${out}\n`);
      return 0;
    },
  },
  {
    name: "import xlsform",
    usage: "import xlsform FILE --out DIR [--skip-unmappable] [--base INSTRUMENT [--dir PATH]]",
    booleanFlags: ["skip-unmappable"],
    summary: "turn an XLSForm into a new instrument folder DIR/<form_id>, all or nothing (--skip-unmappable: leave out repeats, media… with a warning)",
    async run(args, io) {
      const file = args.positional[0];
      if (!file) throw new CliUsageError("FILE: give the XLSForm workbook (XLSX)");
      const out = flagString(args, "out");
      if (!out) throw new CliUsageError("--out: give the folder to create the instrument folder in (for example questionnaires)");
      // A form without rating items may take those of an instrument (--base), its questions becoming background questions.
      const baseId = flagString(args, "base");
      let base;
      if (baseId) {
        const catalog = await InstrumentCatalog.load(flagString(args, "dir") ?? path.join(projectRoot, "questionnaires"));
        base = catalog.current(baseId);
        if (!base)
          throw new CliUsageError(
            `--base: there is no instrument "${baseId}" (${catalog
              .list()
              .map((i) => i.id)
              .join(", ")})`,
          );
      }
      const read = await readXlsForm(await readFile(file), { fileName: file, skipUnmappable: args.flags["skip-unmappable"] === true, base });
      let problems: XlsFormProblem[];
      if (read.ok) {
        for (const w of read.warnings)
          io.stderr(`warning: ${file}${w.sheet ? ` ${w.sheet}` : ""}${w.row ? ` row ${w.row}` : ""}${w.column ? ` ${w.column}` : ""}: ${w.message}\n`);
        const written = await writeInstrumentFolder(read.folder, path.resolve(out));
        if (written.ok) {
          io.stdout(`${written.dir}\n`);
          io.stderr(
            `Instrument ${written.instrument.id}: ${read.folder.items} items, ${read.folder.background} background questions, version ${written.instrument.version.slice(0, 12)}.\n`,
          );
          return 0;
        }
        problems = written.problems;
      } else problems = read.problems;
      printProblems(io, file, problems);
      return 1;
    },
  },
];

/** "1 answer", "2 answers": the CLI's summaries are in English, its nouns agreeing with their counts. */
function counted(count: number, one: string, other = `${one}s`): string {
  return `${count} ${count === 1 ? one : other}`;
}
