// An assessment's invitations (/assessments/:id/invitations): the list (rows read-only) with the new-invitation form,
// creating one, importing a file of them, the file's template, one invitation's own page (…/:invitationId/edit:
// who it is for, its language, its link withdrawn or renewed, each asking first). The list's own routes (CSV, bulk
// actions, progress) are in lists/invitation-routes.ts.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { can, type Actor } from "../../auth/policy";
import type { AppContext } from "../../context";
import { flash } from "../../auth/guards";
import { NotFoundError } from "../../errors";
import { formatList } from "../../i18n/names";
import { definePage, pathId, redirect, render, type RefusedForm } from "../../web/pages";
import { onAssessment } from "../access";
import { invitationFileColumns, parseInvitationFile } from "../invitation-file";
import { invitationListView, organisationNames, parseInvitationQuery, type InvitationQuery } from "../lists/invitation-views";
import { DEFAULT_PAGE_SIZE, rawQuery } from "../../list-query";
import { findInvitation, findOrganisation, type AssessmentSummary, type InvitationRecord } from "../repository";
import { invitationEditSchema, invitationSchema } from "../schemas";
import { createInvitation, importInvitations, reissueInvitation, revokeInvitation, RowsInvalidError, updateInvitation } from "../service";
import { invitationLink, tokenFromSeed } from "../tokens";
import { byFormField, levelTitles, pageTitle, requestMeta, serviceDeps } from "./shared";

interface InvitationsExtra {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
  rowProblems?: { row: number; field: string; message: string }[];
  newLink?: string;
  imported?: number;
  query?: InvitationQuery;
}

/** The page's view model: the list, the form (values, errors), and what the last action produced (a link, an import). */
export function invitationsView(context: AppContext, actor: Actor, assessment: AssessmentSummary, locale: string, extra: InvitationsExtra = {}) {
  const { translator } = context;
  const levels = levelTitles(context, assessment, locale).filter((l) => l.inScope);
  return {
    title: pageTitle(assessment),
    assessment,
    list: invitationListView(context, actor, assessment, "all", extra.query ?? { size: DEFAULT_PAGE_SIZE }, locale),
    organisations: organisationNames(context, assessment.id).map((o) => ({
      id: o.id,
      name: o.name,
      selected: String(o.id) === String(extra.values?.organisationId),
    })),
    isOpen: assessment.status === "open",
    levels: levels.map((l) => ({
      ...l,
      checked: Array.isArray(extra.values?.levels) ? (extra.values.levels as string[]).includes(l.id) : extra.values?.levels === l.id,
    })),
    languages: assessment.languages.map((code) => ({
      code,
      name: translator.t(code, "language.name"),
      selected: code === (extra.values?.language ?? assessment.languages[0]),
    })),
    columns: invitationFileColumns.join(", "),
    isClosed: assessment.status === "closed" || assessment.status === "published",
    errors: translator.fields(locale, extra.errors ?? {}),
    values: extra.values ?? {},
    rowProblems: translator.problems(locale, extra.rowProblems ?? []),
    newLink: extra.newLink,
    imported: extra.imported,
    showIdentity: can(actor, "respondent.identity", assessment),
  };
}

/** The page, with status 400 when it shows problems. */
function invitationsPage(context: AppContext, actor: Actor, assessment: AssessmentSummary, locale: string, extra: InvitationsExtra = {}) {
  const hasProblems = Boolean(extra.rowProblems?.length || (extra.errors && Object.keys(extra.errors).length));
  return render("assessments/invitations", invitationsView(context, actor, assessment, locale, extra), hasProblems ? 400 : 200);
}

