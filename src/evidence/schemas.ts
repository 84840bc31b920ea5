// What a respondent may send as evidence, parsed at the edge: a link (http or https only) and a short note.
import { z } from "zod";

export const NOTE_MAX = 500;
export const LINK_MAX = 2000;
/** Links attached to one response, over all its items (files have their own, configurable limit). */
export const LINKS_PER_RESPONSE = 50;

/** An evidence link: an absolute http(s) address; javascript:, data:, file: and the like are refused. */
export const evidenceLinkSchema = z
  .string()
  .trim()
  .max(LINK_MAX, "must be at most 2000 characters")
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain, message: "must be an address starting with http:// or https://" }));

export const evidenceNoteSchema = z.string().trim().max(NOTE_MAX, "must be at most 500 characters");

export const evidenceRatingSchema = z.object({
  responseId: z.coerce.number().int().positive(),
  itemId: z.string().min(1).max(200),
  rating: z.enum(["sufficient", "partial", "none", "unrated"], { message: "must be sufficient, partial, none or unrated" }),
});
