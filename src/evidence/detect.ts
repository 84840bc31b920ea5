// Decides what an evidence file is from its bytes, never from its name: file-type reads the magic numbers (and, for
// ZIP-based office documents, the [Content_Types].xml or mimetype entry inside, after the archive has passed the
// upload bomb checks); CSV and TXT, which have no magic, must be valid UTF-8 text without NUL bytes or web-page
// markup. The name's extension must then agree with the content: an HTML page named .pdf, a PNG named .docx or a
// PDF that is also an HTML page (a polyglot) is refused with a message naming the file.
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { CatalogueMessage } from "../i18n/translate";
import { InvalidInputError, PayloadTooLargeError } from "../errors";
import { checkArchive, looksLikeZip } from "../uploads/archive-check";
import type { UploadLimits } from "../uploads/limits";
import { megabytes, type EvidenceLimits } from "./limits";

export interface EvidenceType {
  mime: string;
  /** The canonical extension of the detected type. */
  extension: string;
}

/** Accepted types, by canonical extension, with the extensions a file of that type may be named with. */
const ACCEPTED: Record<string, { mime: string; names: string[] }> = {
  pdf: { mime: "application/pdf", names: ["pdf"] },
  png: { mime: "image/png", names: ["png"] },
  jpg: { mime: "image/jpeg", names: ["jpg", "jpeg"] },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", names: ["docx"] },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", names: ["xlsx"] },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", names: ["pptx"] },
  odt: { mime: "application/vnd.oasis.opendocument.text", names: ["odt"] },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", names: ["ods"] },
  csv: { mime: "text/csv", names: ["csv"] },
  txt: { mime: "text/plain", names: ["txt"] },
};

/** The extensions a file input may suggest (the server decides anyway). */
export const acceptedExtensions = Object.values(ACCEPTED).flatMap((a) => a.names.map((n) => `.${n}`));

/**
 * Markup a browser would render as a page or run as script. Checked over the whole of a text file, and over the
 * start of a binary one (where content sniffers look: a PDF or image whose first kilobyte is also a web page).
 */
const MARKUP = /<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|iframe[\s>]|object[\s>]|embed[\s>]|\?xml[\s>])/i;
const SNIFFED_BYTES = 1024;

const refusal = (key: string, params: Record<string, string | number | CatalogueMessage>) => ({ key, params });

/** The file name as stored and shown: refused when it carries a folder path, control characters or nothing at all. */
export function cleanFileName(name: string): string {
  const normalised = name.normalize("NFC").trim();
  if (!normalised || normalised === "." || normalised === ".." || /[\\/]/.test(normalised) || /[\u0000-\u001f\u007f]/.test(normalised))
    throw new InvalidInputError(refusal("errors.evidence.fileName", { name: normalised.slice(0, 120) }));
  if (normalised.length > 200) throw new InvalidInputError(refusal("errors.evidence.fileNameLength", { name: `${normalised.slice(0, 60)}…`, count: 200 }));
  return normalised;
}

function isPlainText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return false;
  }
  return !MARKUP.test(text);
}

/**
 * The type of an evidence file, or a refusal (InvalidInputError or PayloadTooLargeError) whose message names the
 * file and the rule or limit. `name` has been through `cleanFileName`.
 */
export async function detectEvidenceType(content: Buffer, name: string, limits: EvidenceLimits, archiveLimits: UploadLimits): Promise<EvidenceType> {
  if (content.length === 0) throw new InvalidInputError(refusal("errors.evidence.empty", { name }));
  if (content.length > limits.maxFileBytes)
    throw new PayloadTooLargeError(refusal("errors.evidence.tooLarge", { name, limit: megabytes(limits.maxFileBytes) }));
  const extension = path.extname(name).slice(1).toLowerCase();
  if (looksLikeZip(content)) {
    try {
      await checkArchive(content, archiveLimits);
    } catch (error) {
      if (error instanceof PayloadTooLargeError && error.shown)
        throw new PayloadTooLargeError(refusal("errors.evidence.archive", { name, reason: error.shown }));
      if (error instanceof InvalidInputError && error.shown) throw new InvalidInputError(refusal("errors.evidence.archive", { name, reason: error.shown }));
      throw error;
    }
  }
  const magic = await fileTypeFromBuffer(content);
  let detected: string | undefined;
  if (magic) {
    detected = Object.keys(ACCEPTED).find((key) => ACCEPTED[key].mime === magic.mime);
    if (!detected) throw new InvalidInputError(refusal("errors.evidence.type", { name }));
    // A binary file whose first kilobyte is also a web page is a polyglot: a browser sniffing it could run it.
    if (MARKUP.test(content.subarray(0, SNIFFED_BYTES).toString("latin1"))) throw new InvalidInputError(refusal("errors.evidence.polyglot", { name }));
  } else if (isPlainText(content)) {
    detected = extension === "csv" ? "csv" : "txt";
  } else {
    const text = content.includes(0) ? "" : content.toString("latin1");
    throw new InvalidInputError(refusal(MARKUP.test(text) ? "errors.evidence.polyglot" : "errors.evidence.type", { name }));
  }
  const accepted = ACCEPTED[detected];
  if (!accepted.names.includes(extension)) throw new InvalidInputError(refusal("errors.evidence.mismatch", { name, type: detected.toUpperCase() }));
  return { mime: accepted.mime, extension: detected };
}
