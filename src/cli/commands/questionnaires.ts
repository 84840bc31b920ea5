// `questionnaires check [--dir PATH] [--json]`: validate every instrument with located messages.
import path from "node:path";
import { projectRoot } from "../../config";
import { runQuestionnairesCheck } from "../../questionnaires/check";
import { flagString } from "../io";
import type { CliCommand } from "../run";

export const questionnaireCommands: CliCommand[] = [
  {
    name: "questionnaires check",
    usage: "questionnaires check [--dir PATH] [--json]",
    summary: "validate the instrument files; errors name the file, line and field",
    booleanFlags: ["json"],
    async run(args, io) {
      const dir = flagString(args, "dir") ?? path.join(projectRoot, "questionnaires");
      const result = await runQuestionnairesCheck({ dir, json: args.flags.json === true });
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      return result.exitCode;
    },
  },
];
