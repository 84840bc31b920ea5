// Where experts meet the evidence: every evidenced answer of an assessment, by organisation and dimension, with the
// self-assessed levels, the comment, the evidence itself and the expert's rating of how well it supports the answer
// (sufficient / partial / none), which expert validation reads (`evidenceRatingsFor`). Ratings are audited.
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { answers, evidence, evidenceItemRatings, organisations, responses, type EvidenceRatingValue } from "../db/schema";
import { InvalidInputError } from "../errors";
import { instrumentText } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import { deleteRating, upsertRating, type EvidenceRow } from "./repository";

export interface ItemPlace {
  levelId: string;
  dimensionId: string;
  /** 1-based position of the item in the instrument. */
  number: number;
}

/** Where each item of the instrument sits (level, dimension, number). */
export function itemPlaces(instrument: Instrument): Map<string, ItemPlace> {
  const places = new Map<string, ItemPlace>();
  let number = 0;
  for (const level of instrument.levels)
    for (const dimension of level.dimensions)
      for (const item of dimension.items) places.set(item.id, { levelId: level.id, dimensionId: dimension.id, number: ++number });
  return places;
}

export interface EvidencedAnswer {
  responseId: number;
  organisationId: number;
  organisationName: string;
  itemId: string;
  place: ItemPlace;
  kind: string | null;
  current: number | null;
  target: number | null;
  importance: number | null;
  comment: string | null;
  rating: EvidenceRatingValue | null;
  evidence: EvidenceRow[];
}

/** Every answer of the assessment that carries evidence, in instrument order, then organisation and response. */
export function evidencedAnswers(database: AppDatabase, instrument: Instrument, assessmentId: number): EvidencedAnswer[] {
  const rows = database.db
    .select({ evidence, organisationId: responses.organisationId, organisationName: organisations.name })
    .from(evidence)
    .innerJoin(responses, eq(responses.id, evidence.responseId))
    .innerJoin(organisations, eq(organisations.id, responses.organisationId))
    .where(eq(evidence.assessmentId, assessmentId))
    .orderBy(evidence.id)
    .all();
  const places = itemPlaces(instrument);
  const byAnswer = new Map<string, EvidencedAnswer>();
  for (const row of rows) {
    const place = places.get(row.evidence.itemId);
    if (!place) continue;
    const key = `${row.evidence.responseId}\n${row.evidence.itemId}`;
    let entry = byAnswer.get(key);
    if (!entry) {
      entry = {
        responseId: row.evidence.responseId,
        organisationId: row.organisationId,
        organisationName: row.organisationName,
        itemId: row.evidence.itemId,
        place,
        kind: null,
        current: null,
        target: null,
        importance: null,
        comment: null,
        rating: null,
        evidence: [],
      };
      byAnswer.set(key, entry);
    }
    entry.evidence.push(row.evidence as EvidenceRow);
  }
  const responseIds = [...new Set([...byAnswer.values()].map((e) => e.responseId))];
  if (responseIds.length) {
    for (const a of database.db.select().from(answers).where(inArray(answers.responseId, responseIds)).all()) {
      const entry = byAnswer.get(`${a.responseId}\n${a.itemId}`);
      if (entry) Object.assign(entry, { kind: a.kind, current: a.current, target: a.target, importance: a.importance, comment: a.comment });
    }
    for (const r of database.db.select().from(evidenceItemRatings).where(eq(evidenceItemRatings.assessmentId, assessmentId)).all()) {
      const entry = byAnswer.get(`${r.responseId}\n${r.itemId}`);
      if (entry) entry.rating = r.rating;
    }
  }
  return [...byAnswer.values()].sort(
    (a, b) => a.place.number - b.place.number || a.organisationName.localeCompare(b.organisationName) || a.responseId - b.responseId,
  );
}

export interface RatingInput {
  responseId: number;
  itemId: string;
  rating: EvidenceRatingValue | "unrated";
}

/** Records (or clears) an expert's rating of one evidenced answer, audited; refused when the answer has no evidence. */
export function rateEvidence(
  database: AppDatabase,
  actor: Actor,
  assessmentId: number,
  input: RatingInput,
  now: Date,
  meta: { ip?: string | null } = {},
): void {
  database.sqlite
    .transaction(() => {
      const evidenced = database.db
        .select({ id: evidence.id })
        .from(evidence)
        .where(and(eq(evidence.assessmentId, assessmentId), eq(evidence.responseId, input.responseId), eq(evidence.itemId, input.itemId)))
        .limit(1)
        .get();
      if (!evidenced) throw new InvalidInputError({ key: "errors.evidence.notRateable" }, { rating: "errors.evidence.notRateable" });
      if (input.rating === "unrated") deleteRating(database, input.responseId, input.itemId);
      else
        upsertRating(database, {
          responseId: input.responseId,
          itemId: input.itemId,
          assessmentId,
          rating: input.rating,
          ratedBy: actor.id,
          ratedAt: now.toISOString(),
        });
      recordAudit(database.db, {
        actor,
        action: "evidence.rate",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { responseId: input.responseId, itemId: input.itemId, rating: input.rating },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}

/** A question's text in the reader's language. */
export function questionText(instrument: Instrument, itemId: string, locale: string): string {
  return instrumentText(instrument, `item.${itemId}.question`, locale);
}
