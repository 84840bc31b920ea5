// What staff do to an assessment: create it, move it through its lifecycle, manage organisations and invitations.
import { and, eq } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import type { ServerSecret } from "../auth/server-secret";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { assessmentMembers, assessments, countries, invitations, organisations, responses } from "../db/schema";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { isCompleteIn } from "../questionnaires/i18n";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { closingInstant, isPastDeadline } from "./deadline";
import { isStructureEditable, nextStatus, type Transition } from "./lifecycle";
import { findAssessment, findInvitation, findOrganisation, findOrganisationByName, type AssessmentSummary } from "./repository";
import type { CreateAssessmentInput, InvitationEditInput, InvitationInput, InvitationRow, OrganisationInput } from "./schemas";
import { issueInvitationToken } from "./tokens";

export interface AssessmentDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  secret: ServerSecret;
  clock: () => Date;
}

export interface RequestMeta {
  ip?: string | null;
}

/** Published means frozen: what respondents and readers were shown must not change under them. */
function assertNotFrozen(assessment: AssessmentSummary): void {
  if (assessment.status === "published") throw new ConflictError({ key: "errors.assessment.frozen" });
}

export function requireAssessment(deps: Pick<AssessmentDeps, "database">, id: number): AssessmentSummary {
  const assessment = Number.isSafeInteger(id) ? findAssessment(deps.database.db, id) : undefined;
  if (!assessment) throw new NotFoundError({ key: "errors.assessment.notFound" });
  return assessment;
}

export function createAssessment(deps: AssessmentDeps, actor: Actor, input: CreateAssessmentInput, meta: RequestMeta = {}): number {
  const { db } = deps.database;
  const country = db.select().from(countries).where(eq(countries.iso3, input.countryIso3)).get();
  if (!country) throw new InvalidInputError("countryIso3: unknown country", { countryIso3: "unknown country" });
  const instrument = deps.instruments.current(input.instrumentId);
  if (!instrument) throw new InvalidInputError("instrumentId: unknown instrument", { instrumentId: "unknown instrument" });
  const levelIds = instrument.levels.map((l) => l.id);
  const badLevel = input.levels.find((l) => !levelIds.includes(l));
  if (badLevel)
    throw new InvalidInputError(`levels: ${badLevel} is not a level of this instrument`, { levels: `${badLevel} is not a level of this instrument` });
  const offered = deps.instruments.languagesOf(instrument);
  const badLanguage = input.languages.find((l) => !offered.includes(l));
  if (badLanguage)
    throw new InvalidInputError(`languages: the instrument is not available in ${badLanguage}`, { languages: `not available in ${badLanguage}` });
  // Respondents should read the whole questionnaire in their language; an incomplete one only when the expert says so.
  const incomplete = input.languages.filter((l) => !isCompleteIn(instrument, l));
  if (incomplete.length > 0 && !input.acceptsFallback) {
    const message =
      "the instrument is not completely translated into every language chosen: offer only complete languages, or accept that untranslated texts are shown in the fallback language";
    throw new InvalidInputError(`languages: ${message} (${incomplete.join(", ")})`, { languages: message });
  }
  const duplicate = db
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.countryIso3, input.countryIso3), eq(assessments.instrumentId, instrument.id), eq(assessments.roundLabel, input.roundLabel)))
    .get();
  if (duplicate) throw new ConflictError({ key: "errors.assessment.duplicateRound", params: { country: country.name, round: input.roundLabel } });

  return deps.database.sqlite.transaction(() => {
    deps.instruments.pin(deps.database, instrument);
    const created = db
      .insert(assessments)
      .values({
        countryIso3: input.countryIso3,
        instrumentId: instrument.id,
        instrumentVersion: instrument.version,
        roundLabel: input.roundLabel,
        levels: levelIds.filter((l) => input.levels.includes(l)),
        languages: input.languages,
        acceptsFallback: input.acceptsFallback === true,
        opensOn: input.opensOn ?? null,
        closesOn: input.closesOn ?? null,
        closesTime: input.closesTime ?? null,
        timeZone: input.timeZone ?? "UTC",
        closesAt: closingInstant(input.closesOn, input.closesTime, input.timeZone ?? "UTC"),
        minGroupSize: input.minGroupSize,
        createdBy: actor.id,
      })
      .returning({ id: assessments.id })
      .get();
    if (actor.role === "expert") db.insert(assessmentMembers).values({ assessmentId: created.id, userId: actor.id, role: "owner" }).run();
    recordAudit(db, {
      actor,
      action: "assessment.create",
      objectType: "assessment",
      objectId: String(created.id),
      details: { country: input.countryIso3, round: input.roundLabel, instrumentVersion: instrument.version },
      ip: meta.ip,
    });
    return created.id;
  })();
}

