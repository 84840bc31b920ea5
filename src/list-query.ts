// The query string of a staff list page (issue 26), for every domain's lists (neutral, like pagination.ts): page size, keyset cursors (the JSON API's cursor encoding) and the
// page's own filters, parsed strictly: an unknown parameter, a bad cursor or an unlisted page size is a 400 naming
// the parameter, never a 500 and never silently ignored. And the links of a page, which keep every filter.
import { z } from "zod";
import { decodeIdCursor, encodeCursor } from "./pagination";
import { fieldErrorsOf, InvalidInputError } from "./errors";

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** Parameters every page accepts, whatever its filters: the interface language (app.ts). */
const GLOBAL_PARAMETERS = new Set(["lang"]);

const cursor = z
  .string({ message: "is not a cursor this page gave" })
  .transform((value, ctx) => {
    const id = decodeIdCursor(value);
    if (id !== null) return id;
    ctx.addIssue({ code: "custom", message: "is not a cursor this page gave" });
    return z.NEVER;
  })
  .optional();

/** Where a page starts: after the row of `after`, or (going back) just before the row of `before`. */
export const pagingFields = {
  size: z
    .enum(["25", "50", "100"], { message: "must be one of: 25, 50, 100" })
    .optional()
    .transform((value) => (value === undefined ? DEFAULT_PAGE_SIZE : Number(value))),
  after: cursor,
  before: cursor,
};

export interface Paging {
  size: number;
  after?: number;
  before?: number;
}

/** An optional filter of text: one value, trimmed, empty means absent. */
export function textFilter(max = 200) {
  return z
    .string({ message: "must be text" })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "must not contain control characters")
    .transform((value) => value.trim() || undefined)
    .optional();
}

/** An optional filter that names a row by its number. */
export const idFilter = z
  .string({ message: "must be a whole number" })
  .regex(/^(|[1-9]\d{0,11})$/, "must be a whole number")
  .transform((value) => (value === "" ? undefined : Number(value)))
  .optional();

/** An optional filter with a fixed list of values ("" means any). */
export function choiceFilter<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .enum(["", ...values] as [string, ...string[]], { message: `must be one of: ${values.join(", ")}` })
    .transform((value) => (value === "" ? undefined : (value as T[number])))
    .optional();
}

/**
 * The query string of a request as sent, every name kept (express's parser drops some, such as __proto__) and a
 * repeated name as a list, in an object without prototype.
 */
export function rawQuery(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  const at = url.indexOf("?");
  if (at < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

/**
 * Parses a list page's query with `schema` (an object of its filters plus `pagingFields`). Unknown parameters and
 * repeated ones are refused by name, so a mistyped filter never shows an unfiltered list as if it were filtered.
 */
export function parseListQuery<S extends z.ZodObject>(schema: S, query: Record<string, unknown>): z.infer<S> {
  const known = new Set(Object.keys(schema.shape));
  // Without prototype: a parameter named __proto__ is a name like any other here.
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(query)) {
    if (GLOBAL_PARAMETERS.has(name)) continue;
    if (!known.has(name)) fields[name.slice(0, 60)] = "is not a filter of this page";
    else if (typeof value !== "string") fields[name] = "was sent more than once";
  }
  if (Object.keys(fields).length === 0) {
    const result = schema.safeParse(Object.fromEntries(Object.entries(query).filter(([name]) => known.has(name) && !GLOBAL_PARAMETERS.has(name))));
    if (result.success) return result.data;
    Object.assign(fields, fieldErrorsOf(result.error));
  }
  throw new InvalidInputError(
    `Invalid list query — ${Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join("; ")}`,
    fields,
  );
}

/** The page of `rows` fetched with one row more than `size`, in list order, and the cursors around it. */
export interface ListPage<T> {
  rows: T[];
  /** Cursor of the page after this one, null on the last page. */
  nextCursor: string | null;
  /** Cursor of the page before this one, null on the first page. */
  previousCursor: string | null;
}

/**
 * Keyset paging over rows ordered by their id (ascending or descending): `fetch` gets the bound and the order to read
 * in, and returns up to `limit` rows. Going back reads the other way and turns the rows round. New rows arriving
 * while someone pages never shift a page: each page starts after a row, not after a count.
 */
export function keysetPage<T extends { id: number }>(
  paging: Paging,
  order: "asc" | "desc",
  fetch: (bound: { op: ">" | "<"; id: number } | undefined, read: "asc" | "desc", limit: number) => T[],
): ListPage<T> {
  const flip = (o: "asc" | "desc"): "asc" | "desc" => (o === "asc" ? "desc" : "asc");
  const forward = order === "asc" ? ">" : "<";
  if (paging.before !== undefined && paging.after === undefined) {
    const rows = fetch({ op: forward === ">" ? "<" : ">", id: paging.before }, flip(order), paging.size + 1);
    const hasMore = rows.length > paging.size;
    const page = rows.slice(0, paging.size).reverse();
    // Reached the start: this is the first page, which may be fuller than what lay before the cursor.
    if (!hasMore) return keysetPage({ size: paging.size }, order, fetch);
    return { rows: page, nextCursor: encodeCursor(page[page.length - 1].id), previousCursor: encodeCursor(page[0].id) };
  }
  const rows = fetch(paging.after === undefined ? undefined : { op: forward, id: paging.after }, order, paging.size + 1);
  const page = rows.slice(0, paging.size);
  return {
    rows: page,
    nextCursor: rows.length > paging.size && page.length ? encodeCursor(page[page.length - 1].id) : null,
    previousCursor:
      paging.after !== undefined && page.length
        ? encodeCursor(page[0].id)
        : paging.after !== undefined
          ? encodeCursor(paging.after + (order === "asc" ? 1 : -1))
          : null,
  };
}

/** A link to `path` with `values` as its query (empty values left out), in a stable order. */
export function hrefOf(path: string, values: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The links and page-size choices of a paged list, keeping its filters (`filters`, already as query values). */
export function pagerOf(path: string, filters: Record<string, string | number | undefined>, paging: Paging, page: ListPage<unknown>) {
  const size = paging.size === DEFAULT_PAGE_SIZE ? undefined : paging.size;
  return {
    firstHref: page.previousCursor ? hrefOf(path, { ...filters, size }) : undefined,
    previousHref: page.previousCursor ? hrefOf(path, { ...filters, size, before: page.previousCursor }) : undefined,
    nextHref: page.nextCursor ? hrefOf(path, { ...filters, size, after: page.nextCursor }) : undefined,
    sizes: PAGE_SIZES.map((value) => ({
      value,
      isCurrent: value === paging.size,
      href: hrefOf(path, { ...filters, size: value === DEFAULT_PAGE_SIZE ? undefined : value }),
    })),
  };
}
