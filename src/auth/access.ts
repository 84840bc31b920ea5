// The access kinds of pages that name no assessment (web/pages.ts): anyone, or a signed-in user allowed an action.
// Pages about one account use `onUser`, pages about one assessment assessments/access.ts. Every answer comes from policy.ts.
import { z } from "zod";
import { NotFoundError } from "../errors";
import { pathId, type PageAccess } from "../web/pages";
import { authorize, type Action, type Actor } from "./policy";
import { findUserById, type UserRow } from "./user-repository";

const noParams = z.object({});

/** Anyone, signed in or not (`actor` is undefined for anonymous requests): declared in web/pages.ts. */
export { anyone } from "../web/pages";

/** A signed-in user allowed `action` (anonymous → sign-in page, others → 403). */
export function allowedTo(action: Action): PageAccess<typeof noParams, { actor: Actor }> {
  return { params: noParams, load: (_context, actor) => ({ actor: authorize(actor, action) }) };
}

const userPath = z.object({ userId: z.string() });

/** `/admin/users/:userId…`: a signed-in user allowed `action`, then the account of the path (unknown → 404). */
export function onUser(action: Action): PageAccess<typeof userPath, { actor: Actor; user: UserRow }> {
  return {
    params: userPath,
    load: (context, actor, { userId }) => {
      const allowed = authorize(actor, action);
      // The id is read after the policy's answer, so a refusal never depends on it.
      const id = pathId.safeParse(userId);
      const user = id.success ? findUserById(context.database.db, id.data) : undefined;
      if (!user) throw new NotFoundError();
      return { actor: allowed, user };
    },
  };
}
