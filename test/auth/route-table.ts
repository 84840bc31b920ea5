// THE route authorisation table: every route of the app, and what each kind of user gets from it.
// route-matrix.test.ts requests every route as every role and compares with this table; a route missing here fails it.
//
// To add a route: add a line `"METHOD /path/:param": <expectation>` below, using the presets:
//   publicRoute()                  everyone, signed in or not (the respondent journey, sign-in, health)
//   signedIn()                     any signed-in user; anonymous people are sent to sign in
//   adminOnly()                    administrators only
//   creators()                     administrators and experts (create assessments, manage instruments)
//   onAssessment(...roles)         administrators plus the listed in-scope roles of the fixture assessment:
//                                  "expertIn" (owner), "focalIn" (focal point of its country), "analystIn" (granted reader)
// Route parameters are filled from the fixture (route-fixture.ts) by name, see `defaultParams`; a route whose request
// consumes its object (delete, revoke, re-issue) takes a per-role spare one: `{ ...onAssessment(…), params: { … } }`.
// Routes under /api/ are requested with each role's API token (Bearer), and POSTs with an empty JSON body.
import type { RoleName, RouteFixture } from "./route-fixture";

/**
 * ok: the request is let through (any status below 500 except 401, 403 and 404, and no redirect to the sign-in page).
 * forbidden: 403. signIn: pages redirect to /sign-in, the API answers 401.
 */
export type Outcome = "ok" | "forbidden" | "signIn";

export type ParamFill = (fixture: RouteFixture, role: RoleName) => string | number;

export interface RouteExpectation {
  outcomes: Record<RoleName, Outcome>;
  /** Overrides of `defaultParams` for this route. */
  params?: Record<string, ParamFill>;
  /** The request ends the caller's session (sign-out): the matrix signs that role in again afterwards. */
  endsSession?: boolean;
  /** The request revokes the caller's API tokens (revoke all): the matrix makes its working token work again afterwards. */
  revokesApiTokens?: boolean;
}

export const defaultParams: Record<string, ParamFill> = {
  id: (f) => f.assessmentId,
  organisationId: (f) => f.organisationId,
  invitationId: (f) => f.invitationId,
  token: (f) => f.invitationToken,
  dimensionId: (f) => f.dimensionId,
  userId: (f) => f.targetUserId,
  tokenId: (f, role) => f.apiTokenIds[role],
  responseId: (f) => f.responseId,
  instrumentId: (f) => f.instrumentId,
  messageId: (f) => f.outboxMessageId,
  evidenceId: (f) => f.evidenceId,
  entryId: (f) => f.planEntryId,
};

const everyone = (outcome: Outcome): Record<RoleName, Outcome> => ({
  anonymous: outcome,
  admin: outcome,
  expertIn: outcome,
  expertOut: outcome,
  focalIn: outcome,
  focalOut: outcome,
  analystIn: outcome,
  analystOut: outcome,
});

export function publicRoute(): RouteExpectation {
  return { outcomes: everyone("ok") };
}

export function signedIn(): RouteExpectation {
  return { outcomes: { ...everyone("ok"), anonymous: "signIn" } };
}

export function adminOnly(): RouteExpectation {
  return { outcomes: { ...everyone("forbidden"), anonymous: "signIn", admin: "ok" } };
}

export function creators(): RouteExpectation {
  return { outcomes: { ...everyone("forbidden"), anonymous: "signIn", admin: "ok", expertIn: "ok", expertOut: "ok" } };
}

export function onAssessment(...allowed: Array<"expertIn" | "focalIn" | "analystIn">): RouteExpectation {
  const outcomes: Record<RoleName, Outcome> = { ...everyone("forbidden"), anonymous: "signIn", admin: "ok" };
  for (const role of allowed) outcomes[role] = "ok";
  return { outcomes };
}

