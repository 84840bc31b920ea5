// Sends a stored evidence file so that no browser ever renders it as a page: always as an attachment (file name in
// RFC 6266/5987 form), typed as detected, nosniff, and a CSP that sandboxes and allows nothing, should it be opened.
import fs from "node:fs";
import type { Readable } from "node:stream";
import { NotFoundError } from "../errors";
import type { EvidenceRow } from "./repository";
import type { EvidenceStore } from "./store";

/** The types detection accepts; anything else (never expected) goes out as opaque bytes. */
const SERVED_TYPES = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "text/csv",
  "text/plain",
]);

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 with RFC 5987 encoding). */
export function attachmentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\%;]/g, "_")
      .trim() || "evidence";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The headers and bytes of an evidence file's download; the route writes them. */
export function evidenceDownload(row: EvidenceRow, store: EvidenceStore): { headers: Record<string, string>; body: Readable } {
  if (row.kind !== "file" || !row.sha256 || !store.has(row.sha256)) throw new NotFoundError({ key: "errors.evidence.notFound" });
  const type = row.mime && SERVED_TYPES.has(row.mime) ? row.mime : "application/octet-stream";
  return {
    headers: {
      "Content-Type": type.startsWith("text/") ? `${type}; charset=utf-8` : type,
      "Content-Disposition": attachmentDisposition(row.fileName ?? "evidence"),
      "Content-Length": String(fs.statSync(store.pathOf(row.sha256)).size),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // no-transform: compression leaves the file as stored (its length and digest stay true).
      "Cache-Control": "private, no-store, no-transform",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
    body: store.read(row.sha256),
  };
}
