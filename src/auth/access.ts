// The access kinds of pages that name no assessment (web/pages.ts): anyone, or a signed-in user allowed an action.
// Pages about one assessment use assessments/access.ts. Every answer comes from policy.ts.
import { z } from "zod";
import type { PageAccess } from "../web/pages";
import { authorize, type Action, type Actor } from "./policy";

const noParams = z.object({});

/** Anyone, signed in or not (`actor` is undefined for anonymous requests). */
export const anyone: PageAccess<typeof noParams, { actor: Actor | undefined }> = {
  params: noParams,
  load: (_context, actor) => ({ actor }),
};

/** A signed-in user allowed `action` (anonymous → sign-in page, others → 403). */
export function allowedTo(action: Action): PageAccess<typeof noParams, { actor: Actor }> {
  return { params: noParams, load: (_context, actor) => ({ actor: authorize(actor, action) }) };
}
