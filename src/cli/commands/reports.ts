// `export report`: the report as the report page downloads it (PDF or Word), from the same model (reportFor: the
// frozen snapshot of a published assessment, live results otherwise). Run with the rights of whoever operates the
// server, like the other exports.
import path from "node:path";
import { z } from "zod";
import { requireAssessment } from "../../assessments/service";
import { reportFile, reportFormats } from "../../reports/report-file";
import { offersLanguage, reportFor } from "../../reports/service";
import { CliUsageError, flagString } from "../io";
import type { CliCommand } from "../run";
import { withContext, writeFileAtomically } from "./exchange";

const options = z.object({
  assessment: z.coerce.number({ error: "--assessment: give the assessment id (a number)" }).int().positive("--assessment: give the assessment id (a number)"),
  format: z.enum(reportFormats, { error: `--format: must be one of ${reportFormats.join(", ")}` }),
  lang: z
    .string()
    .regex(/^[a-z]{2}$/, "--lang: give a language code such as en or ar")
    .optional(),
  out: z.string({ error: "--out: give the file to write" }).min(1, "--out: give the file to write"),
  organisation: z.coerce.number({ error: "--organisation: give the organisation id (a number)" }).int().positive().optional(),
});

export const reportCommands: CliCommand[] = [
  {
    name: "export report",
    usage: "export report --assessment ID --format docx|pdf [--lang LANG] [--organisation ID] --out FILE",
    summary: "write the report (Word or PDF) as the report page downloads it",
    async run(args, io, env) {
      const parsed = options.safeParse({
        assessment: flagString(args, "assessment"),
        format: flagString(args, "format"),
        lang: flagString(args, "lang"),
        out: flagString(args, "out"),
        organisation: flagString(args, "organisation"),
      });
      if (!parsed.success) throw new CliUsageError(parsed.error.issues[0].message);
      const { assessment: assessmentId, format, lang, organisation } = parsed.data;
      const out = path.resolve(parsed.data.out);
      return withContext(env, async (context) => {
        const assessment = requireAssessment(context, assessmentId);
        if (lang && !offersLanguage(assessment, lang))
          throw new CliUsageError(`--lang: assessment ${assessment.id} is offered in ${assessment.languages.join(", ")}, not ${lang}`);
        if (organisation !== undefined) {
          const known = context.database.sqlite
            .prepare("select 1 from organisations where id = ? and assessment_id = ?")
            .pluck()
            .get(organisation, assessment.id);
          if (!known) throw new CliUsageError(`--organisation: assessment ${assessment.id} has no organisation ${organisation}`);
        }
        const deps = {
          database: context.database,
          instruments: context.instruments,
          countries: context.countries,
          clock: context.clock,
          secret: context.secret,
        };
        const model = reportFor(deps, assessment, { language: lang, organisation: organisation === undefined ? undefined : { id: organisation } });
        const file = await reportFile(assessment, model, format, context.translator);
        await writeFileAtomically(out, file.body);
        io.stdout(`${out}\n`);
        return 0;
      });
    },
  },
];
