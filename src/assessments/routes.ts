// Staff pages of an assessment under /assessments: list, create, lifecycle, organisations, invitations, progress.
import { formatList } from "../i18n/names";
import { stringify } from "csv-stringify/sync";
import { Router, type Request } from "express";
import { authorize, can, type Action } from "../auth/policy";
import { visibleAssessmentsCondition } from "../auth/scope";
import type { AppContext } from "../context";
import { assessmentStatuses, organisationTypes } from "../db/schema";
import { instrumentText, isCompleteIn } from "../questionnaires/i18n";
import { InvalidInputError, NotFoundError, parseInput } from "../errors";
import { availableTransitions, isTransition } from "./lifecycle";
import { invitationFileColumns, parseInvitationFile } from "./invitation-file";
import { progressReport } from "./progress";
import type { AssessmentSummary } from "./repository";
import { createAssessmentSchema, invitationSchema, organisationSchema, updateDatesSchema } from "./schemas";
import {
  addOrganisation,
  createAssessment,
  createInvitation,
  importInvitations,
  reissueInvitation,
  removeOrganisation,
  requireAssessment,
  revokeInvitation,
  RowsInvalidError,
  transitionAssessment,
  updateAssessmentDates,
  updateOrganisation,
} from "./service";
import { addMember, addMemberSchema, listMembers, memberRoles, rawDataGrantSchema, removeMember, setRawDataGrant } from "./members";
import { registerInvitationListRoutes } from "./lists/invitation-routes";
import { invitationListView, organisationNames, parseInvitationQuery, type InvitationQuery } from "./lists/invitation-views";
import { assessmentPage, assessmentQuerySchema, assessmentStatusCounts } from "./lists/assessment-list";
import { organisationCounts, organisationPage, organisationQuerySchema, type OrganisationQuery } from "./lists/organisation-list";
import { DEFAULT_PAGE_SIZE, pagerOf, parseListQuery, rawQuery } from "./lists/query";
import { invitationLink } from "./tokens";
import { formatClosing, isPastDeadline } from "./deadline";
import { singleFileUpload } from "../uploads/middleware";

/** Field errors keyed by form field: "languages.0" (one entry of a list) is shown next to "languages". */
function byFormField(fields: Record<string, string>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) shown[key.split(".")[0]] ??= message;
  return shown;
}

