// Evidence rows and expert ratings: how they are stored and read. The respondent's page reads its items' evidence
// through one statement prepared once per database (respondent hot path, decision 010); staff reads use drizzle.
import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { evidence, evidenceItemRatings, responses, type EvidenceKind, type EvidenceRatingValue } from "../db/schema";

export interface EvidenceRow {
  id: number;
  responseId: number;
  assessmentId: number;
  itemId: string;
  kind: EvidenceKind;
  url: string | null;
  note: string | null;
  fileName: string | null;
  mime: string | null;
  size: number | null;
  sha256: string | null;
  createdAt: string;
}

export interface NewEvidence {
  itemId: string;
  kind: EvidenceKind;
  url?: string | null;
  note?: string | null;
  fileName?: string | null;
  mime?: string | null;
  size?: number | null;
  sha256?: string | null;
}

const COLUMNS =
  "id, response_id as responseId, assessment_id as assessmentId, item_id as itemId, kind, url, note, file_name as fileName, mime, size, sha256, created_at as createdAt";

const pageStatements = new WeakMap<AppDatabase, ReturnType<typeof prepare>>();
function prepare(database: AppDatabase) {
  return {
    forItems: database.sqlite.prepare(`select ${COLUMNS} from evidence where response_id = ? and item_id in (select value from json_each(?)) order by id`),
  };
}

/** The evidence of some items of one response (the items of a questionnaire page), by item, oldest first. */
export function evidenceForItems(database: AppDatabase, responseId: number | null, itemIds: readonly string[]): Map<string, EvidenceRow[]> {
  const byItem = new Map<string, EvidenceRow[]>();
  if (responseId === null || !itemIds.length) return byItem;
  let statements = pageStatements.get(database);
  if (!statements) pageStatements.set(database, (statements = prepare(database)));
  for (const row of statements.forItems.all(responseId, JSON.stringify(itemIds)) as EvidenceRow[]) {
    const list = byItem.get(row.itemId);
    if (list) list.push(row);
    else byItem.set(row.itemId, [row]);
  }
  return byItem;
}

export function evidenceById(database: AppDatabase, id: number): EvidenceRow | undefined {
  return database.db.select().from(evidence).where(eq(evidence.id, id)).get() as EvidenceRow | undefined;
}

/** Every piece of evidence of an assessment, in the order it was attached. */
export function evidenceOfAssessment(database: AppDatabase, assessmentId: number): EvidenceRow[] {
  return database.db.select().from(evidence).where(eq(evidence.assessmentId, assessmentId)).orderBy(evidence.id).all() as EvidenceRow[];
}

export interface EvidenceUsage {
  responseFiles: number;
  responseLinks: number;
  assessmentBytes: number;
}

/** What a response and its assessment hold already, for the limits (read inside the writing transaction). */
export function evidenceUsage(database: AppDatabase, responseId: number | null, assessmentId: number): EvidenceUsage {
  const response =
    responseId === null
      ? { files: 0, links: 0 }
      : (database.db
          .select({ files: sql<number>`coalesce(sum(${evidence.kind} = 'file'), 0)`, links: sql<number>`coalesce(sum(${evidence.kind} = 'link'), 0)` })
          .from(evidence)
          .where(eq(evidence.responseId, responseId))
          .get() ?? { files: 0, links: 0 });
  const assessment = database.db
    .select({ bytes: sql<number>`coalesce(sum(${evidence.size}), 0)` })
    .from(evidence)
    .where(eq(evidence.assessmentId, assessmentId))
    .get();
  return { responseFiles: Number(response.files), responseLinks: Number(response.links), assessmentBytes: Number(assessment?.bytes ?? 0) };
}

export function insertEvidence(database: AppDatabase, responseId: number, assessmentId: number, row: NewEvidence, createdAt: string): number {
  const inserted = database.db
    .insert(evidence)
    .values({
      responseId,
      assessmentId,
      itemId: row.itemId,
      kind: row.kind,
      url: row.url ?? null,
      note: row.note ?? null,
      fileName: row.fileName ?? null,
      mime: row.mime ?? null,
      size: row.size ?? null,
      sha256: row.sha256 ?? null,
      createdAt,
    })
    .returning({ id: evidence.id })
    .get();
  return inserted.id;
}

export function deleteEvidence(database: AppDatabase, id: number): void {
  database.db.delete(evidence).where(eq(evidence.id, id)).run();
}

/** True while some row names the file with this digest. */
export function isDigestReferenced(database: AppDatabase, sha256: string): boolean {
  return database.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.sha256, sha256)).limit(1).get() !== undefined;
}

// ---- expert ratings

export interface EvidenceRating {
  responseId: number;
  organisationId: number;
  itemId: string;
  rating: EvidenceRatingValue;
  ratedBy: number | null;
  ratedAt: string;
}

/**
 * Every expert rating of an assessment's evidence: one per (response, item) rated, with the response's
 * organisation. Expert validation reads it (sufficient / partial / none per evidenced answer).
 */
export function evidenceRatingsFor(database: AppDatabase, assessmentId: number): EvidenceRating[] {
  return database.db
    .select({
      responseId: evidenceItemRatings.responseId,
      organisationId: responses.organisationId,
      itemId: evidenceItemRatings.itemId,
      rating: evidenceItemRatings.rating,
      ratedBy: evidenceItemRatings.ratedBy,
      ratedAt: evidenceItemRatings.ratedAt,
    })
    .from(evidenceItemRatings)
    .innerJoin(responses, eq(responses.id, evidenceItemRatings.responseId))
    .where(eq(evidenceItemRatings.assessmentId, assessmentId))
    .orderBy(responses.organisationId, evidenceItemRatings.responseId, evidenceItemRatings.itemId)
    .all();
}

export function ratingOf(database: AppDatabase, responseId: number, itemId: string): EvidenceRatingValue | undefined {
  return database.db
    .select({ rating: evidenceItemRatings.rating })
    .from(evidenceItemRatings)
    .where(and(eq(evidenceItemRatings.responseId, responseId), eq(evidenceItemRatings.itemId, itemId)))
    .get()?.rating;
}

export function upsertRating(
  database: AppDatabase,
  row: { responseId: number; itemId: string; assessmentId: number; rating: EvidenceRatingValue; ratedBy: number; ratedAt: string },
): void {
  database.db
    .insert(evidenceItemRatings)
    .values(row)
    .onConflictDoUpdate({
      target: [evidenceItemRatings.responseId, evidenceItemRatings.itemId],
      set: { rating: row.rating, ratedBy: row.ratedBy, ratedAt: row.ratedAt },
    })
    .run();
}

export function deleteRating(database: AppDatabase, responseId: number, itemId: string): void {
  database.db
    .delete(evidenceItemRatings)
    .where(and(eq(evidenceItemRatings.responseId, responseId), eq(evidenceItemRatings.itemId, itemId)))
    .run();
}
