// How users, their country scopes and assessment grants are stored and read (drizzle queries).
import { and, asc, count, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiTokens, assessmentMembers, assessments, countries, sessions, userCountries, users, type Role } from "../db/schema";
import type { Actor, MembershipRole } from "./policy";

export type UserRow = typeof users.$inferSelect;

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
  countries: string[];
  isDisabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface AssessmentGrant {
  assessmentId: number;
  role: MembershipRole;
  countryName: string;
  roundLabel: string;
}

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function countriesOf(db: Db, userId: number): string[] {
  return db
    .select({ iso3: userCountries.countryIso3 })
    .from(userCountries)
    .where(eq(userCountries.userId, userId))
    .orderBy(asc(userCountries.countryIso3))
    .all()
    .map((r) => r.iso3);
}

export function grantsOf(db: Db, userId: number): AssessmentGrant[] {
  return db
    .select({ assessmentId: assessmentMembers.assessmentId, role: assessmentMembers.role, countryName: countries.name, roundLabel: assessments.roundLabel })
    .from(assessmentMembers)
    .innerJoin(assessments, eq(assessments.id, assessmentMembers.assessmentId))
    .innerJoin(countries, eq(countries.iso3, assessments.countryIso3))
    .where(eq(assessmentMembers.userId, userId))
    .orderBy(asc(countries.name), asc(assessments.roundLabel))
    .all();
}

/** The actor for an enabled user, with their stored scopes; undefined for unknown or disabled users. */
export function loadActor(db: Db, userId: number): { actor: Actor; user: UserRow } | undefined {
  const user = findUserById(db, userId);
  if (!user || user.disabledAt) return undefined;
  const assessmentRoles: Record<number, MembershipRole> = {};
  const rawDataGrants: number[] = [];
  for (const grant of db
    .select({ id: assessmentMembers.assessmentId, role: assessmentMembers.role, rawData: assessmentMembers.rawData })
    .from(assessmentMembers)
    .where(eq(assessmentMembers.userId, userId))
    .all()) {
    assessmentRoles[grant.id] = grant.role;
    if (grant.rawData) rawDataGrants.push(grant.id);
  }
  return {
    user,
    actor: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      countries: countriesOf(db, userId),
      assessmentRoles,
      rawDataGrants,
      locale: user.locale,
    },
  };
}

export function listUsers(db: Db): UserSummary[] {
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      disabledAt: users.disabledAt,
      mustChangePassword: users.mustChangePassword,
      createdAt: users.createdAt,
      countries: sql<
        string | null
      >`(select group_concat(country_iso3, ',') from (select country_iso3 from user_countries uc where uc.user_id = ${users.id} order by country_iso3))`,
    })
    .from(users)
    .orderBy(asc(users.email))
    .all();
  return rows.map(({ disabledAt, countries: list, ...row }) => ({ ...row, isDisabled: disabledAt !== null, countries: list ? list.split(",") : [] }));
}

/** The codes among `codes` that are not in the countries table. */
export function unknownCountryCodes(db: Db, codes: string[]): string[] {
  if (codes.length === 0) return [];
  const known = new Set(
    db
      .select({ iso3: countries.iso3 })
      .from(countries)
      .where(inArray(countries.iso3, codes))
      .all()
      .map((r) => r.iso3),
  );
  return codes.filter((code) => !known.has(code));
}

export function replaceCountries(db: Db, userId: number, codes: string[]): void {
  db.delete(userCountries).where(eq(userCountries.userId, userId)).run();
  if (codes.length)
    db.insert(userCountries)
      .values(codes.map((countryIso3) => ({ userId, countryIso3 })))
      .run();
}

export function countEnabledAdmins(db: Db): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
      .get()?.n ?? 0
  );
}

export function countAdmins(db: Db): number {
  return db.select({ n: count() }).from(users).where(eq(users.role, "admin")).get()?.n ?? 0;
}

/** What disabling an account stops at once (the confirmation states it): its live sessions and working API tokens. */
export function accessFigures(db: Db, userId: number, now: Date): { sessions: number; apiTokens: number; grants: number } {
  const live = db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now.getTime())))
    .get();
  const working = db
    .select({ n: count() })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .get();
  return { sessions: live?.n ?? 0, apiTokens: working?.n ?? 0, grants: grantsOf(db, userId).length };
}
