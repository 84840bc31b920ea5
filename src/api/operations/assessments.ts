// Assessments, their organisations and invitations: list, read, create. The services of src/assessments do the work.
import { findAssessment, findOrganisation, listAssessments } from "../../assessments/repository";
import { addOrganisation, createAssessment, createInvitation } from "../../assessments/service";
import { invitationLink } from "../../assessments/tokens";
import { listedAssessmentsCondition } from "../../auth/scope";
import type { AppContext } from "../../context";
import { NotFoundError } from "../../errors";
import { idPageQuery, pageFromRows } from "../../pagination";
import { assessmentParams, organisationParams, positiveId } from "../parameters";
import { defineOperation } from "../registry";
import { invitationById, invitationRows, organisationRows } from "../repository";

const invitationParams = assessmentParams.extend({ invitationId: positiveId("The invitation's id.") });

const serviceDeps = (context: AppContext) => ({ database: context.database, instruments: context.instruments, secret: context.secret, clock: context.clock });

export const assessmentOperations = [
  defineOperation({
    method: "get",
    path: "/assessments",
    operationId: "listAssessments",
    tag: "Assessments",
    summary: "List the assessments you may read",
    description: "Administrators see all; experts and analysts those they run or were granted; focal points those of their countries.",
    access: { kind: "action", action: "assessment.list" },
    query: idPageQuery,
    response: { status: 200, schema: "AssessmentPage", description: "A page of assessments, newest first." },
    handle: ({ context, actor, query }) => {
      const rows = listAssessments(context.database.db, listedAssessmentsCondition(context.database, actor), {
        afterId: query.cursor,
        limit: query.limit + 1,
      });
      return pageFromRows(rows, query.limit, (a) => a.id);
    },
  }),
  defineOperation({
    method: "post",
    path: "/assessments",
    operationId: "createAssessment",
    tag: "Assessments",
    summary: "Create an assessment",
    description: "Creates a draft assessment pinned to the instrument's current version; an expert who creates it becomes its owner.",
    access: { kind: "action", action: "assessment.create" },
    body: "CreateAssessment",
    response: { status: 201, schema: "Assessment", description: "The assessment created." },
    conflicts: "The country already has this round with this instrument.",
    handle: ({ context, actor, body, req }) => {
      const id = createAssessment(serviceDeps(context), actor, body, { ip: req.ip ?? null });
      const created = findAssessment(context.database.db, id);
      if (!created) throw new NotFoundError();
      return created;
    },
    location: (created) => `/api/v1/assessments/${created.id}`,
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}",
    operationId: "getAssessment",
    tag: "Assessments",
    summary: "Read an assessment",
    access: { kind: "assessment", action: "assessment.read" },
    params: assessmentParams,
    response: { status: 200, schema: "Assessment", description: "The assessment." },
    handle: ({ assessment }) => assessment,
  }),

  defineOperation({
    method: "get",
    path: "/assessments/{id}/organisations",
    operationId: "listOrganisations",
    tag: "Organisations",
    summary: "List the organisations of an assessment",
    access: { kind: "assessment", action: "assessment.read" },
    params: assessmentParams,
    query: idPageQuery,
    response: { status: 200, schema: "OrganisationPage", description: "A page of organisations, ordered by id." },
    handle: ({ context, assessment, query }) =>
      pageFromRows(organisationRows(context.database.db, assessment.id, { afterId: query.cursor, limit: query.limit }), query.limit, (o) => o.id),
  }),
  defineOperation({
    method: "post",
    path: "/assessments/{id}/organisations",
    operationId: "createOrganisation",
    tag: "Organisations",
    summary: "Register an organisation",
    access: { kind: "assessment", action: "organisation.manage" },
    params: assessmentParams,
    body: "CreateOrganisation",
    response: { status: 201, schema: "Organisation", description: "The organisation registered." },
    conflicts: "An organisation of that name is already registered, or the assessment is published.",
    handle: ({ context, actor, assessment, body, req }) => {
      const id = addOrganisation(serviceDeps(context), actor, assessment.id, body, { ip: req.ip ?? null });
      const created = findOrganisation(context.database.db, assessment.id, id);
      if (!created) throw new NotFoundError();
      return created;
    },
    location: (created) => `/api/v1/assessments/${created.assessmentId}/organisations/${created.id}`,
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}/organisations/{organisationId}",
    operationId: "getOrganisation",
    tag: "Organisations",
    summary: "Read an organisation",
    access: { kind: "assessment", action: "assessment.read" },
    params: organisationParams,
    response: { status: 200, schema: "Organisation", description: "The organisation." },
    handle: ({ context, assessment, params }) => {
      const organisation = findOrganisation(context.database.db, assessment.id, params.organisationId);
      if (!organisation) throw new NotFoundError("There is no such organisation in this assessment.");
      return organisation;
    },
  }),

  defineOperation({
    method: "get",
    path: "/assessments/{id}/invitations",
    operationId: "listInvitations",
    tag: "Invitations",
    summary: "List the invitations of an assessment",
    description: "Respondents' names, e-mail addresses and status. Links are never listed: they are shown once, when created.",
    access: { kind: "assessment", action: "invitation.manage" },
    params: assessmentParams,
    query: idPageQuery.extend({ organisationId: positiveId("Only the invitations of this organisation.").optional() }),
    response: { status: 200, schema: "InvitationPage", description: "A page of invitations, ordered by id." },
    handle: ({ context, assessment, query }) =>
      pageFromRows(
        invitationRows(context.database.db, assessment.id, { afterId: query.cursor, limit: query.limit, organisationId: query.organisationId }),
        query.limit,
        (i) => i.id,
      ),
  }),
  defineOperation({
    method: "post",
    path: "/assessments/{id}/invitations",
    operationId: "createInvitation",
    tag: "Invitations",
    summary: "Invite a respondent",
    description: "Creates an invitation and returns the respondent's personal link, once: it is not shown again by the API.",
    access: { kind: "assessment", action: "invitation.manage" },
    params: assessmentParams,
    body: "CreateInvitation",
    response: { status: 201, schema: "CreatedInvitation", description: "The invitation, with its link." },
    conflicts: "The round is closed: no new invitations.",
    handle: ({ context, actor, assessment, body, req }) => {
      const created = createInvitation(serviceDeps(context), actor, assessment.id, body, { ip: req.ip ?? null });
      const invitation = invitationById(context.database.db, assessment.id, created.id);
      if (!invitation) throw new NotFoundError();
      return { ...invitation, link: invitationLink(context.config.baseUrl, created.token) };
    },
    location: (created) => `/api/v1/assessments/${created.assessmentId}/invitations/${created.id}`,
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}/invitations/{invitationId}",
    operationId: "getInvitation",
    tag: "Invitations",
    summary: "Read an invitation",
    access: { kind: "assessment", action: "invitation.manage" },
    params: invitationParams,
    response: { status: 200, schema: "Invitation", description: "The invitation (without its link)." },
    handle: ({ context, assessment, params }) => {
      const invitation = invitationById(context.database.db, assessment.id, params.invitationId);
      if (!invitation) throw new NotFoundError("There is no such invitation in this assessment.");
      return invitation;
    },
  }),
];
