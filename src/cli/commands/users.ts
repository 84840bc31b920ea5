// `users create|list|disable|enable|reset-link`: accounts from the command line, for the first run and for recovery.
import { generatePassword, hashPassword } from "../../auth/passwords";
import { passwordWeakness, personalWords } from "../../auth/password-strength";
import { issuePasswordReset, resetLink, RESET_LIFETIME_HOURS } from "../../auth/password-resets";
import { AccountInputError, emailSchema, localiseFieldErrors, newPasswordSchema, newUserSchema, parseAccountInput } from "../../auth/schemas";
import { findUserByEmail, listUsers } from "../../auth/user-repository";
import { createUser, setUserDisabled, type AccountDeps } from "../../auth/user-service";
import type { Config } from "../../config";
import { openDatabase } from "../../db/client";
import { englishText, Translator } from "../../i18n/translate";
import { CliUsageError, flagList, flagString, type ParsedArgs } from "../io";
import type { CliCommand } from "../run";

const CLI_ACTOR = { label: "command line" };

/** Opens the configured database for one command and closes it afterwards, whatever happens. */
async function withAccounts<T>(config: Config, work: (deps: AccountDeps) => Promise<T> | T): Promise<T> {
  const database = openDatabase(config.databasePath);
  try {
    return await work({ database, clock: () => new Date() });
  } finally {
    database.close();
  }
}

/** Input errors carry catalogue keys: the command line reports them in English, one line per field. */
function explained(error: unknown): never {
  if (error instanceof AccountInputError) {
    const fields = localiseFieldErrors(new Translator(), "en", error);
    throw new CliUsageError(
      Object.entries(fields)
        .map(([field, message]) => (field === "_" ? message : `--${field === "countries" ? "country" : field}: ${message}`))
        .join("\n"),
    );
  }
  throw error;
}

function requiredEmail(args: ParsedArgs): string {
  const parsed = emailSchema.safeParse(flagString(args, "email") ?? "");
  if (!parsed.success) throw new CliUsageError("--email: give the account's e-mail address");
  return parsed.data;
}

async function passwordFromStdin(readStdin: () => Promise<string>, email: string, name: string): Promise<string> {
  // One trailing line break is what `echo` and here-strings add; anything else is part of the password.
  const password = (await readStdin()).replace(/\r?\n$/, "");
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) throw new CliUsageError(`standard input: ${new Translator().t("en", "auth.validation.passwordLength")}`);
  const weakness = passwordWeakness(parsed.data, personalWords(email, name));
  if (weakness) throw new CliUsageError(`standard input: ${englishText({ key: weakness })}`);
  return parsed.data;
}

export const usersCommands: CliCommand[] = [
  {
    name: "users create",
    usage: "users create --email E --role admin|expert|focal_point|analyst [--name N] [--country ISO3…] [--password-stdin]",
    summary: "create an account (password from standard input, or a generated one printed once)",
    booleanFlags: ["password-stdin"],
    async run(args, io, env) {
      const input = (() => {
        try {
          return parseAccountInput(newUserSchema, {
            email: flagString(args, "email") ?? "",
            name: flagString(args, "name") ?? "",
            role: flagString(args, "role"),
            countries: flagList(args, "country"),
          });
        } catch (error) {
          explained(error);
        }
      })();
      const chosen = args.flags["password-stdin"] === true ? await passwordFromStdin(io.readStdin, input.email, input.name) : undefined;
      const password = chosen ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const id = await withAccounts(env.config(), (deps) => {
        try {
          return createUser(deps, CLI_ACTOR, { ...input, passwordHash, mustChangePassword: chosen === undefined });
        } catch (error) {
          explained(error);
        }
      });
      io.stdout(`Created ${input.role} ${input.email} (id ${id}).\n`);
      if (!chosen) io.stdout(`One-time password (shown only now; it must be changed at the first sign-in): ${password}\n`);
      return 0;
    },
  },
  {
    name: "users list",
    usage: "users list [--json]",
    summary: "list the accounts, their roles, countries and status",
    booleanFlags: ["json"],
    async run(args, io, env) {
      const users = await withAccounts(env.config(), (deps) => listUsers(deps.database.db));
      if (args.flags.json === true) {
        io.stdout(
          `${JSON.stringify(
            users.map(({ locale: _locale, ...u }) => u),
            null,
            2,
          )}\n`,
        );
        return 0;
      }
      if (users.length === 0) {
        io.stdout("No accounts yet. Create one with: npm run cli -- users create --email E --role admin\n");
        return 0;
      }
      const rows = [
        ["ID", "E-MAIL", "ROLE", "COUNTRIES", "STATUS", "NAME"],
        ...users.map((u) => [
          String(u.id),
          u.email,
          u.role,
          u.countries.join(",") || "-",
          u.isDisabled ? "disabled" : u.mustChangePassword ? "must change password" : "active",
          u.name,
        ]),
      ];
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      io.stdout(
        `${rows
          .map((r) =>
            r
              .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
              .join("  ")
              .trimEnd(),
          )
          .join("\n")}\n`,
      );
      return 0;
    },
  },
  {
    name: "users disable",
    usage: "users disable --email E",
    summary: "disable an account: it cannot sign in, its sessions and API tokens stop working",
    async run(args, io, env) {
      const email = requiredEmail(args);
      await withAccounts(env.config(), (deps) => {
        const user = findUserByEmail(deps.database.db, email);
        if (!user) throw new CliUsageError(`--email: there is no account ${email}`);
        try {
          setUserDisabled(deps, CLI_ACTOR, user.id, true);
        } catch (error) {
          explained(error);
        }
      });
      io.stdout(`Disabled ${email}.\n`);
      return 0;
    },
  },
  {
    name: "users enable",
    usage: "users enable --email E",
    summary: "enable a disabled account again",
    async run(args, io, env) {
      const email = requiredEmail(args);
      await withAccounts(env.config(), (deps) => {
        const user = findUserByEmail(deps.database.db, email);
        if (!user) throw new CliUsageError(`--email: there is no account ${email}`);
        setUserDisabled(deps, CLI_ACTOR, user.id, false);
      });
      io.stdout(`Enabled ${email}.\n`);
      return 0;
    },
  },
  {
    name: "users reset-link",
    usage: "users reset-link --email E",
    summary: `print a single-use link (valid ${RESET_LIFETIME_HOURS} h) with which the person sets a new password`,
    async run(args, io, env) {
      const email = requiredEmail(args);
      const config = env.config();
      const token = await withAccounts(config, (deps) => {
        const user = findUserByEmail(deps.database.db, email);
        if (!user) throw new CliUsageError(`--email: there is no account ${email}`);
        if (user.disabledAt) throw new CliUsageError(`--email: ${email} is disabled; enable it first with users enable`);
        return issuePasswordReset(deps, CLI_ACTOR, user.id).token;
      });
      io.stdout(`Give this link to ${email}; it works once, within ${RESET_LIFETIME_HOURS} hours:\n${resetLink(env.linkBase(), token)}\n`);
      return 0;
    },
  },
];