export interface DatesInput {
  opensOn?: string;
  closesOn?: string;
  closesTime?: string;
  timeZone?: string;
}

/**
 * Sets the dates, the closing time and the time zone. Moving the closing instant later is an extension (audited as
 * such); a round the deadline closed by itself opens again when its new closing instant is still to come.
 */
export function updateAssessmentDates(deps: AssessmentDeps, actor: Actor, id: number, dates: DatesInput, meta: RequestMeta = {}): { reopened: boolean } {
  const { db, sqlite } = deps.database;
  return sqlite
    .transaction(() => {
      const before = requireAssessment(deps, id);
      assertNotFrozen(before);
      const now = deps.clock();
      const timeZone = dates.timeZone ?? before.timeZone;
      const closesAt = closingInstant(dates.closesOn, dates.closesTime, timeZone);
      const isExtension = Boolean(before.closesAt) && (closesAt === null || closesAt > before.closesAt!);
      const reopened = before.status === "closed" && !isPastDeadline(closesAt, now) && wasClosedByDeadline(deps, id);
      db.update(assessments)
        .set({
          opensOn: dates.opensOn ?? null,
          closesOn: dates.closesOn ?? null,
          closesTime: dates.closesTime ?? null,
          timeZone,
          closesAt,
          updatedAt: now.toISOString(),
          ...(reopened ? { status: "open" as const } : {}),
        })
        .where(eq(assessments.id, id))
        .run();
      recordAudit(db, {
        actor,
        action: isExtension ? "assessment.extend" : "assessment.dates",
        objectType: "assessment",
        objectId: String(id),
        details: { ...dates, timeZone, closesAt: { from: before.closesAt, to: closesAt }, ...(reopened ? { reopened: true } : {}) },
        ip: meta.ip,
      });
      return { reopened };
    })
    .immediate();
}

/** Whether the round's last closing or reopening was the deadline closing it (not a person). */
function wasClosedByDeadline(deps: Pick<AssessmentDeps, "database">, id: number): boolean {
  const last = deps.database.sqlite
    .prepare(
      "select action, actor_user_id as actorId, actor_label as label from audit_log where object_type = 'assessment' and object_id = ? and action in ('assessment.close', 'assessment.reopen') order by id desc limit 1",
    )
    .get(String(id)) as { action: string; actorId: number | null; label: string } | undefined;
  return last?.action === "assessment.close" && last.actorId === null && last.label === "deadline";
}

/** Moves the assessment along its lifecycle; publishing and unpublishing go through the reports module (snapshot). */
export function transitionAssessment(
  deps: AssessmentDeps,
  actor: Actor,
  id: number,
  transition: Exclude<Transition, "publish" | "unpublish">,
  meta: RequestMeta = {},
): void {
  const { db } = deps.database;
  deps.database.sqlite
    .transaction(() => {
      const assessment = requireAssessment(deps, id);
      const to = nextStatus(assessment.status, transition);
      if (!to)
        throw new ConflictError({
          key: "errors.assessment.transitionRefused",
          params: { status: { key: `status.${assessment.status}` }, transition: { key: `transition.${transition}` } },
        });
      // A round whose closing instant has passed would close again at once: its date must move first.
      if ((transition === "open" || transition === "reopen") && isPastDeadline(assessment.closesAt, deps.clock()))
        throw new ConflictError({ key: "errors.assessment.pastDeadline" });
      if (transition === "open") {
        const organisationCount = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.assessmentId, id)).all().length;
        if (organisationCount === 0) throw new ConflictError({ key: "errors.assessment.noOrganisations" });
      }
      db.update(assessments).set({ status: to, updatedAt: deps.clock().toISOString() }).where(eq(assessments.id, id)).run();
      recordAudit(db, {
        actor,
        action: `assessment.${transition}`,
        objectType: "assessment",
        objectId: String(id),
        details: { from: assessment.status, to },
        ip: meta.ip,
      });
    })
    .immediate();
}

