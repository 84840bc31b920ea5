// Rounds that carry over: a new round started from an existing assessment (its instrument, or the newer version the
// catalogue has, with its organisations, invitees under new links, members, languages and settings), archiving an
// assessment out of the lists and back, and deleting a draft nobody has answered. Each audited.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import { recordAudit } from "../audit/service";
import { assessmentMembers, assessments, countries, invitations, organisations, responses } from "../db/schema";
import { ConflictError } from "../errors";
import type { Instrument } from "../questionnaires/schema";
import { closingInstant } from "./deadline";
import type { AssessmentSummary } from "./repository";
import { insertInvitation, requireAssessment, type AssessmentDeps, type RequestMeta } from "./service";

export interface NextRoundInput {
  roundLabel: string;
  opensOn?: string;
  closesOn?: string;
  closesTime?: string;
}

/** The instrument a next round uses: the catalogue's current version of the same instrument, else the pinned one. */
export function nextRoundInstrument(deps: Pick<AssessmentDeps, "database" | "instruments">, source: AssessmentSummary): Instrument {
  return deps.instruments.current(source.instrumentId) ?? deps.instruments.pinned(deps.database, source.instrumentVersion);
}

/**
 * Starts the next round of `sourceId` as a draft and returns its id. The source round is not touched. Invitees get new
 * invitations (new tokens); revoked invitations are not carried over, nor levels or languages the newer version dropped.
 */
export function startNextRound(deps: AssessmentDeps, actor: Actor, sourceId: number, input: NextRoundInput, meta: RequestMeta = {}): number {
  const { db } = deps.database;
  const source = requireAssessment(deps, sourceId);
  const instrument = nextRoundInstrument(deps, source);
  const levelIds = instrument.levels.map((l) => l.id).filter((l) => source.levels.includes(l));
  const offered = deps.instruments.languagesOf(instrument);
  const kept = source.languages.filter((l) => offered.includes(l));
  const languages = kept.length ? kept : [instrument.sourceLanguage];
  const duplicate = db
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.countryIso3, source.countryIso3), eq(assessments.instrumentId, instrument.id), eq(assessments.roundLabel, input.roundLabel)))
    .get();
  if (duplicate) throw new ConflictError({ key: "errors.assessment.duplicateRound", params: { country: source.countryName, round: input.roundLabel } });

  return deps.database.sqlite.transaction(() => {
    deps.instruments.pin(deps.database, instrument);
    const created = db
      .insert(assessments)
      .values({
        countryIso3: source.countryIso3,
        instrumentId: instrument.id,
        instrumentVersion: instrument.version,
        roundLabel: input.roundLabel,
        levels: levelIds.length ? levelIds : instrument.levels.map((l) => l.id),
        languages,
        acceptsFallback: source.acceptsFallback,
        opensOn: input.opensOn ?? null,
        closesOn: input.closesOn ?? null,
        closesTime: input.closesTime ?? null,
        timeZone: source.timeZone,
        closesAt: closingInstant(input.closesOn, input.closesTime, source.timeZone),
        reminderDays: source.reminderDays,
        minGroupSize: source.minGroupSize,
        isDemo: source.isDemo,
        createdBy: actor.id,
      })
      .returning({ id: assessments.id })
      .get();
    const members = db.select().from(assessmentMembers).where(eq(assessmentMembers.assessmentId, source.id)).all();
    for (const member of members)
      db.insert(assessmentMembers)
        .values({ ...member, assessmentId: created.id })
        .run();
    if (actor.role === "expert" && !members.some((m) => m.userId === actor.id))
      db.insert(assessmentMembers).values({ assessmentId: created.id, userId: actor.id, role: "owner" }).run();

    const organisationIds = new Map<number, number>();
    for (const organisation of db.select().from(organisations).where(eq(organisations.assessmentId, source.id)).orderBy(organisations.id).all()) {
      const copy = db
        .insert(organisations)
        .values({ assessmentId: created.id, name: organisation.name, type: organisation.type })
        .returning({ id: organisations.id })
        .get();
      organisationIds.set(organisation.id, copy.id);
    }
    let invited = 0;
    const invitees = db
      .select()
      .from(invitations)
      .where(and(eq(invitations.assessmentId, source.id), isNull(invitations.revokedAt)))
      .orderBy(invitations.id)
      .all();
    for (const invitee of invitees) {
      const levels = invitee.levels.filter((l) => levelIds.includes(l));
      const organisationId = organisationIds.get(invitee.organisationId);
      if (!levels.length || organisationId === undefined) continue;
      const language = languages.includes(invitee.language) ? invitee.language : languages[0];
      insertInvitation(deps, actor, created.id, organisationId, { name: invitee.name ?? undefined, email: invitee.email ?? undefined, levels, language });
      invited++;
    }
    recordAudit(db, {
      actor,
      action: "assessment.new_round",
      objectType: "assessment",
      objectId: String(created.id),
      details: {
        from: source.id,
        round: input.roundLabel,
        instrumentVersion: instrument.version,
        previousInstrumentVersion: source.instrumentVersion,
        organisations: organisationIds.size,
        invitations: invited,
      },
      ip: meta.ip,
    });
    return created.id;
  })();
}

