// `assessments list --json`, `assessments new-round …` and `invitations create …`: scripting access to assessments and invitation links.
import { cliLogger } from "../logger";
import { adminActor } from "../../demo/actor";
import { findAssessment, findOrganisationByName, listAssessments } from "../../assessments/repository";
import { addOrganisation, createInvitation, requireAssessment } from "../../assessments/service";
import { invitationLink } from "../../assessments/tokens";
import { invitationSchema } from "../../assessments/schemas";
import { startNextRound } from "../../assessments/rounds";
import { nextRoundSchema } from "../../assessments/schemas";
import { parseInput } from "../../errors";
import { CliUsageError, flagList, flagString } from "../io";
import { mailCommands } from "./mail";
import type { CliCommand } from "../run";

export const assessmentCommands: CliCommand[] = [
  ...mailCommands,
  {
    name: "assessments list",
    usage: "assessments list [--json]",
    summary: "list assessments (id, country, round, status)",
    booleanFlags: ["json"],
    async run(args, io, env) {
      const { buildContext } = await import("../../bootstrap");
      const context = await buildContext(env.config(), { logger: cliLogger(env) });
      try {
        const rows = listAssessments(context.database.db, undefined).map((a) => ({ id: a.id, country: a.countryIso3, round: a.roundLabel, status: a.status }));
        if (args.flags.json === true) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        else for (const r of rows) io.stdout(`${String(r.id).padStart(4)}  ${r.country}  ${r.round.padEnd(10)}  ${r.status}\n`);
        return 0;
      } finally {
        context.database.close();
      }
    },
  },
  {
    name: "assessments new-round",
    usage: "assessments new-round --from ID --round LABEL [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--json]",
    summary: "start the next round of an assessment as a draft (same organisations, invitees with new links, settings)",
    booleanFlags: ["json"],
    async run(args, io, env) {
      const sourceId = Number(flagString(args, "from"));
      if (!Number.isSafeInteger(sourceId) || sourceId <= 0)
        throw new CliUsageError("--from: give the id of the assessment to carry over (see assessments list)");
      const input = parseInput(nextRoundSchema, {
        roundLabel: flagString(args, "round"),
        opensOn: flagString(args, "opens"),
        closesOn: flagString(args, "closes"),
      });
      const { buildContext } = await import("../../bootstrap");
      const context = await buildContext(env.config(), { logger: cliLogger(env) });
      try {
        const id = startNextRound(context, adminActor(context.database), sourceId, input);
        io.stdout(args.flags.json === true ? `${JSON.stringify({ id })}\n` : `${id}\n`);
        return 0;
      } finally {
        context.database.close();
      }
    },
  },
  {
    name: "invitations create",
    usage: "invitations create --assessment ID --organisation NAME --levels LEVEL[,LEVEL] [--language LANG] [--email E] [--name N] [--json]",
    summary: "create an invitation (and the organisation when new); prints its link",
    booleanFlags: ["json"],
    async run(args, io, env) {
      const assessmentId = Number(flagString(args, "assessment"));
      const organisationName = flagString(args, "organisation");
      const levels = flagList(args, "levels");
      if (!Number.isSafeInteger(assessmentId) || assessmentId <= 0) throw new CliUsageError("--assessment: give the assessment id (see assessments list)");
      if (!organisationName) throw new CliUsageError("--organisation: give the organisation's name");
      if (levels.length === 0) throw new CliUsageError("--levels: give at least one level, e.g. organisational,institutional");
      const { buildContext } = await import("../../bootstrap");
      const context = await buildContext(env.config(), { logger: cliLogger(env) });
      try {
        const actor = adminActor(context.database);
        const assessment = requireAssessment(context, assessmentId);
        const organisationId =
          findOrganisationByName(context.database.db, assessmentId, organisationName)?.id ??
          addOrganisation(context, actor, assessmentId, { name: organisationName, type: "ministry" });
        const language = flagString(args, "language") ?? assessment.languages[0];
        const input = parseInput(invitationSchema, { organisationId, levels, language, email: flagString(args, "email"), name: flagString(args, "name") });
        const created = createInvitation(context, actor, assessmentId, input);
        const link = invitationLink(env.linkBase(), created.token);
        io.stdout(args.flags.json === true ? `${JSON.stringify({ id: created.id, link })}\n` : `${link}\n`);
        return findAssessment(context.database.db, assessmentId) ? 0 : 1;
      } finally {
        context.database.close();
      }
    },
  },
];