function idParam(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

export function assessmentRouter(context: AppContext): Router {
  const router = Router();
  const { database, instruments, countries } = context;
  const deps = { database, instruments, secret: context.secret, clock: context.clock };
  const meta = (req: Request) => ({ ip: req.ip ?? null });

  /** Loads the assessment of the route and checks that the signed-in user may do `action` to it. */
  const load = (req: Request, action: Action): AssessmentSummary => {
    const assessment = requireAssessment(context, idParam(req.params.id));
    authorize(req.actor ?? null, action, { id: assessment.id, countryIso3: assessment.countryIso3 });
    return assessment;
  };

  const levelTitles = (assessment: AssessmentSummary, locale: string) => {
    const instrument = instruments.pinned(database, assessment.instrumentVersion);
    return instrument.levels.map((l) => ({ id: l.id, title: instrumentText(instrument, `level.${l.id}.title`, locale), inScope: assessment.levels.includes(l.id) }));
  };

  router.get("/assessments", (req, res) => {
    const actor = authorize(req.actor ?? null, "assessment.list");
    const locale = res.locals.locale as string;
    const query = parseListQuery(assessmentQuerySchema, rawQuery(req.originalUrl));
    const visible = visibleAssessmentsCondition(database, actor);
    const page = assessmentPage(database, visible, query.status, query);
    const counts = assessmentStatusCounts(database, visible);
    const filters = { status: query.status };
    res.render("assessments/index", {
      titleKey: "assessments.title",
      assessments: page.rows,
      canCreate: can(actor, "assessment.create"),
      list: {
        path: "/assessments",
        isFiltered: query.status !== undefined,
        total: query.status ? (counts.get(query.status) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0),
        statusOptions: assessmentStatuses.map((s) => ({ value: s, label: context.translator.t(locale, "lists.optionCount", { label: context.translator.t(locale, `status.${s}`), count: counts.get(s) ?? 0 }), selected: s === query.status })),
        pager: pagerOf("/assessments", filters, query, page),
      },
    });
  });

  const renderNewForm = (req: Request, res: import("express").Response, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) => {
    const locale = res.locals.locale as string;
    const instrumentList = instruments.list().map((i) => ({
      id: i.id,
      title: instrumentText(i, "instrument.title", locale),
      version: i.version.slice(0, 12),
      selected: values.instrumentId ? values.instrumentId === i.id : i.id === "digital-government",
    }));
    const chosen = instruments.current(String(values.instrumentId ?? "digital-government")) ?? instruments.list()[0];
    const checkedLevels = Array.isArray(values.levels) ? values.levels : values.levels ? [values.levels] : chosen?.levels.map((l) => l.id) ?? [];
    const checkedLanguages = Array.isArray(values.languages) ? values.languages : values.languages ? [values.languages] : ["en"];
    res.status(Object.keys(errors).length ? 400 : 200).render("assessments/new", {
      titleKey: "assessments.new.title",
      errors: context.translator.fields(locale, errors),
      values,
      countries: countries.all().map((c) => ({ iso3: c.iso3, name: c.name, selected: c.iso3 === values.countryIso3 })),
      instruments: instrumentList,
      levels: (chosen?.levels ?? []).map((l) => ({ id: l.id, title: instrumentText(chosen!, `level.${l.id}.title`, locale), checked: checkedLevels.includes(l.id) })),
      languages: (chosen ? instruments.languagesOf(chosen) : ["en"]).map((code) => ({
        code,
        name: context.translator.t(code, "language.name"),
        checked: checkedLanguages.includes(code),
        isIncomplete: chosen ? !isCompleteIn(chosen, code) : false,
      })),
      hasIncompleteLanguage: chosen ? instruments.languagesOf(chosen).some((code) => !isCompleteIn(chosen, code)) : false,
      acceptsFallback: values.acceptsFallback === "on" || values.acceptsFallback === true,
    });
  };

  router.get("/assessments/new", (req, res) => {
    authorize(req.actor ?? null, "assessment.create");
    renderNewForm(req, res);
  });

  router.post("/assessments", (req, res) => {
    const actor = authorize(req.actor ?? null, "assessment.create");
    try {
      const input = parseInput(createAssessmentSchema, req.body);
      const id = createAssessment(deps, actor, input, meta(req));
      res.redirect(303, `/assessments/${id}`);
    } catch (error) {
      if (error instanceof InvalidInputError) return renderNewForm(req, res, Object.keys(error.fields).length ? byFormField(error.fields) : { _: error.shown ? context.translator.render(res.locals.locale, error.shown) : error.message }, req.body);
      throw error;
    }
  });

  router.get("/assessments/:id", (req, res) => {
    const assessment = load(req, "assessment.read");
    const actor = req.actor!;
    const resource = { id: assessment.id, countryIso3: assessment.countryIso3 };
    const locale = res.locals.locale as string;
    const instrument = instruments.pinned(database, assessment.instrumentVersion);
    const progress = progressReport(database, assessment);
    res.render("assessments/show", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      instrumentTitle: instrumentText(instrument, "instrument.title", locale),
      instrumentVersion: assessment.instrumentVersion.slice(0, 12),
      levels: levelTitles(assessment, locale).filter((l) => l.inScope),
      languages: formatList(locale, assessment.languages.map((code) => context.translator.t(code, "language.name"))),
      transitions: can(actor, "assessment.transition", resource)
        ? availableTransitions(assessment.status).filter((t) => (t === "publish" || t === "unpublish" ? can(actor, "assessment.publish", resource) : true))
        : [],
      canEdit: can(actor, "assessment.edit", resource),
      canManageOrganisations: can(actor, "organisation.manage", resource),
      canManageInvitations: can(actor, "invitation.manage", resource),
      canReadProgress: can(actor, "progress.read", resource),
      canReadReport: can(actor, "report.read", resource),
      canExport: can(actor, "data.export", resource),
      overall: progress.overall,
      closing: assessment.closesAt ? formatClosing(locale, assessment.closesAt, assessment.timeZone) : "",
      isPastDeadline: isPastDeadline(assessment.closesAt, context.clock()),
    });
  });

  router.post("/assessments/:id/transition", (req, res) => {
    const assessment = load(req, "assessment.transition");
    const transition = req.body?.transition;
    if (!isTransition(transition)) throw new InvalidInputError("transition: must be open, close, reopen, publish or unpublish", { transition: "unknown transition" });
    if (transition === "publish" || transition === "unpublish") {
      // Publishing freezes the report: the reports module owns it.
      res.redirect(307, `/assessments/${assessment.id}/report/${transition}`);
      return;
    }
    transitionAssessment(deps, req.actor!, assessment.id, transition, meta(req));
    res.redirect(303, `/assessments/${assessment.id}`);
  });

  router.post("/assessments/:id/dates", (req, res) => {
    const assessment = load(req, "assessment.edit");
    updateAssessmentDates(deps, req.actor!, assessment.id, parseInput(updateDatesSchema, req.body), meta(req));
    res.redirect(303, `/assessments/${assessment.id}`);
  });

  const renderOrganisations = (req: Request, res: import("express").Response, assessment: AssessmentSummary, errors: Record<string, string> = {}, values: Record<string, unknown> = {}, query?: OrganisationQuery) => {
    const paging = query ?? { size: DEFAULT_PAGE_SIZE };
    const filters = { type: query?.type, q: query?.q };
    const page = organisationPage(database, assessment.id, filters, paging);
    const locale = res.locals.locale as string;
    const counts = organisationCounts(database, assessment.id, filters);
    const path = `/assessments/${assessment.id}/organisations`;
    res.status(Object.keys(errors).length ? 400 : 200).render("assessments/organisations", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      organisations: page.rows.map((o) => ({ ...o, isRemovable: o.responses === 0, types: organisationTypes.map((t) => ({ value: t, selected: t === o.type })) })),
      list: {
        path,
        filters,
        isFiltered: filters.type !== undefined || filters.q !== undefined,
        total: counts.total,
        typeOptions: organisationTypes.map((t) => ({ value: t, label: context.translator.t(locale, "lists.optionCount", { label: context.translator.t(locale, `organisationType.${t}`), count: counts.types.get(t) ?? 0 }), selected: t === filters.type })),
        pager: pagerOf(path, filters, paging, page),
      },
      types: organisationTypes.map((t) => ({ value: t, selected: t === (values.type ?? "ministry") })),
      errors: context.translator.fields(res.locals.locale, errors),
      values,
      isPublished: assessment.status === "published",
    });
  };

  router.get("/assessments/:id/organisations", (req, res) => {
    const assessment = load(req, "organisation.manage");
    renderOrganisations(req, res, assessment, {}, {}, parseListQuery(organisationQuerySchema, rawQuery(req.originalUrl)));
  });

  router.post("/assessments/:id/organisations", (req, res) => {
    const assessment = load(req, "organisation.manage");
    try {
      addOrganisation(deps, req.actor!, assessment.id, parseInput(organisationSchema, req.body), meta(req));
    } catch (error) {
      if (error instanceof InvalidInputError) return renderOrganisations(req, res, assessment, error.fields, req.body);
      throw error;
    }
    res.redirect(303, `/assessments/${assessment.id}/organisations`);
  });

  router.post("/assessments/:id/organisations/:organisationId", (req, res) => {
    const assessment = load(req, "organisation.manage");
    updateOrganisation(deps, req.actor!, assessment.id, idParam(req.params.organisationId), parseInput(organisationSchema, req.body), meta(req));
    res.redirect(303, `/assessments/${assessment.id}/organisations`);
  });

  router.post("/assessments/:id/organisations/:organisationId/delete", (req, res) => {
    const assessment = load(req, "organisation.manage");
    removeOrganisation(deps, req.actor!, assessment.id, idParam(req.params.organisationId), meta(req));
    res.redirect(303, `/assessments/${assessment.id}/organisations`);
  });

  const renderInvitations = (
    req: Request,
    res: import("express").Response,
    assessment: AssessmentSummary,
    extra: { errors?: Record<string, string>; values?: Record<string, unknown>; rowProblems?: { row: number; field: string; message: string }[]; newLink?: string; imported?: number; query?: InvitationQuery } = {},
  ) => {
    const locale = res.locals.locale as string;
    const levels = levelTitles(assessment, locale).filter((l) => l.inScope);
    const showIdentity = can(req.actor!, "respondent.identity", { id: assessment.id, countryIso3: assessment.countryIso3 });
    const hasProblems = Boolean(extra.rowProblems?.length || (extra.errors && Object.keys(extra.errors).length));
    res.status(hasProblems ? 400 : 200).render("assessments/invitations", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      list: invitationListView(context, req.actor!, assessment, "all", extra.query ?? { size: DEFAULT_PAGE_SIZE }, locale),
      organisations: organisationNames(context, assessment.id).map((o) => ({ id: o.id, name: o.name, selected: String(o.id) === String(extra.values?.organisationId) })),
      isOpen: assessment.status === "open",
      levels: levels.map((l) => ({ ...l, checked: Array.isArray(extra.values?.levels) ? (extra.values.levels as string[]).includes(l.id) : extra.values?.levels === l.id })),
      languages: assessment.languages.map((code) => ({ code, name: context.translator.t(code, "language.name"), selected: code === (extra.values?.language ?? assessment.languages[0]) })),
      columns: invitationFileColumns.join(", "),
      isClosed: assessment.status === "closed" || assessment.status === "published",
      errors: context.translator.fields(locale, extra.errors ?? {}),
      values: extra.values ?? {},
      rowProblems: context.translator.problems(locale, extra.rowProblems ?? []),
      newLink: extra.newLink,
      imported: extra.imported,
      showIdentity,
    });
  };

  router.get("/assessments/:id/invitations", (req, res) => {
    const assessment = load(req, "invitation.manage");
    const showIdentity = can(req.actor!, "respondent.identity", { id: assessment.id, countryIso3: assessment.countryIso3 });
    renderInvitations(req, res, assessment, { query: parseInvitationQuery(context, assessment, "all", rawQuery(req.originalUrl), showIdentity) });
  });

  registerInvitationListRoutes(router, context, load);

  router.post("/assessments/:id/invitations", (req, res) => {
    const assessment = load(req, "invitation.manage");
    try {
      const created = createInvitation(deps, req.actor!, assessment.id, parseInput(invitationSchema, req.body), meta(req));
      renderInvitations(req, res, assessment, { newLink: invitationLink(context.config.baseUrl, created.token) });
    } catch (error) {
      if (error instanceof InvalidInputError) return renderInvitations(req, res, assessment, { errors: byFormField(error.fields), values: req.body });
      throw error;
    }
  });

  // Who uploads is checked before multer reads a byte of the body.
  const mayImportInvitations = (req: Request, _res: unknown, next: () => void) => {
    load(req, "invitation.manage");
    next();
  };
  router.post("/assessments/:id/invitations/import", mayImportInvitations, singleFileUpload(context.config.uploads), async (req, res) => {
    const assessment = load(req, "invitation.manage");
    if (!req.file) return renderInvitations(req, res, assessment, { rowProblems: [{ row: 0, field: "file", message: context.translator.t(res.locals.locale, "invitations.import.noFile") }] });
    const parsed = await parseInvitationFile(req.file.originalname, req.file.buffer, context.config.uploads);
    if (parsed.problems.length) return renderInvitations(req, res, assessment, { rowProblems: parsed.problems });
    try {
      const result = importInvitations(deps, req.actor!, assessment.id, parsed.rows, meta(req));
      renderInvitations(req, res, assessment, { imported: result.created });
    } catch (error) {
      if (error instanceof RowsInvalidError) return renderInvitations(req, res, assessment, { rowProblems: error.problems });
      throw error;
    }
  });

  router.get("/assessments/:id/invitations/template.csv", (req, res) => {
    const assessment = load(req, "invitation.manage");
    const example = ["Ministry of Finance", "ministry", "", "", assessment.levels.join(","), assessment.languages[0]];
    res.setHeader("Content-Disposition", `attachment; filename="invitations-template.csv"`);
    res.type("text/csv; charset=utf-8").send(`\uFEFF${stringify([[...invitationFileColumns], example])}`);
  });

  router.post("/assessments/:id/invitations/:invitationId/revoke", (req, res) => {
    const assessment = load(req, "invitation.manage");
    revokeInvitation(deps, req.actor!, assessment.id, idParam(req.params.invitationId), meta(req));
    res.redirect(303, `/assessments/${assessment.id}/invitations`);
  });

  router.post("/assessments/:id/invitations/:invitationId/reissue", (req, res) => {
    const assessment = load(req, "invitation.manage");
    const { token } = reissueInvitation(deps, req.actor!, assessment.id, idParam(req.params.invitationId), meta(req));
    renderInvitations(req, res, assessment, { newLink: invitationLink(context.config.baseUrl, token) });
  });

  const renderMembers = (req: Request, res: import("express").Response, assessment: AssessmentSummary, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) => {
    res.status(Object.keys(errors).length ? 400 : 200).render("assessments/members", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      members: listMembers(database, assessment.id).map((m) => ({ ...m, isOwner: m.role === "owner", isReader: m.role === "analyst" })),
      roles: memberRoles.map((r) => ({ value: r, selected: r === (values.role ?? "analyst") })),
      errors: context.translator.fields(res.locals.locale, errors),
      values,
    });
  };

  router.get("/assessments/:id/members", (req, res) => {
    renderMembers(req, res, load(req, "assessment.members"));
  });

  router.post("/assessments/:id/members", (req, res) => {
    const assessment = load(req, "assessment.members");
    try {
      addMember(deps, req.actor!, assessment.id, parseInput(addMemberSchema, req.body), meta(req));
    } catch (error) {
      if (error instanceof InvalidInputError) return renderMembers(req, res, assessment, byFormField(error.fields), req.body);
      throw error;
    }
    res.redirect(303, `/assessments/${assessment.id}/members`);
  });

  router.post("/assessments/:id/members/:userId/raw-data", (req, res) => {
    const assessment = load(req, "assessment.members");
    const form = parseInput(rawDataGrantSchema, req.body);
    setRawDataGrant(deps, req.actor!, assessment.id, idParam(req.params.userId), form.grant === "1", meta(req));
    res.redirect(303, `/assessments/${assessment.id}/members`);
  });

  router.post("/assessments/:id/members/:userId/remove", (req, res) => {
    const assessment = load(req, "assessment.members");
    removeMember(deps, req.actor!, assessment.id, idParam(req.params.userId), meta(req));
    res.redirect(303, `/assessments/${assessment.id}/members`);
  });

  return router;
}

