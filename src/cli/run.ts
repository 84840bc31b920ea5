// Dispatches `<group> <command>` to the command modules and maps errors to exit codes.
import { loadConfig, type Config } from "../config";
import { CliUsageError, parseArgs, type CliIo, type ParsedArgs } from "./io";
import { assessmentCommands } from "./commands/assessments";
import { dbCommands } from "./commands/db";
import { usersCommands } from "./commands/users";
import { demoCommands } from "./commands/demo";
import { questionnaireCommands } from "./commands/questionnaires";
import { exchangeCommands } from "./commands/exchange";
import { reportCommands } from "./commands/reports";

export interface CliCommand {
  /** e.g. "db migrate" */
  name: string;
  usage: string;
  summary: string;
  booleanFlags?: readonly string[];
  run(args: ParsedArgs, io: CliIo, env: CliEnvironment): Promise<number>;
}

export interface CliEnvironment {
  /** Parsed lazily, so that `questionnaires check` works without a valid database configuration. */
  config(): Config;
  /** The address links are printed with (BASE_URL); says once, on standard error, when BASE_URL is unset. */
  linkBase(): string;
}

export const commands: CliCommand[] = [
  ...questionnaireCommands,
  ...dbCommands,
  ...demoCommands,
  ...assessmentCommands,
  ...usersCommands,
  ...exchangeCommands,
  ...reportCommands,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return `Usage: npm run cli -- <command> [options]\n\n${commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join("\n")}\n`;
}

export async function runCli(argv: string[], io: CliIo, processEnv: NodeJS.ProcessEnv = process.env): Promise<number> {
  const command = commands
    .filter((c) => {
      const words = c.name.split(" ");
      return words.every((word, i) => argv[i] === word);
    })
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command || (argv.includes("--help") && argv.length === 1)) {
    io.stderr(usage());
    return argv.length === 0 || argv[0] === "--help" ? 0 : 2;
  }
  const args = parseArgs(argv.slice(command.name.split(" ").length), command.booleanFlags);
  let config: Config | undefined;
  let warned = false;
  const env: CliEnvironment = {
    config: () => (config ??= loadConfig(processEnv)),
    linkBase: () => {
      const { baseUrl } = env.config();
      if (!processEnv.BASE_URL?.trim() && !warned) {
        warned = true;
        io.stderr(`Warning: BASE_URL is not set, so links start with ${baseUrl}. Set BASE_URL to the address people use, e.g. https://cna.example.org.\n`);
      }
      return baseUrl;
    },
  };
  try {
    return await command.run(args, io, env);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${error.message}\nUsage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