export function addOrganisation(deps: AssessmentDeps, actor: Actor, assessmentId: number, input: OrganisationInput, meta: RequestMeta = {}): number {
  const assessment = requireAssessment(deps, assessmentId);
  assertNotFrozen(assessment);
  if (findOrganisationByName(deps.database.db, assessmentId, input.name))
    throw new ConflictError({ key: "errors.organisation.duplicate", params: { name: input.name } });
  return deps.database.sqlite.transaction(() => {
    const row = deps.database.db.insert(organisations).values({ assessmentId, name: input.name, type: input.type }).returning({ id: organisations.id }).get();
    recordAudit(deps.database.db, {
      actor,
      action: "organisation.create",
      objectType: "organisation",
      objectId: String(row.id),
      details: { assessmentId, ...input },
      ip: meta.ip,
    });
    return row.id;
  })();
}

export function updateOrganisation(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number,
  input: OrganisationInput,
  meta: RequestMeta = {},
): void {
  assertNotFrozen(requireAssessment(deps, assessmentId));
  const organisation = findOrganisation(deps.database.db, assessmentId, organisationId);
  if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
  const clash = findOrganisationByName(deps.database.db, assessmentId, input.name);
  if (clash && clash.id !== organisationId) throw new ConflictError({ key: "errors.organisation.duplicate", params: { name: input.name } });
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(organisations).set(input).where(eq(organisations.id, organisationId)).run();
    recordAudit(deps.database.db, {
      actor,
      action: "organisation.update",
      objectType: "organisation",
      objectId: String(organisationId),
      details: { before: { name: organisation.name, type: organisation.type }, after: input },
      ip: meta.ip,
    });
  })();
}

/** Removes an organisation and its (unanswered) invitations; refused once anyone of it has answered. */
export function removeOrganisation(deps: AssessmentDeps, actor: Actor, assessmentId: number, organisationId: number, meta: RequestMeta = {}): void {
  assertNotFrozen(requireAssessment(deps, assessmentId));
  const { db } = deps.database;
  deps.database.sqlite
    .transaction(() => {
      const organisation = findOrganisation(db, assessmentId, organisationId);
      if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
      const responseCount = db.select({ id: responses.id }).from(responses).where(eq(responses.organisationId, organisationId)).all().length;
      if (responseCount > 0) throw new ConflictError({ key: "errors.organisation.hasResponses", params: { name: organisation.name, count: responseCount } });
      db.delete(invitations).where(eq(invitations.organisationId, organisationId)).run();
      db.delete(organisations).where(eq(organisations.id, organisationId)).run();
      recordAudit(db, {
        actor,
        action: "organisation.delete",
        objectType: "organisation",
        objectId: String(organisationId),
        details: { assessmentId, name: organisation.name },
        ip: meta.ip,
      });
    })
    .immediate();
}

function checkInvitationFields(assessment: AssessmentSummary, levels: string[], language: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const badLevel = levels.find((l) => !assessment.levels.includes(l));
  if (badLevel) errors.levels = `${badLevel} is not a level of this assessment (${assessment.levels.join(", ")})`;
  if (!assessment.languages.includes(language)) errors.language = `${language} is not offered (${assessment.languages.join(", ")})`;
  return errors;
}

export function insertInvitation(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number,
  fields: { name?: string; email?: string; levels: string[]; language: string },
): { id: number; token: string } {
  const issued = issueInvitationToken(deps.secret);
  const row = deps.database.db
    .insert(invitations)
    .values({
      assessmentId,
      organisationId,
      name: fields.name ?? null,
      email: fields.email ?? null,
      levels: fields.levels,
      language: fields.language,
      tokenSeed: issued.seed,
      tokenLookup: issued.lookup,
      createdBy: actor.id,
    })
    .returning({ id: invitations.id })
    .get();
  return { id: row.id, token: issued.token };
}

