// Staff pages of an assessment under /assessments, one module per page in pages/ (declarations with their
// presenters): list, create, the assessment itself, organisations, invitations, progress and members.
import { Router } from "express";
import type { Action } from "../auth/policy";
import type { AppContext } from "../context";
import { NotFoundError } from "../errors";
import { pageRouter, pathId } from "../web/pages";
import { onAssessment } from "./access";
import { registerInvitationListRoutes } from "./lists/invitation-routes";
import { createPages } from "./pages/create";
import { invitationListPage, invitationPages } from "./pages/invitations";
import { listPages } from "./pages/list";
import { memberPages } from "./pages/members";
import { organisationPages } from "./pages/organisations";
import { showPages } from "./pages/show";

export function assessmentRouter(context: AppContext): Router {
  const router = Router();
  // "/assessments/new" before "/assessments/:id".
  router.use(pageRouter(context, [...listPages, ...createPages, ...showPages, ...organisationPages, invitationListPage]));
  registerInvitationListRoutes(router, context, (req, action: Action) => {
    const id = pathId.safeParse(req.params.id);
    if (!id.success) throw new NotFoundError();
    return onAssessment(action).load(context, req.actor, { id: id.data }).assessment;
  });
  router.use(pageRouter(context, [...invitationPages, ...memberPages]));
  return router;
}
