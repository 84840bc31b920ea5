// What a CLI command gets and gives: its arguments, output streams and the exit code. Commands are testable in-process.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for --password-stdin and piped files). */
  readStdin: () => Promise<string>;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true | string[]>;
}

/** `--name value`, `--name=value`, `--flag`; a repeated flag collects values. */
export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags: ParsedArgs["flags"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    let value: string | true;
    if (inline !== undefined) value = inline;
    else if (booleanFlags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith("--")) value = true;
    else value = argv[++i];
    const previous = flags[name];
    if (previous === undefined) flags[name] = value;
    else flags[name] = [...(Array.isArray(previous) ? previous : [String(previous)]), String(value)];
  }
  return { positional, flags };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  if (value === undefined || value === true) return undefined;
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function flagList(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  if (value === undefined || value === true) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export class CliUsageError extends Error {}