export function createInvitation(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  input: InvitationInput,
  meta: RequestMeta = {},
): { id: number; token: string } {
  const assessment = requireAssessment(deps, assessmentId);
  if (assessment.status === "published" || assessment.status === "closed") throw new ConflictError({ key: "errors.invitation.roundClosed" });
  if (!findOrganisation(deps.database.db, assessmentId, input.organisationId))
    throw new InvalidInputError("organisationId: no such organisation in this assessment", { organisationId: "no such organisation in this assessment" });
  const errors = checkInvitationFields(assessment, input.levels, input.language);
  if (Object.keys(errors).length)
    throw new InvalidInputError(
      Object.entries(errors)
        .map(([f, m]) => `${f}: ${m}`)
        .join("; "),
      errors,
    );
  return deps.database.sqlite.transaction(() => {
    const created = insertInvitation(deps, actor, assessmentId, input.organisationId, input);
    recordAudit(deps.database.db, {
      actor,
      action: "invitation.create",
      objectType: "invitation",
      objectId: String(created.id),
      details: { assessmentId, organisationId: input.organisationId, levels: input.levels },
      ip: meta.ip,
    });
    return created;
  })();
}

export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * Imports invitation rows all-or-nothing: every row is checked first and any problem refuses the whole file,
 * listing every bad row; otherwise organisations named for the first time are created and the invitations written.
 */
export function importInvitations(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  rows: { row: number; value: InvitationRow }[],
  meta: RequestMeta = {},
): { created: number; organisationsCreated: number } {
  const assessment = requireAssessment(deps, assessmentId);
  if (assessment.status === "published" || assessment.status === "closed") throw new ConflictError({ key: "errors.invitation.roundClosed" });
  const problems: RowProblem[] = [];
  for (const { row, value } of rows) {
    const language = value.language ?? assessment.languages[0];
    for (const [field, message] of Object.entries(checkInvitationFields(assessment, value.levels, language))) problems.push({ row, field, message });
  }
  if (problems.length) throw new RowsInvalidError(problems);
  const { db } = deps.database;
  return deps.database.sqlite
    .transaction(() => {
      let organisationsCreated = 0;
      const organisationIds = new Map<string, number>();
      for (const { value } of rows) {
        const key = value.organisation.toLowerCase();
        let organisationId = organisationIds.get(key) ?? findOrganisationByName(db, assessmentId, value.organisation)?.id;
        if (!organisationId) {
          organisationId = db
            .insert(organisations)
            .values({ assessmentId, name: value.organisation, type: value.organisation_type })
            .returning({ id: organisations.id })
            .get().id;
          organisationsCreated++;
        }
        organisationIds.set(key, organisationId);
        insertInvitation(deps, actor, assessmentId, organisationId, {
          name: value.name,
          email: value.email,
          levels: value.levels,
          language: value.language ?? assessment.languages[0],
        });
      }
      recordAudit(db, {
        actor,
        action: "invitation.import",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { invitations: rows.length, organisationsCreated },
        ip: meta.ip,
      });
      return { created: rows.length, organisationsCreated };
    })
    .immediate();
}

export class RowsInvalidError extends InvalidInputError {
  constructor(readonly problems: RowProblem[]) {
    super(
      `The file was not imported: ${problems.length} problem(s). ${problems
        .slice(0, 5)
        .map((p) => `Row ${p.row}, ${p.field}: ${p.message}`)
        .join("; ")}${problems.length > 5 ? "; …" : ""}`,
      Object.fromEntries(problems.map((p) => [`row ${p.row}.${p.field}`, p.message])),
    );
  }
}

/**
 * Changes who an invitation is for (name, e-mail) and its language, on its own page; the link and the answers stay.
 * Audited with the names of the fields changed, not their values (they identify a respondent).
 */