/** Who runs an assessment (edit, lifecycle, publish). */
const runners = () => onAssessment("expertIn");
/** Who co-manages it (organisations, invitations, progress, respondents' identity). */
const managers = () => onAssessment("expertIn", "focalIn");
/** Who reads it (overview, reports, data). */
const readers = () => onAssessment("expertIn", "focalIn", "analystIn");
/** Who reads its raw data (individual answers, comments): its team; the fixture's analyst holds no raw-data grant. */
const rawDataReaders = () => onAssessment("expertIn", "focalIn");

const spareOrganisation: Record<string, ParamFill> = { organisationId: (f, role) => f.spareOrganisationIds[role] };
const countryUnit: Record<string, ParamFill> = { unit: () => "country" };
const spareInvitation: Record<string, ParamFill> = { invitationId: (f, role) => f.spareInvitationIds[role] };

export const routeTable: Record<string, RouteExpectation> = {
  // Platform
  "GET /healthz": publicRoute(),
  "GET /": publicRoute(),

  // Signing in and out, password links (src/auth/routes.ts)
  "GET /sign-in": publicRoute(),
  "POST /sign-in": publicRoute(),
  "POST /sign-out": { ...publicRoute(), endsSession: true },
  "GET /reset/:token": { ...publicRoute(), params: { token: (f) => f.resetToken } },
  "POST /reset/:token": { ...publicRoute(), params: { token: (f) => f.resetToken } },
  "GET /forgot-password": publicRoute(),
  "POST /forgot-password": publicRoute(),

  // My account (src/auth/account-routes.ts)
  "GET /account": signedIn(),
  "POST /account/language": signedIn(),
  "GET /account/password": signedIn(),
  "POST /account/password": signedIn(),
  "GET /account/tokens": signedIn(),
  "POST /account/tokens": signedIn(),
  "POST /account/tokens/:tokenId/revoke": signedIn(),
  "POST /account/tokens/revoke-all": { ...signedIn(), revokesApiTokens: true },

  // Administration (src/auth/admin-routes.ts, src/admin/audit-routes.ts)
  "GET /admin/users": adminOnly(),
  "GET /admin/users/new": adminOnly(),
  "POST /admin/users": adminOnly(),
  "GET /admin/users/:userId": adminOnly(),
  "POST /admin/users/:userId": adminOnly(),
  "POST /admin/users/:userId/disable": adminOnly(),
  "POST /admin/users/:userId/enable": adminOnly(),
  "POST /admin/users/:userId/reset": adminOnly(),
  "GET /admin/audit": adminOnly(),

  // The respondent journey: the link is the credential (src/responses/routes.ts)
  "GET /r/:token": publicRoute(),
  "POST /r/:token/language": publicRoute(),
  "GET /r/:token/p/:dimensionId": publicRoute(),
  "POST /r/:token/p/:dimensionId": publicRoute(),
  "POST /r/:token/autosave": publicRoute(),
  "GET /r/:token/about": publicRoute(),
  "POST /r/:token/about": publicRoute(),
  "GET /r/:token/saved": publicRoute(),
  "GET /r/:token/review": publicRoute(),
  "POST /r/:token/submit": publicRoute(),
  "GET /r/:token/thanks": publicRoute(),
  "POST /r/:token/evidence": publicRoute(),
  "POST /r/:token/evidence/:evidenceId/remove": { ...publicRoute(), params: { evidenceId: (f, role) => f.spareEvidenceIds[role] } },
  "GET /r/:token/evidence/:evidenceId": publicRoute(),
  // Published results through an invitation link, and the public report link (src/reports/shared-routes.ts)
  "GET /r/:token/results": { ...publicRoute(), params: { token: (f) => f.publishedInvitationToken } },
  "GET /r/:token/results.pdf": { ...publicRoute(), params: { token: (f) => f.publishedInvitationToken } },
  "GET /r/:token/results/organisation": { ...publicRoute(), params: { token: (f) => f.publishedInvitationToken } },
  "GET /r/:token/results/organisation.pdf": { ...publicRoute(), params: { token: (f) => f.publishedInvitationToken } },
  "GET /p/:token": { ...publicRoute(), params: { token: (f) => f.publicReportToken } },
  "GET /p/:token/report.pdf": { ...publicRoute(), params: { token: (f) => f.publicReportToken } },

  // Assessments (src/assessments/routes.ts)
  "GET /assessments": signedIn(),
  "GET /portfolio": signedIn(),
  "GET /assessments/new": creators(),
  "POST /assessments": creators(),
  "GET /assessments/:id": readers(),
  "POST /assessments/:id/transition": runners(),
  "POST /assessments/:id/dates": runners(),
  // Rounds that carry over (src/assessments/pages/rounds.ts); the fixture assessment has responses, so delete is refused (409).
  "GET /assessments/archived": adminOnly(),
  "GET /assessments/:id/next-round": runners(),
  "POST /assessments/:id/next-round": runners(),
  "POST /assessments/:id/archive": runners(),
  "POST /assessments/:id/restore": adminOnly(),
  "POST /assessments/:id/delete": runners(),
  "GET /assessments/:id/members": runners(),
  "POST /assessments/:id/members": runners(),
  "POST /assessments/:id/members/:userId/remove": runners(),
  "POST /assessments/:id/members/:userId/raw-data": runners(),
  "GET /assessments/:id/members/:userId/edit": { ...runners(), params: { userId: (f) => f.users.analystIn.id } },
  "GET /assessments/:id/organisations": managers(),
  "POST /assessments/:id/organisations": managers(),
  "GET /assessments/:id/organisations/:organisationId/edit": managers(),
  "POST /assessments/:id/organisations/:organisationId": managers(),
  "POST /assessments/:id/organisations/:organisationId/delete": { ...managers(), params: spareOrganisation },
  "GET /assessments/:id/invitations": managers(),
  "POST /assessments/:id/invitations": managers(),
  "POST /assessments/:id/invitations/import": managers(),
  "GET /assessments/:id/invitations.csv": managers(),
  "GET /assessments/:id/invitations/template.csv": managers(),
  "GET /assessments/:id/invitations/bulk": managers(),
  "POST /assessments/:id/invitations/bulk": managers(),
  "GET /assessments/:id/invitations/mail": managers(),
  "POST /assessments/:id/invitations/mail": managers(),
  "GET /assessments/:id/invitations/:invitationId/edit": managers(),
  "POST /assessments/:id/invitations/:invitationId/edit": { ...managers(), params: spareInvitation },
  "POST /assessments/:id/invitations/:invitationId/revoke": { ...managers(), params: spareInvitation },
  "POST /assessments/:id/invitations/:invitationId/reissue": { ...managers(), params: spareInvitation },
  "GET /assessments/:id/progress": managers(),

  // Mail (src/mail/routes.ts)
  "GET /assessments/:id/mail": managers(),
  "GET /assessments/:id/mail.csv": managers(),
  "POST /assessments/:id/mail/invitations": managers(),
  "POST /assessments/:id/mail/reminders": managers(),
  "POST /assessments/:id/mail/announcement": runners(),
  "POST /assessments/:id/mail/:messageId/requeue": managers(),
  "POST /assessments/:id/reminder-schedule": runners(),
  "POST /assessments/:id/report-links": runners(),
  "POST /assessments/:id/report-links/:linkId/revoke": { ...runners(), params: { linkId: (f, role) => f.spareReportLinkIds[role] } },

  // Expert validation (src/validation/routes.ts): experts of the assessment decide, focal points of its country comment
  // and contest, readers read. The fixture's unit is the country × the first (institutional) dimension.
  "GET /assessments/:id/validation": readers(),
  "GET /assessments/:id/evidence": rawDataReaders(),
  "POST /assessments/:id/evidence/rating": runners(),
  "GET /assessments/:id/evidence/:evidenceId/file": rawDataReaders(),
  "GET /assessments/:id/evidence.csv": rawDataReaders(),
  "GET /assessments/:id/evidence.xlsx": rawDataReaders(),

  // The action plan (src/plans/routes.ts): experts of the assessment edit it, its readers read it.
  "GET /assessments/:id/plan": readers(),
  "GET /assessments/:id/plan/new": runners(),
  "POST /assessments/:id/plan": runners(),
  "GET /assessments/:id/plan/:entryId": runners(),
  "POST /assessments/:id/plan/:entryId": runners(),
  "GET /assessments/:id/plan.csv": readers(),
  "GET /assessments/:id/plan.xlsx": readers(),
  "GET /assessments/:id/validation/:unit/:dimensionId": { ...readers(), params: countryUnit },
  "GET /assessments/:id/validation/:unit/:dimensionId/meeting": { ...readers(), params: countryUnit },
  "POST /assessments/:id/validation/:unit/:dimensionId/decision": { ...runners(), params: countryUnit },
  "POST /assessments/:id/validation/:unit/:dimensionId/withdraw": { ...runners(), params: countryUnit },
  "POST /assessments/:id/validation/:unit/:dimensionId/contest": { ...managers(), params: countryUnit },
  "POST /assessments/:id/validation/:unit/:dimensionId/comment": { ...managers(), params: countryUnit },

  // Reports (src/reports/routes.ts)
  "GET /assessments/:id/report": readers(),
  "GET /assessments/:id/report.pdf": readers(),
  "GET /assessments/:id/report.docx": readers(),
  "GET /assessments/:id/organisations/:organisationId/report": readers(),
  "GET /assessments/:id/organisations/:organisationId/report.pdf": readers(),
  "GET /assessments/:id/organisations/:organisationId/report.docx": readers(),
  "POST /assessments/:id/report/publish": runners(),
  "POST /assessments/:id/report/unpublish": runners(),

  // Data in and out (src/exchange/routes.ts, src/exchange/instrument-routes.ts)
  "GET /assessments/:id/data": readers(),
  "GET /assessments/:id/data/:file": { ...readers(), params: { file: () => "codebook.csv" } },
  "POST /assessments/:id/data/answers": managers(),
  "POST /assessments/:id/data/submissions": managers(),
  "GET /assessments/:id/organisations/:organisationId/answer-template.xlsx": managers(),
  "GET /assessments/:id/invitations/:invitationId/answer-template.xlsx": managers(),
  "GET /instruments/xlsform": signedIn(),
  "GET /instruments/:instrumentId/xlsform.xlsx": { ...signedIn(), params: { instrumentId: () => "digital-government" } },
  "POST /instruments/xlsform": creators(),

  // The JSON API (src/api/operations/*.ts): the same policy, asked with the token's user
  "GET /api/v1/openapi.json": publicRoute(),
  "GET /api/v1/docs": publicRoute(),
  "GET /api/v1/assessments": signedIn(),
  "GET /api/v1/portfolio": signedIn(),
  "POST /api/v1/assessments": creators(),
  "GET /api/v1/assessments/:id": readers(),
  "GET /api/v1/assessments/:id/organisations": readers(),
  "POST /api/v1/assessments/:id/organisations": managers(),
  "GET /api/v1/assessments/:id/organisations/:organisationId": readers(),
  "GET /api/v1/assessments/:id/invitations": managers(),
  "POST /api/v1/assessments/:id/invitations": managers(),
  "GET /api/v1/assessments/:id/invitations/:invitationId": managers(),
  "GET /api/v1/assessments/:id/responses": rawDataReaders(),
  "GET /api/v1/assessments/:id/responses/:responseId": rawDataReaders(),
  "GET /api/v1/assessments/:id/results": readers(),
  "GET /api/v1/assessments/:id/organisations/:organisationId/results": readers(),
  "GET /api/v1/assessments/:id/validations": readers(),
  "GET /api/v1/assessments/:id/evidence": rawDataReaders(),
  "GET /api/v1/instruments": signedIn(),
  "GET /api/v1/instruments/:instrumentId": signedIn(),
  "GET /api/v1/countries": signedIn(),
};
