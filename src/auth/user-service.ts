// Accounts: creating, re-scoping, disabling and enabling users, changing passwords and languages; each change audited.
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { users } from "../db/schema";
import { NotFoundError } from "../errors";
import { hashPassword, verifyPassword } from "./passwords";
import { assertStrongPassword, personalWords } from "./password-strength";
import type { Actor } from "./policy";
import { AccountInputError, type NewUserInput, type UpdateUserInput } from "./schemas";
import { destroyUserSessions } from "./session-store";
import { countEnabledAdmins, countriesOf, findUserByEmail, findUserById, replaceCountries, unknownCountryCodes, type UserRow } from "./user-repository";

export interface AccountDeps {
  database: AppDatabase;
  clock: () => Date;
}

export interface RequestMeta {
  ip?: string | null;
  /** The session making the change: kept when the user's other sessions are ended. */
  sessionId?: string;
}

/** Who did it: a signed-in user, or a label for changes made outside the web (the command line, start-up). */
export type ChangeActor = Actor | { label: string };

export function auditActor(actor: ChangeActor): { actor: Actor | null; actorLabel?: string } {
  return "label" in actor ? { actor: null, actorLabel: actor.label } : { actor };
}

function requireUser(deps: AccountDeps, userId: number): UserRow {
  const user = findUserById(deps.database.db, userId);
  if (!user) throw new NotFoundError();
  return user;
}

function checkCountries(deps: AccountDeps, codes: string[]): void {
  const unknown = unknownCountryCodes(deps.database.db, codes);
  if (unknown.length) throw new AccountInputError({ countries: "auth.validation.unknownCountries" }, { countries: { codes: unknown.join(", ") } });
}

export interface CreateUserInput extends NewUserInput {
  passwordHash: string;
  mustChangePassword: boolean;
}

export function createUser(deps: AccountDeps, actor: ChangeActor, input: CreateUserInput, meta: RequestMeta = {}): number {
  const { db } = deps.database;
  return deps.database.sqlite.transaction(() => {
    if (findUserByEmail(db, input.email)) throw new AccountInputError({ email: "auth.validation.emailTaken" });
    checkCountries(deps, input.countries);
    const created = db
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChangePassword,
        createdAt: deps.clock().toISOString(),
      })
      .returning({ id: users.id })
      .get();
    replaceCountries(db, created.id, input.countries);
    recordAudit(db, {
      ...auditActor(actor),
      action: "user.create",
      objectType: "user",
      objectId: created.id,
      details: { email: input.email, role: input.role, countries: input.countries },
      ip: meta.ip,
    });
    return created.id;
  })();
}

export function updateUser(deps: AccountDeps, actor: Actor, userId: number, input: UpdateUserInput, meta: RequestMeta = {}): void {
  const { db } = deps.database;
  deps.database.sqlite.transaction(() => {
    const user = requireUser(deps, userId);
    if (user.role === "admin" && input.role !== "admin" && !user.disabledAt && countEnabledAdmins(db) <= 1) {
      throw new AccountInputError({ role: "admin.users.error.lastAdmin" });
    }
    checkCountries(deps, input.countries);
    const before = { name: user.name, role: user.role, countries: countriesOf(db, userId) };
    db.update(users).set({ name: input.name, role: input.role }).where(eq(users.id, userId)).run();
    replaceCountries(db, userId, input.countries);
    recordAudit(db, { actor, action: "user.update", objectType: "user", objectId: userId, details: { email: user.email, before, after: input }, ip: meta.ip });
  })();
}

/** Disables (ending every session at once) or re-enables a user. Nobody can disable themselves or the last administrator. */
export function setUserDisabled(deps: AccountDeps, actor: ChangeActor, userId: number, disabled: boolean, meta: RequestMeta = {}): void {
  const { db } = deps.database;
  deps.database.sqlite.transaction(() => {
    const user = requireUser(deps, userId);
    if (disabled === Boolean(user.disabledAt)) return;
    if (disabled) {
      if (!("label" in actor) && actor.id === userId) throw new AccountInputError({ _: "admin.users.error.disableSelf" });
      if (user.role === "admin" && countEnabledAdmins(db) <= 1) throw new AccountInputError({ _: "admin.users.error.lastAdmin" });
    }
    db.update(users)
      .set({ disabledAt: disabled ? deps.clock().toISOString() : null })
      .where(eq(users.id, userId))
      .run();
    if (disabled) destroyUserSessions(db, userId);
    recordAudit(db, {
      ...auditActor(actor),
      action: disabled ? "user.disable" : "user.enable",
      objectType: "user",
      objectId: userId,
      details: { email: user.email },
      ip: meta.ip,
    });
  })();
}

/** Sets a new password and ends the user's other sessions. */
export function storeNewPassword(deps: AccountDeps, userId: number, passwordHash: string, options: { keepSessionId?: string } = {}): void {
  const { db } = deps.database;
  db.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: deps.clock().toISOString() }).where(eq(users.id, userId)).run();
  destroyUserSessions(db, userId, options.keepSessionId);
}

export async function changePassword(deps: AccountDeps, actor: Actor, input: { current: string; password: string }, meta: RequestMeta = {}): Promise<void> {
  const user = requireUser(deps, actor.id);
  if (!(await verifyPassword(input.current, user.passwordHash))) throw new AccountInputError({ current: "account.password.currentWrong" });
  // After the current password: only the account's owner pays for (and learns from) the strength estimate.
  assertStrongPassword(input.password, personalWords(user.email, user.name));
  const passwordHash = await hashPassword(input.password);
  deps.database.sqlite.transaction(() => {
    storeNewPassword(deps, actor.id, passwordHash, { keepSessionId: meta.sessionId });
    recordAudit(deps.database.db, { actor, action: "user.password_change", objectType: "user", objectId: actor.id, ip: meta.ip });
  })();
}

/** Saves the profile's interface language; null returns to following the browser. */
export function setLocale(deps: AccountDeps, actor: Actor, locale: string | null): void {
  deps.database.db.update(users).set({ locale }).where(eq(users.id, actor.id)).run();
}