export function updateInvitation(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  invitationId: number,
  input: Partial<InvitationEditInput> & Pick<InvitationEditInput, "language">,
  meta: RequestMeta = {},
): void {
  const assessment = requireAssessment(deps, assessmentId);
  if (assessment.status === "published" || assessment.status === "closed") throw new ConflictError({ key: "errors.invitation.roundClosed" });
  const invitation = findInvitation(deps.database.db, assessmentId, invitationId);
  if (!invitation) throw new NotFoundError({ key: "errors.invitation.notFound" });
  if (!assessment.languages.includes(input.language))
    throw new InvalidInputError(`language: ${input.language} is not offered`, {
      language: `${input.language} is not offered (${assessment.languages.join(", ")})`,
    });
  const next = {
    name: "name" in input ? (input.name ?? null) : invitation.name,
    email: "email" in input ? (input.email ?? null) : invitation.email,
    language: input.language,
  };
  const changed = (["name", "email", "language"] as const).filter((field) => next[field] !== invitation[field]);
  if (!changed.length) return;
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(invitations).set(next).where(eq(invitations.id, invitationId)).run();
    recordAudit(deps.database.db, {
      actor,
      action: "invitation.update",
      objectType: "invitation",
      objectId: String(invitationId),
      details: { assessmentId, changed },
      ip: meta.ip,
    });
  })();
}

export function revokeInvitation(deps: AssessmentDeps, actor: Actor, assessmentId: number, invitationId: number, meta: RequestMeta = {}): void {
  assertNotFrozen(requireAssessment(deps, assessmentId));
  const invitation = findInvitation(deps.database.db, assessmentId, invitationId);
  if (!invitation) throw new NotFoundError({ key: "errors.invitation.notFound" });
  if (invitation.revokedAt) return;
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(invitations).set({ revokedAt: deps.clock().toISOString() }).where(eq(invitations.id, invitationId)).run();
    recordAudit(deps.database.db, {
      actor,
      action: "invitation.revoke",
      objectType: "invitation",
      objectId: String(invitationId),
      details: { assessmentId },
      ip: meta.ip,
    });
  })();
}

/** Gives the invitation a new link (the old one stops working) and lifts a revocation; answers stay with it. */
export function reissueInvitation(deps: AssessmentDeps, actor: Actor, assessmentId: number, invitationId: number, meta: RequestMeta = {}): { token: string } {
  assertNotFrozen(requireAssessment(deps, assessmentId));
  const invitation = findInvitation(deps.database.db, assessmentId, invitationId);
  if (!invitation) throw new NotFoundError({ key: "errors.invitation.notFound" });
  const issued = issueInvitationToken(deps.secret);
  deps.database.sqlite.transaction(() => {
    deps.database.db
      .update(invitations)
      .set({ tokenSeed: issued.seed, tokenLookup: issued.lookup, revokedAt: null })
      .where(eq(invitations.id, invitationId))
      .run();
    recordAudit(deps.database.db, {
      actor,
      action: "invitation.reissue",
      objectType: "invitation",
      objectId: String(invitationId),
      details: { assessmentId },
      ip: meta.ip,
    });
  })();
  return { token: issued.token };
}

/**
 * Closes the open rounds whose closing instant has come (the deadline ticker in background.ts calls it; answers are
 * refused from that instant on anyway, see acceptsAnswersAt). Audited as the deadline's doing. Returns their ids.
 */
export function closeDueRounds(deps: Pick<AssessmentDeps, "database" | "clock">): number[] {
  const now = deps.clock();
  const { db, sqlite } = deps.database;
  return sqlite
    .transaction(() => {
      const due = sqlite
        .prepare("select id, closes_at as closesAt from assessments where status = 'open' and closes_at is not null and closes_at <= ?")
        .all(now.toISOString()) as { id: number; closesAt: string }[];
      for (const { id, closesAt } of due) {
        db.update(assessments)
          .set({ status: "closed", updatedAt: now.toISOString() })
          .where(and(eq(assessments.id, id), eq(assessments.status, "open")))
          .run();
        recordAudit(db, {
          actor: null,
          actorLabel: "deadline",
          action: "assessment.close",
          objectType: "assessment",
          objectId: String(id),
          details: { from: "open", to: "closed", closesAt },
          at: now,
        });
      }
      return due.map((d) => d.id);
    })
    .immediate();
}
