// First run: when there is no administrator at all, create one from ADMIN_EMAIL / ADMIN_PASSWORD (or a generated password).
import type { AppContext } from "../context";
import { englishText } from "../i18n/translate";
import { generatePassword, hashPasswordSync } from "./passwords";
import { passwordWeakness, personalWords } from "./password-strength";
import { countAdmins, findUserByEmail } from "./user-repository";
import { createUser } from "./user-service";

export const DEFAULT_ADMIN_EMAIL = "admin@example.org";

export interface InitialAdmin {
  email: string;
  /** Present only when generated: print it once; the administrator must change it at first sign-in. */
  password?: string;
}

/**
 * Creates the first administrator and returns what to tell the operator, or null when an administrator exists
 * (enabled or not: disabling the last one is refused, so a disabled one was a deliberate choice).
 */
export function ensureInitialAdmin(context: Pick<AppContext, "config" | "database" | "clock">): InitialAdmin | null {
  const { database, config } = context;
  if (countAdmins(database.db) > 0) return null;
  const email = (config.adminEmail ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  if (findUserByEmail(database.db, email)) {
    throw new Error(
      `There is no administrator, and ADMIN_EMAIL (${email}) belongs to an existing account that is not one. Set ADMIN_EMAIL to another address, or run: npm run cli -- users create --email <address> --role admin`,
    );
  }
  if (config.adminPassword) {
    const weakness = passwordWeakness(config.adminPassword, personalWords(email));
    if (weakness)
      throw new Error(
        `ADMIN_PASSWORD is too weak for the first administrator: ${englishText({ key: weakness })} Set a stronger one, or leave it unset to get a generated one-time password.`,
      );
  }
  const generated = config.adminPassword ? undefined : generatePassword();
  createUser(
    { database, clock: context.clock },
    { label: "system (first start)" },
    {
      email,
      name: "",
      role: "admin",
      countries: [],
      passwordHash: hashPasswordSync(config.adminPassword ?? generated!),
      mustChangePassword: generated !== undefined,
    },
  );
  return generated ? { email, password: generated } : { email };
}
