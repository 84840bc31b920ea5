// What a respondent does with evidence: attach files and links to an item (checked, stored, then recorded in the
// same transaction as the page's answers), and remove their own until the round closes. Files are typed and stored
// before the transaction (async work); the rows are written inside it, after the limits are checked against what the
// response and the assessment already hold, so a refusal leaves no row and its files are swept (store.ts).
import type { AppDatabase } from "../db/client";
import { AppError, InvalidInputError, NotFoundError, PayloadTooLargeError } from "../errors";
import type { Config } from "../config";
import type { RespondentInvitation } from "../responses/repository";
import { assertAcceptsAnswers } from "../responses/service";
import { cleanFileName, detectEvidenceType } from "./detect";
import { megabytes } from "./limits";
import { deleteEvidence, evidenceById, evidenceUsage, insertEvidence, isDigestReferenced, type NewEvidence } from "./repository";
import { evidenceLinkSchema, evidenceNoteSchema, LINKS_PER_RESPONSE } from "./schemas";
import { EvidenceStore } from "./store";

const stores = new Map<string, EvidenceStore>();

/** The store of a data folder: one per process, so uploads in flight are known to removals. */
export function evidenceStoreFor(config: Pick<Config, "dataDir">): EvidenceStore {
  let store = stores.get(config.dataDir);
  if (!store) stores.set(config.dataDir, (store = new EvidenceStore(config.dataDir)));
  return store;
}

export interface EvidenceSubmission {
  itemId: string;
  files: { originalName: string; content: Buffer }[];
  link?: string;
  note?: string;
  /** Names of files that were past the per-file limit (their bytes were not kept). */
  oversize?: string[];
}

/** Evidence checked and its files stored, ready to be recorded; `release` once recorded or refused. */
export interface PreparedEvidence {
  rows: NewEvidence[];
  digests: string[];
}

/** A refusal of one item's evidence: the error names the field or limit; the item is where the page shows it. */
export class EvidenceRefusal extends Error {
  constructor(
    readonly itemId: string,
    readonly error: AppError,
  ) {
    super(error.message);
  }
}

/** True when the submission carries anything to attach. */
export function hasEvidence(submission: EvidenceSubmission): boolean {
  return submission.files.length > 0 || Boolean(submission.oversize?.length) || Boolean(submission.link?.trim());
}

/**
 * Checks every submission (link, note, each file's name, size and type) and stores the files. Throws an
 * EvidenceRefusal for the first item refused; nothing is recorded then, and files already stored are released (an
 * unreferenced file is removed at the next start).
 */
export async function prepareEvidence(config: Pick<Config, "dataDir" | "evidence" | "uploads">, submissions: EvidenceSubmission[]): Promise<PreparedEvidence> {
  const store = evidenceStoreFor(config);
  const prepared: PreparedEvidence = { rows: [], digests: [] };
  try {
    for (const submission of submissions) {
      if (!hasEvidence(submission)) continue;
      const refuse = (error: AppError) => new EvidenceRefusal(submission.itemId, error);
      const oversize = submission.oversize?.[0];
      if (oversize !== undefined)
        throw refuse(new PayloadTooLargeError({ key: "errors.evidence.tooLarge", params: { name: oversize, limit: megabytes(config.evidence.maxFileBytes) } }));
      const note = evidenceNoteSchema.safeParse(submission.note ?? "");
      if (!note.success) throw refuse(new InvalidInputError({ key: "errors.evidence.note", params: { count: 500 } }));
      const link = submission.link?.trim();
      if (link) {
        const parsed = evidenceLinkSchema.safeParse(link);
        if (!parsed.success) throw refuse(new InvalidInputError({ key: "errors.evidence.link" }));
        prepared.rows.push({ itemId: submission.itemId, kind: "link", url: parsed.data, note: note.data || null });
      }
      for (const file of submission.files) {
        let row: NewEvidence;
        try {
          const fileName = cleanFileName(file.originalName);
          const type = await detectEvidenceType(file.content, fileName, config.evidence, config.uploads);
          const sha256 = await store.put(file.content);
          prepared.digests.push(sha256);
          row = { itemId: submission.itemId, kind: "file", fileName, mime: type.mime, size: file.content.length, sha256, note: note.data || null };
        } catch (error) {
          if (error instanceof AppError) throw refuse(error);
          throw error;
        }
        prepared.rows.push(row);
      }
    }
  } catch (error) {
    releaseEvidence(config, prepared);
    throw error;
  }
  return prepared;
}

