// Test data builders: users, assessments, organisations and invitations through the real services, so a test
// reads like the case it checks.
import type { Actor } from "../../src/auth/policy";
import { hashPasswordSync } from "../../src/auth/passwords";
import { addOrganisation, createAssessment, createInvitation, transitionAssessment } from "../../src/assessments/service";
import { lookupOf } from "../../src/assessments/tokens";
import type { AppContext } from "../../src/context";
import { assessmentMembers, userCountries, users, type Role } from "../../src/db/schema";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers, submitResponse } from "../../src/responses/service";
import type { AnswerInput } from "../../src/responses/schemas";

export const TEST_PASSWORD = "correct horse battery staple";
/** Cheap scrypt parameters: tests create many users; production parameters are tested in test/auth. */
const cheap = { N: 2 ** 10, r: 8, p: 1 };

export function aUser(
  context: AppContext,
  role: Role,
  options: { email?: string; countries?: string[]; grants?: { assessmentId: number; role: "owner" | "expert" | "analyst" }[] } = {},
): Actor {
  const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const { db } = context.database;
  const row = db
    .insert(users)
    .values({ email, name: `${role} user`, role, passwordHash: hashPasswordSync(TEST_PASSWORD, cheap) })
    .returning({ id: users.id })
    .get();
  for (const iso3 of options.countries ?? []) db.insert(userCountries).values({ userId: row.id, countryIso3: iso3 }).run();
  for (const grant of options.grants ?? []) db.insert(assessmentMembers).values({ assessmentId: grant.assessmentId, userId: row.id, role: grant.role }).run();
  const assessmentRoles: Actor["assessmentRoles"] = {};
  for (const grant of options.grants ?? []) assessmentRoles[grant.assessmentId] = grant.role;
  return { id: row.id, email, name: `${role} user`, role, countries: options.countries ?? [], assessmentRoles, locale: "en" };
}

export function grant(context: AppContext, actor: Actor, assessmentId: number, role: "owner" | "expert" | "analyst"): void {
  context.database.db.insert(assessmentMembers).values({ assessmentId, userId: actor.id, role }).onConflictDoNothing().run();
  actor.assessmentRoles[assessmentId] = role;
}

export interface BuiltAssessment {
  id: number;
  organisationIds: number[];
  owner: Actor;
}

export function anAssessment(
  context: AppContext,
  options: {
    country?: string;
    round?: string;
    levels?: string[];
    languages?: string[];
    acceptsFallback?: boolean;
    organisations?: string[];
    status?: "draft" | "open" | "closed";
    minGroupSize?: number;
    owner?: Actor;
  } = {},
): BuiltAssessment {
  const owner = options.owner ?? aUser(context, "expert");
  const deps = { database: context.database, instruments: context.instruments, secret: context.secret, clock: context.clock };
  const instrument = context.instruments.current("digital-government")!;
  const id = createAssessment(deps, owner, {
    countryIso3: options.country ?? "LAO",
    instrumentId: "digital-government",
    roundLabel: options.round ?? `R${Math.random().toString(36).slice(2, 7)}`,
    levels: options.levels ?? instrument.levels.map((l) => l.id),
    languages: options.languages ?? ["en"],
    acceptsFallback: options.acceptsFallback,
    minGroupSize: options.minGroupSize ?? 3,
  });
  owner.assessmentRoles[id] = owner.role === "expert" ? "owner" : owner.assessmentRoles[id];
  const organisationIds = (options.organisations ?? ["Ministry of Finance", "Ministry of Health"]).map((name) =>
    addOrganisation(deps, owner, id, { name, type: "ministry" }),
  );
  if (options.status === "open" || options.status === "closed") transitionAssessment(deps, owner, id, "open");
  if (options.status === "closed") transitionAssessment(deps, owner, id, "close");
  return { id, organisationIds, owner };
}

export function anInvitation(
  context: AppContext,
  assessment: BuiltAssessment,
  options: { organisationId?: number; levels?: string[]; language?: string; email?: string; name?: string } = {},
): { id: number; token: string } {
  const deps = { database: context.database, instruments: context.instruments, secret: context.secret, clock: context.clock };
  return createInvitation(deps, assessment.owner, assessment.id, {
    organisationId: options.organisationId ?? assessment.organisationIds[0],
    levels: options.levels ?? ["organisational"],
    language: options.language ?? "en",
    email: options.email,
    name: options.name,
  });
}

/** A respondent who answered every item of their levels with the given values, then submitted. */
export function aSubmittedResponse(
  context: AppContext,
  token: string,
  values: { current?: number; target?: number; importance?: number } | ((itemId: string) => Partial<AnswerInput>) = {},
): void {
  const invitation = findInvitationByLookup(context.database, lookupOf(token))!;
  const instrument = context.instruments.pinned(context.database, invitation.instrumentVersion);
  const answers: AnswerInput[] = instrument.levels
    .filter((l) => invitation.levels.includes(l.id))
    .flatMap((l) => l.dimensions.flatMap((d) => d.items))
    .map((item) => {
      const given = typeof values === "function" ? values(item.id) : values;
      return { itemId: item.id, kind: "answered", current: 2, target: 4, importance: 2, comment: null, ...given } as AnswerInput;
    });
  saveAnswers(context.database, invitation, answers, { source: "seed", now: context.clock() });
  submitResponse(context.database, invitation, context.clock());
}
