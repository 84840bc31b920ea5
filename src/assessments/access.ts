// The access kinds of pages about one assessment (web/pages.ts): the path's assessment (and organisation) loaded
// once, and the policy asked once, before anything else of the request is read.
import { z } from "zod";
import { authorize, type Action, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { pathId, type PageAccess } from "../web/pages";
import { findOrganisation, type AssessmentSummary, type OrganisationRow } from "./repository";
import { requireAssessment } from "./service";

const assessmentPath = z.object({ id: pathId });
// The organisation's id is parsed after the access check, as every other input (a refusal never depends on it).
const organisationPath = assessmentPath.extend({ organisationId: z.string() });

/** `/…/:id/…`: the assessment (unknown → 404), and a signed-in user allowed `action` on it. */
export function onAssessment(action: Action): PageAccess<typeof assessmentPath, { actor: Actor; assessment: AssessmentSummary }> {
  return {
    params: assessmentPath,
    load: (context, actor, { id }) => {
      const assessment = requireAssessment(context, id);
      return { actor: authorize(actor, action, assessment), assessment };
    },
  };
}

/** `/…/:id/organisations/:organisationId/…`: the assessment, checked as `onAssessment`, then its organisation (unknown → 404). */
export function onOrganisation(
  action: Action,
): PageAccess<typeof organisationPath, { actor: Actor; assessment: AssessmentSummary; organisation: OrganisationRow }> {
  const onItsAssessment = onAssessment(action);
  return {
    params: organisationPath,
    load: (context, actor, { id, organisationId }) => {
      const loaded = onItsAssessment.load(context, actor, { id });
      const parsed = pathId.safeParse(organisationId);
      const organisation = parsed.success ? findOrganisation(context.database.db, loaded.assessment.id, parsed.data) : undefined;
      if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
      return { ...loaded, organisation };
    },
  };
}