export function releaseEvidence(config: Pick<Config, "dataDir">, prepared: PreparedEvidence): void {
  const store = evidenceStoreFor(config);
  for (const digest of prepared.digests) store.release(digest);
  prepared.digests = [];
}

/** Prepared evidence that will not be recorded (refused by a limit): its files go at once unless another row names them. */
export function abandonEvidence(database: AppDatabase, config: Pick<Config, "dataDir">, prepared: PreparedEvidence): void {
  const digests = prepared.digests;
  releaseEvidence(config, prepared);
  for (const sha256 of digests) discardFile(database, config, { sha256 });
}

/**
 * Records prepared evidence for a response, checking the limits against what is stored already. Synchronous: call it
 * inside the transaction that saves the page's answers (the response exists by then). Throws an EvidenceRefusal.
 */
export function recordEvidence(
  database: AppDatabase,
  config: Pick<Config, "evidence">,
  invitation: RespondentInvitation,
  prepared: PreparedEvidence,
  now: Date,
): number[] {
  if (!prepared.rows.length) return [];
  const responseId = invitation.responseId;
  if (responseId === null) throw new Error("recordEvidence: the response must exist (save the answers first)");
  const usage = evidenceUsage(database, responseId, invitation.assessmentId);
  const files = prepared.rows.filter((r) => r.kind === "file");
  const links = prepared.rows.length - files.length;
  const first = (kind: "file" | "link") => prepared.rows.find((r) => r.kind === kind)!.itemId;
  if (files.length && usage.responseFiles + files.length > config.evidence.maxFilesPerResponse)
    throw new EvidenceRefusal(
      first("file"),
      new PayloadTooLargeError({ key: "errors.evidence.tooMany", params: { count: config.evidence.maxFilesPerResponse } }),
    );
  if (links && usage.responseLinks + links > LINKS_PER_RESPONSE)
    throw new EvidenceRefusal(first("link"), new PayloadTooLargeError({ key: "errors.evidence.tooManyLinks", params: { count: LINKS_PER_RESPONSE } }));
  const bytes = files.reduce((sum, r) => sum + (r.size ?? 0), 0);
  if (files.length && usage.assessmentBytes + bytes > config.evidence.maxAssessmentBytes)
    throw new EvidenceRefusal(
      first("file"),
      new PayloadTooLargeError({ key: "errors.evidence.quota", params: { limit: megabytes(config.evidence.maxAssessmentBytes) } }),
    );
  const at = now.toISOString();
  return prepared.rows.map((row) => insertEvidence(database, responseId, invitation.assessmentId, row, at));
}

/** The respondent's own evidence, or a 404 (someone else's looks exactly like one that does not exist). */
export function ownEvidence(database: AppDatabase, invitation: RespondentInvitation, id: number) {
  const row = Number.isSafeInteger(id) ? evidenceById(database, id) : undefined;
  if (!row || invitation.responseId === null || row.responseId !== invitation.responseId) throw new NotFoundError({ key: "errors.evidence.notFound" });
  return row;
}

/**
 * Removes one piece of the respondent's own evidence while the round accepts answers (inside the caller's transaction
 * if any). Returns the row; call `discardFile` with it after the commit.
 */
export function removeEvidence(database: AppDatabase, invitation: RespondentInvitation, id: number) {
  assertAcceptsAnswers(invitation);
  const row = ownEvidence(database, invitation, id);
  deleteEvidence(database, row.id);
  return row;
}

/** Deletes a removed attachment's file once no row names it and no upload is storing it. */
export function discardFile(database: AppDatabase, config: Pick<Config, "dataDir">, row: { sha256: string | null }): void {
  if (row.sha256) evidenceStoreFor(config).removeIfUnreferenced(row.sha256, (digest) => isDigestReferenced(database, digest));
}

/** At start-up: temporary files and files no row names (interrupted uploads, removed attachments) are deleted. */
export function sweepEvidence(database: AppDatabase, config: Pick<Config, "dataDir">): { temporary: number; orphans: number } {
  return evidenceStoreFor(config).sweep((digest) => isDigestReferenced(database, digest));
}
