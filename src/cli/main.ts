// The command-line entry: `npm run cli -- <command> …`. Each command lives in src/cli/commands/.
import { ConfigError } from "../config";
import { redactText } from "../log-redaction";
import { commands, runCli } from "./run";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  // Standard error carries messages and warnings, never a result: links and tokens in them are redacted (docs/logging.md).
  stderr: (text) => process.stderr.write(redactText(text)),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
})
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`${redactText(String(error instanceof ConfigError ? error.message : (error?.stack ?? error)))}\n`);
    process.exit(1);
  });

export { commands };
