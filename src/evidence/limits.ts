// The bounds on evidence: per file, per response and per assessment, configurable (EVIDENCE_* variables) and named
// in every refusal. Archive-shaped files (DOCX, XLSX, PPTX, ODT, ODS) are also held to the upload archive limits.
import { MB } from "../uploads/limits";

export interface EvidenceLimits {
  /** Bytes of one file. */
  maxFileBytes: number;
  /** Files (links not counted) attached to one response, over all its items. */
  maxFilesPerResponse: number;
  /** Bytes of all the files of one assessment, together. */
  maxAssessmentBytes: number;
}

export const defaultEvidenceLimits: EvidenceLimits = {
  maxFileBytes: 10 * MB,
  maxFilesPerResponse: 10,
  maxAssessmentBytes: 2048 * MB,
};

/** Megabytes for a message: whole numbers stay whole, others keep one decimal. */
export function megabytes(bytes: number): string {
  return String(Math.round((bytes / MB) * 10) / 10);
}