/** Hides an assessment from every list; it stays whole and readable by its address. */
export function archiveAssessment(deps: AssessmentDeps, actor: Actor, id: number, meta: RequestMeta = {}): void {
  const assessment = requireAssessment(deps, id);
  if (assessment.archivedAt) return;
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(assessments).set({ archivedAt: deps.clock().toISOString() }).where(eq(assessments.id, id)).run();
    recordAudit(deps.database.db, { actor, action: "assessment.archive", objectType: "assessment", objectId: String(id), details: {}, ip: meta.ip });
  })();
}

/** Brings an archived assessment back into the lists. */
export function restoreAssessment(deps: AssessmentDeps, actor: Actor, id: number, meta: RequestMeta = {}): void {
  const assessment = requireAssessment(deps, id);
  if (!assessment.archivedAt) return;
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(assessments).set({ archivedAt: null }).where(eq(assessments.id, id)).run();
    recordAudit(deps.database.db, { actor, action: "assessment.restore", objectType: "assessment", objectId: String(id), details: {}, ip: meta.ip });
  })();
}

/** Deletes a draft nobody has answered; anything else is refused with what to do instead. */
export function deleteDraftAssessment(deps: AssessmentDeps, actor: Actor, id: number, meta: RequestMeta = {}): void {
  const assessment = requireAssessment(deps, id);
  if (assessment.status !== "draft") throw new ConflictError({ key: "errors.assessment.deleteNotDraft" });
  deps.database.sqlite.transaction(() => {
    const answered =
      deps.database.db
        .select({ n: sql<number>`count(*)` })
        .from(responses)
        .where(eq(responses.assessmentId, id))
        .get()?.n ?? 0;
    if (answered > 0) throw new ConflictError({ key: "errors.assessment.deleteAnswered", params: { count: String(answered) } });
    deps.database.db.delete(assessments).where(eq(assessments.id, id)).run();
    recordAudit(deps.database.db, {
      actor,
      action: "assessment.delete",
      objectType: "assessment",
      objectId: String(id),
      details: { country: assessment.countryIso3, round: assessment.roundLabel },
      ip: meta.ip,
    });
  })();
}

/** The archived assessments (administrators' list), newest first. */
export function listArchived(deps: Pick<AssessmentDeps, "database">) {
  return deps.database.db
    .select({
      id: assessments.id,
      countryName: countries.name,
      roundLabel: assessments.roundLabel,
      status: assessments.status,
      archivedAt: assessments.archivedAt,
    })
    .from(assessments)
    .innerJoin(countries, eq(countries.iso3, assessments.countryIso3))
    .where(sql`${assessments.archivedAt} is not null`)
    .orderBy(sql`${assessments.archivedAt} desc`)
    .all();
}
