// Instrument versions: canonical JSON (keys sorted, no whitespace) hashed with SHA-256, so the
// version names the content, not the file layout, comments or key order.
import { createHash } from "node:crypto";

/** SHA-256 of the UTF-8 text, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Serialises plain JSON data with object keys in code-point order at every depth. Keys whose
 * value is undefined are left out, as JSON.stringify does; other non-JSON values are refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a value of type ${typeof value}`);
}

/**
 * The short form of a version people may be shown (12 hex digits, 48 bits: enough to tell versions apart when
 * reproducing a report; the full hash stays in the database, the API and the files' metadata).
 */
export function shortVersion(version: string): string {
  return version.slice(0, 12);
}

/** The version of an instrument: the hash of everything in it except the version field itself. */
export function instrumentVersion(instrument: object): string {
  const content: Record<string, unknown> = { ...(instrument as Record<string, unknown>) };
  delete content.version;
  return sha256Hex(canonicalJson(content));
}
