// Large, deterministic benchmark data: an assessment with N submitted respondents answering every item of the
// default instrument (10,000 × 140 ≈ 1.4 million answers), written with bulk inserts in one transaction.
import { addOrganisation, createAssessment, transitionAssessment } from "../src/assessments/service";
import { issueInvitationToken } from "../src/assessments/tokens";
import type { AppContext } from "../src/context";
import { seededRandom, syntheticAnswer } from "../src/demo/random";
import { adminActor } from "../src/demo/actor";

export function seedLargeAssessment(
  context: AppContext,
  respondents: number,
  options: { organisations?: number; country?: string; round?: string } = {},
): number {
  const actor = adminActor(context.database);
  const instrument = context.instruments.current("digital-government")!;
  const levels = instrument.levels.map((l) => l.id);
  const id = createAssessment(context, actor, {
    countryIso3: options.country ?? "NPL",
    instrumentId: instrument.id,
    roundLabel: options.round ?? `bench-${respondents}`,
    levels,
    languages: ["en"],
    minGroupSize: 3,
  });
  const organisationIds = Array.from({ length: options.organisations ?? 40 }, (_, i) =>
    addOrganisation(context, actor, id, { name: `Organisation ${String(i + 1).padStart(2, "0")}`, type: "ministry" }),
  );
  transitionAssessment(context, actor, id, "open");
  const random = seededRandom(42 + respondents);
  const items = instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((item) => ({ id: item.id, dimension: d.id }))));
  const shift = new Map(instrument.levels.flatMap((l) => l.dimensions.map((d) => [d.id, random.normal(0, 0.6)] as const)));
  const { sqlite } = context.database;
  const insertInvitation = sqlite.prepare(
    "insert into invitations (assessment_id, organisation_id, levels, language, token_seed, token_lookup, status) values (?, ?, ?, 'en', ?, ?, 'submitted') returning id",
  );
  const insertResponse = sqlite.prepare(
    "insert into responses (invitation_id, assessment_id, organisation_id, status, started_at, updated_at, submitted_at) values (?, ?, ?, 'submitted', ?, ?, ?) returning id",
  );
  const insertRevision = sqlite.prepare(
    "insert into answer_revisions (response_id, item_id, kind, current, target, importance, source, created_at) values (?, ?, ?, ?, ?, ?, 'seed', ?)",
  );
  const insertAnswer = sqlite.prepare(
    "insert into answers (response_id, item_id, kind, current, target, importance, revision_id, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const at = new Date("2026-06-01T00:00:00Z").toISOString();
  sqlite.transaction(() => {
    for (let r = 0; r < respondents; r++) {
      const organisationId = organisationIds[r % organisationIds.length];
      const issued = issueInvitationToken(context.secret);
      const invitationId = (insertInvitation.get(id, organisationId, JSON.stringify(levels), issued.seed, issued.lookup) as { id: number }).id;
      const responseId = (insertResponse.get(invitationId, id, organisationId, at, at, at) as { id: number }).id;
      const maturity = 1.5 + (organisationId % 7) * 0.25;
      for (const item of items) {
        const answer = syntheticAnswer(random, maturity + (shift.get(item.dimension) ?? 0), 1.5);
        const revision = insertRevision.run(responseId, item.id, answer.kind, answer.current, answer.target, answer.importance, at);
        insertAnswer.run(responseId, item.id, answer.kind, answer.current, answer.target, answer.importance, Number(revision.lastInsertRowid), at);
      }
    }
  })();
  return id;
}

/**
 * A round at national scale for the staff lists: `invitations` invitations with names and addresses across
 * `organisations` organisations, in every state (60% invited, 20% started, 15% submitted, 5% withdrawn), and one audit
 * entry per invitation as the import would write. Bulk inserts in one transaction.
 */
export function seedInvitationRound(context: AppContext, invitations: number, organisations: number): number {
  const actor = adminActor(context.database);
  const instrument = context.instruments.current("digital-government")!;
  const levels = instrument.levels.map((l) => l.id);
  const id = createAssessment(context, actor, {
    countryIso3: "KEN",
    instrumentId: instrument.id,
    roundLabel: `lists-${invitations}`,
    levels,
    languages: ["en", "fr"],
    minGroupSize: 3,
  });
  const organisationIds = Array.from({ length: organisations }, (_, i) =>
    addOrganisation(context, actor, id, { name: `Ministry ${String(i + 1).padStart(3, "0")}`, type: i % 5 ? "ministry" : "agency" }),
  );
  transitionAssessment(context, actor, id, "open");
  const { sqlite } = context.database;
  const insertInvitation = sqlite.prepare(
    "insert into invitations (assessment_id, organisation_id, name, email, levels, language, token_seed, token_lookup, status, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
  );
  const insertResponse = sqlite.prepare(
    "insert into responses (invitation_id, assessment_id, organisation_id, status, started_at, updated_at, submitted_at) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertAudit = sqlite.prepare(
    "insert into audit_log (actor_user_id, actor_label, action, object_type, object_id, details, at) values (?, ?, 'invitation.create', 'invitation', ?, ?, ?)",
  );
  const at = new Date("2026-06-01T00:00:00Z").toISOString();
  sqlite.transaction(() => {
    for (let n = 0; n < invitations; n++) {
      const organisationId = organisationIds[n % organisationIds.length];
      const issued = issueInvitationToken(context.secret);
      const state = n % 20 < 12 ? "invited" : n % 20 < 16 ? "started" : n % 20 < 19 ? "submitted" : "revoked";
      const status = state === "revoked" ? "invited" : state;
      const invitationLevels = JSON.stringify([levels[n % levels.length]]);
      const invitationId = (
        insertInvitation.get(
          id,
          organisationId,
          `Official ${n}`,
          `official.${n}@ministry.example`,
          invitationLevels,
          n % 4 ? "en" : "fr",
          issued.seed,
          issued.lookup,
          status,
          state === "revoked" ? at : null,
        ) as { id: number }
      ).id;
      if (status !== "invited") insertResponse.run(invitationId, id, organisationId, status, at, at, status === "submitted" ? at : null);
      insertAudit.run(actor.id, actor.email, invitationId, JSON.stringify({ assessmentId: id }), at);
    }
  })();
  return id;
}
