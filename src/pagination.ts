// Cursor pagination: an opaque cursor (base64url of the last key returned) and a limit, for every API list; the
// staff lists (list-query.ts) encode their keyset cursors the same way. Neutral: neither layer owns it.
import { z } from "zod";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), "utf8").toString("base64url");
}

/** The id an `encodeCursor(id)` cursor stands for, or null when the text is not such a cursor. */
export function decodeIdCursor(value: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const id = Number(Buffer.from(value, "base64url").toString("utf8"));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

const limit = z.coerce
  .number({ message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  .int(`must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .min(1, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `How many entries to return (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` });

const cursorDescription = "The nextCursor of the previous page; leave it out for the first page.";
const base64url = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "is not a cursor this API returned");

/** Query fields of a list whose entries are ordered by a numeric id. */
export const idPageQuery = z.object({
  limit,
  cursor: base64url
    .transform((value, ctx) => {
      const id = decodeIdCursor(value);
      if (id !== null) return id;
      ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
      return z.NEVER;
    })
    .optional()
    .meta({ description: cursorDescription }),
});

/** Query fields of a list whose entries are ordered by a text key (country code, instrument id). */
export const keyPageQuery = z.object({
  limit,
  cursor: base64url
    .transform((value) => Buffer.from(value, "base64url").toString("utf8"))
    .optional()
    .meta({ description: cursorDescription }),
});

/** The response shape of every list. */
export function pageOf<T extends z.ZodType>(entry: T) {
  return z.object({
    data: z.array(entry),
    nextCursor: z.string().nullable().meta({ description: "Pass it as cursor to get the next page; null on the last page." }),
  });
}

/**
 * Makes a page from rows fetched with one row more than `limit` (the extra row only says that another page exists).
 */
export function pageFromRows<T>(rows: T[], limit: number, keyOf: (row: T) => string | number): Page<T> {
  const data = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { data, nextCursor: hasMore && data.length ? encodeCursor(keyOf(data[data.length - 1])) : null };
}

/** Pages an in-memory list (reference data: countries, instruments) ordered by `keyOf`, ascending. */
export function pageOfList<T>(list: readonly T[], query: { limit: number; cursor?: string }, keyOf: (row: T) => string): Page<T> {
  const sorted = [...list].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const after = query.cursor;
  const rest = after === undefined ? sorted : sorted.filter((row) => keyOf(row) > after);
  return pageFromRows(rest.slice(0, query.limit + 1), query.limit, keyOf);
}
