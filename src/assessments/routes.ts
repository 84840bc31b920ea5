// Staff pages of an assessment under /assessments, one module per page in pages/ (declarations with their
// presenters): list, create, the assessment itself, organisations, invitations, progress and members.
import type { Router } from "express";
import type { AppContext } from "../context";
import { pageRouter } from "../web/pages";
import { invitationListPages } from "./lists/invitation-routes";
import { createPages } from "./pages/create";
import { invitationListPage, invitationPages } from "./pages/invitations";
import { listPages } from "./pages/list";
import { memberPages } from "./pages/members";
import { organisationPages } from "./pages/organisations";
import { roundPages } from "./pages/rounds";
import { showPages } from "./pages/show";

export function assessmentRouter(context: AppContext): Router {
  // "/assessments/new" and "/assessments/archived" before "/assessments/:id".
  return pageRouter(context, [
    ...listPages,
    ...createPages,
    ...roundPages,
    ...showPages,
    ...organisationPages,
    invitationListPage,
    ...invitationListPages,
    ...invitationPages,
    ...memberPages,
  ]);
}