const invitationPath = z.object({ invitationId: pathId });
const listPath = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/invitations`;

function requireInvitation(context: AppContext, assessment: AssessmentSummary, invitationId: number): InvitationRecord {
  const invitation = findInvitation(context.database.db, assessment.id, invitationId);
  if (!invitation) throw new NotFoundError({ key: "errors.invitation.notFound" });
  return invitation;
}

/** One invitation's own page: what it is, its link, the form of who it is for, and its link actions. */
export function invitationEditView(
  context: AppContext,
  actor: Actor,
  assessment: AssessmentSummary,
  invitation: InvitationRecord,
  locale: string,
  refused?: RefusedForm,
) {
  const { translator } = context;
  const showIdentity = can(actor, "respondent.identity", assessment);
  const values = refused?.values ?? { name: invitation.name ?? "", email: invitation.email ?? "", language: invitation.language };
  const titles = new Map(levelTitles(context, assessment, locale).map((l) => [l.id, l.title]));
  const isRevoked = Boolean(invitation.revokedAt);
  return {
    title: pageTitle(assessment),
    assessment,
    invitation: {
      id: invitation.id,
      organisationName: findOrganisation(context.database.db, assessment.id, invitation.organisationId)?.name ?? "",
      levelList: formatList(
        locale,
        invitation.levels.map((l) => titles.get(l) ?? l),
      ),
      stateLabel: translator.t(locale, isRevoked ? "invitations.revoked" : `invitationStatus.${invitation.status}`),
      isRevoked,
      link: isRevoked ? null : invitationLink(context.config.baseUrl, tokenFromSeed(context.secret, invitation.tokenSeed)),
    },
    showIdentity,
    isClosed: assessment.status === "closed" || assessment.status === "published",
    values,
    errors: refused?.errors ?? {},
    languageOptions: assessment.languages.map((code) => ({ value: code, label: translator.t(code, "language.name"), selected: code === values.language })),
    listPath: listPath(assessment),
  };
}

/** GET /assessments/:id/invitations: before the list's own routes (lists/invitation-routes.ts). */
export const invitationListPage = definePage({
  method: "get",
  path: "/assessments/:id/invitations",
  access: onAssessment("invitation.manage"),
  handle: ({ context, actor, assessment, locale, req }) => {
    const query = parseInvitationQuery(context, assessment, "all", rawQuery(req.originalUrl), can(actor, "respondent.identity", assessment));
    return invitationsPage(context, actor, assessment, locale, { query });
  },
});

export const invitationPages = [
  definePage({
    method: "post",
    path: "/assessments/:id/invitations",
    access: onAssessment("invitation.manage"),
    body: invitationSchema,
    handle: ({ context, actor, assessment, locale, body, req }) => {
      const created = createInvitation(serviceDeps(context), actor, assessment.id, body, requestMeta(req));
      return invitationsPage(context, actor, assessment, locale, { newLink: invitationLink(context.config.baseUrl, created.token) });
    },
    onInvalid: ({ context, actor, assessment, locale, values }, error) =>
      invitationsPage(context, actor, assessment, locale, { errors: byFormField(error.fields), values }),
  }),
  // Who uploads is checked before multer reads a byte of the body (upload: true).
  definePage({
    method: "post",
    path: "/assessments/:id/invitations/import",
    access: onAssessment("invitation.manage"),
    upload: true,
    handle: async ({ context, actor, assessment, locale, req }) => {
      if (!req.file)
        return invitationsPage(context, actor, assessment, locale, {
          rowProblems: [{ row: 0, field: "file", message: context.translator.t(locale, "invitations.import.noFile") }],
        });
      const parsed = await parseInvitationFile(req.file.originalname, req.file.buffer, context.config.uploads);
      if (parsed.problems.length) return invitationsPage(context, actor, assessment, locale, { rowProblems: parsed.problems });
      try {
        const result = importInvitations(serviceDeps(context), actor, assessment.id, parsed.rows, requestMeta(req));
        return invitationsPage(context, actor, assessment, locale, { imported: result.created });
      } catch (error) {
        if (error instanceof RowsInvalidError) return invitationsPage(context, actor, assessment, locale, { rowProblems: error.problems });
        throw error;
      }
    },
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/invitations/template.csv",
    access: onAssessment("invitation.manage"),
    handle: ({ assessment, res }) => {
      const example = ["Ministry of Finance", "ministry", "", "", assessment.levels.join(","), assessment.languages[0]];
      res.setHeader("Content-Disposition", `attachment; filename="invitations-template.csv"`);
      res.type("text/csv; charset=utf-8").send(`\uFEFF${stringify([[...invitationFileColumns], example])}`);
    },
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/invitations/:invitationId/edit",
    access: onAssessment("invitation.manage"),
    params: invitationPath,
    view: "assessments/invitation-edit",
    handle: ({ context, actor, assessment, params, locale }) =>
      invitationEditView(context, actor, assessment, requireInvitation(context, assessment, params.invitationId), locale),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/invitations/:invitationId/edit",
    access: onAssessment("invitation.manage"),
    params: invitationPath,
    body: invitationEditSchema,
    handle: ({ context, actor, assessment, params, body, req }) => {
      // Who may not see respondents' names and addresses cannot change them either.
      const input = can(actor, "respondent.identity", assessment) ? body : { language: body.language };
      updateInvitation(serviceDeps(context), actor, assessment.id, params.invitationId, input, requestMeta(req));
      flash(req, { kind: "success", key: "invitations.saved" });
      return redirect(listPath(assessment));
    },
    form: {
      view: "assessments/invitation-edit",
      model: ({ context, actor, assessment, params, locale }, refused) =>
        invitationEditView(context, actor, assessment, requireInvitation(context, assessment, params.invitationId), locale, refused),
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/invitations/:invitationId/revoke",
    access: onAssessment("invitation.manage"),
    params: invitationPath,
    confirm: ({ assessment }) => ({
      actionKey: "confirm.action.revokeInvitation",
      consequences: [{ key: "confirm.revokeInvitation.links", params: { count: 1 } }],
      back: listPath(assessment),
    }),
    handle: ({ context, actor, assessment, params, req }) => {
      revokeInvitation(serviceDeps(context), actor, assessment.id, params.invitationId, requestMeta(req));
      return redirect(`/assessments/${assessment.id}/invitations`);
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/invitations/:invitationId/reissue",
    access: onAssessment("invitation.manage"),
    params: invitationPath,
    // The link sent before stops working: asked first, like withdrawing it (not when there is no working link, nor
    // when a published round refuses it anyway).
    confirm: ({ context, assessment, params }) =>
      assessment.status === "published" || findInvitation(context.database.db, assessment.id, params.invitationId)?.revokedAt !== null
        ? undefined
        : {
            actionKey: "confirm.action.reissueInvitation",
            consequences: [{ key: "confirm.reissueInvitation.links", params: { count: 1 } }],
            back: `/assessments/${assessment.id}/invitations/${params.invitationId}/edit`,
          },
    handle: ({ context, actor, assessment, locale, params, req }) => {
      const { token } = reissueInvitation(serviceDeps(context), actor, assessment.id, params.invitationId, requestMeta(req));
      return invitationsPage(context, actor, assessment, locale, { newLink: invitationLink(context.config.baseUrl, token) });
    },
  }),
];
