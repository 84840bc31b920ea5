// Every staff form explains itself (issue 23): sent bad values, it comes back on its own page with the values as sent
// and each refused field's message, translated, tied to its control (aria-describedby, aria-invalid), never the
// error page. The forms are one list, `staffForms`; every other POST route of the app is in `notStaffForms` with the
// reason, so a new form fails here until it is listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Translator } from "../../src/i18n/translate";
import { Browser, insertUser, PASSWORD, startApp, textOf, type AuthTestApp } from "../auth/support";
import { routeTable } from "../auth/route-table";
import { anAssessment, anInvitation } from "../support/builders";

interface Fixture {
  assessmentId: number;
  organisationId: number;
  invitationId: number;
  userId: number;
}

interface StaffForm {
  /** The route, as in test/auth/route-table.ts. */
  route: string;
  path: (f: Fixture) => string;
  /** Bad values (with whatever else the form sends). */
  values: (f: Fixture) => Record<string, string>;
  /** The id of the control (or group) whose message must come back: its message is `${id}-error`. */
  id: (f: Fixture) => string;
  /** The English message that must come back there (before translation). */
  message: string;
  /** A value sent that must come back in the form. */
  kept?: string;
}

const staffForms: StaffForm[] = [
  {
    route: "POST /assessments/:id/plan",
    path: (f) => `/assessments/${f.assessmentId}/plan`,
    values: () => ({
      actionId: "",
      title: "Adopt a data governance policy",
      leadOrganisation: "",
      fundingSource: "government",
      indicator: "Share of ministries with a data steward",
      baselineKind: "share",
      baselineValue: "40",
      status: "planned",
    }),
    id: () => "leadOrganisation",
    message: "plan.error.lead",
    kept: "Share of ministries with a data steward",
  },
  { route: "POST /account/language", path: () => "/account/language", values: () => ({ locale: "xx" }), id: () => "locale", message: "auth.validation.locale" },
  {
    route: "POST /account/password",
    path: () => "/account/password",
    values: () => ({ current: PASSWORD, password: "short", confirm: "short" }),
    id: () => "password",
    message: "auth.validation.passwordLength",
  },
  {
    route: "POST /account/tokens",
    path: () => "/account/tokens",
    values: () => ({ name: " " }),
    id: () => "token-name",
    message: "account.tokens.validation.name",
  },
  {
    route: "POST /admin/users",
    path: () => "/admin/users",
    values: () => ({ email: "not-an-address", name: "Kept Name", role: "expert" }),
    id: () => "email",
    message: "auth.validation.email",
    kept: "Kept Name",
  },
  {
    route: "POST /admin/users/:userId",
    path: (f) => `/admin/users/${f.userId}`,
    values: () => ({ name: "Kept Name", role: "focal_point", countries: "" }),
    id: () => "countries",
    message: "auth.validation.countriesRequired",
    kept: "Kept Name",
  },
  {
    route: "POST /assessments",
    path: () => "/assessments",
    values: () => ({
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "Kept round",
      opensOn: "2030-05-10",
      closesOn: "2030-05-01",
      levels: "organisational",
      languages: "en",
    }),
    id: () => "closesOn",
    message: "must not be before the opening date",
    kept: "Kept round",
  },
  {
    route: "POST /assessments/:id/dates",
    path: (f) => `/assessments/${f.assessmentId}/dates`,
    values: () => ({ opensOn: "2030-05-10", closesOn: "2030-05-01", timeZone: "UTC" }),
    id: () => "closesOn",
    message: "must not be before the opening date",
    kept: "2030-05-01",
  },
  {
    route: "POST /assessments/:id/next-round",
    path: (f) => `/assessments/${f.assessmentId}/next-round`,
    values: () => ({ roundLabel: "Kept next round", opensOn: "2030-05-10", closesOn: "2030-05-01" }),
    id: () => "closesOn",
    message: "must not be before the opening date",
    kept: "Kept next round",
  },
  {
    route: "POST /assessments/:id/organisations",
    path: (f) => `/assessments/${f.assessmentId}/organisations`,
    values: () => ({ name: "X", type: "ministry" }),
    id: () => "name",
    message: "must be at least 2 characters",
  },
  {
    route: "POST /assessments/:id/organisations/:organisationId",
    path: (f) => `/assessments/${f.assessmentId}/organisations/${f.organisationId}`,
    values: () => ({ name: "Y", type: "ministry" }),
    id: () => "name",
    message: "must be at least 2 characters",
  },
  {
    route: "POST /assessments/:id/invitations",
    path: (f) => `/assessments/${f.assessmentId}/invitations`,
    values: (f) => ({ organisationId: String(f.organisationId), name: "Kept Person", email: "not-an-address", levels: "organisational", language: "en" }),
    id: () => "inv-email",
    message: "must be an e-mail address",
    kept: "Kept Person",
  },
  {
    route: "POST /assessments/:id/invitations/:invitationId/edit",
    path: (f) => `/assessments/${f.assessmentId}/invitations/${f.invitationId}/edit`,
    values: () => ({ name: "Kept Person", email: "not-an-address", language: "en" }),
    id: () => "inv-email",
    message: "must be an e-mail address",
    kept: "Kept Person",
  },
  {
    route: "POST /assessments/:id/members",
    path: (f) => `/assessments/${f.assessmentId}/members`,
    values: () => ({ email: "not-an-address", role: "analyst" }),
    id: () => "email",
    message: "must be the e-mail address of an existing account",
    kept: "not-an-address",
  },
  {
    route: "POST /assessments/:id/reminder-schedule",
    path: (f) => `/assessments/${f.assessmentId}/reminder-schedule`,
    values: () => ({ reminderDays: "7, soon" }),
    id: () => "reminderDays",
    message: "must be whole numbers of days, such as 7, 2",
    kept: "7, soon",
  },
];

/** POST routes that are not staff forms with fields to explain, and why. */
const notStaffForms: Record<string, string> = {
  "POST /sign-in": "public: a failed sign-in says so without naming the field",
  "POST /sign-out": "a button",
  "POST /reset/:token": "public: re-renders its own fields (test/auth)",
  "POST /forgot-password": "public: the same answer whatever is sent",
  "POST /account/tokens/:tokenId/revoke": "a button",
  "POST /account/tokens/revoke-all": "a button",
  "POST /admin/users/:userId/disable": "a button",
  "POST /admin/users/:userId/enable": "a button",
  "POST /admin/users/:userId/reset": "a button",
  "POST /assessments/:id/transition": "a button per transition",
  "POST /assessments/:id/members/:userId/remove": "a button",
  "POST /assessments/:id/archive": "a button",
  "POST /assessments/:id/restore": "a button",
  "POST /assessments/:id/delete": "a button",
  "POST /assessments/:id/members/:userId/raw-data": "two radio buttons on the member's page, every value valid",
  "POST /assessments/:id/organisations/:organisationId/delete": "a button",
  "POST /assessments/:id/invitations/import": "an upload: its problems are listed by row (test/assessments)",
  "POST /assessments/:id/invitations/bulk": "a bulk action on a filtered list (checkboxes and a button)",
  "POST /assessments/:id/invitations/mail": "a bulk action on a filtered list",
  "POST /assessments/:id/invitations/:invitationId/revoke": "a button",
  "POST /assessments/:id/invitations/:invitationId/reissue": "a button",
  "POST /assessments/:id/mail/invitations": "buttons over a choice of invitations",
  "POST /assessments/:id/mail/reminders": "buttons over a choice of invitations",
  "POST /assessments/:id/mail/announcement": "a button",
  "POST /assessments/:id/mail/:messageId/requeue": "a button",
  "POST /assessments/:id/report-links": "a button",
  "POST /assessments/:id/report-links/:linkId/revoke": "a button",
  "POST /assessments/:id/evidence/rating": "a set of radio buttons, every value valid",
  "POST /assessments/:id/plan/:entryId": "the entry form of POST /assessments/:id/plan, for an existing entry (test/plans)",
  "POST /assessments/:id/validation/:unit/:dimensionId/decision":
    "shown only for a closed round with enough answers; re-renders through onInvalid with each message tied to its control (partials/validation/decision-form.hbs, test/validation)",
  "POST /assessments/:id/validation/:unit/:dimensionId/withdraw": "a button",
  "POST /assessments/:id/validation/:unit/:dimensionId/contest": "re-renders with its note's message (test/validation)",
  "POST /assessments/:id/validation/:unit/:dimensionId/comment": "re-renders with its comment's message (test/validation)",
  "POST /assessments/:id/report/publish": "a button",
  "POST /assessments/:id/report/unpublish": "a button",
  "POST /assessments/:id/data/answers": "an upload: its problems are listed by row (test/exchange)",
  "POST /assessments/:id/data/submissions": "an upload: its problems are listed by row (test/exchange)",
  "POST /instruments/xlsform": "an upload: its problems are listed by sheet and row (test/exchange)",
};

const translator = new Translator();

describe("staff forms", () => {
  let app: AuthTestApp;
  let fixture: Fixture;
  let admin: Browser;

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, PASSWORD)).status).toBe(303);
    const assessment = anAssessment(app.context);
    fixture = {
      assessmentId: assessment.id,
      organisationId: assessment.organisationIds[0],
      invitationId: anInvitation(app.context, assessment).id,
      userId: insertUser(app.context, { role: "expert" }).id,
    };
  });
  afterAll(() => app.close());

  it("are all listed: every POST route outside the API and invitation links is a staff form here or named as no form", () => {
    const posts = Object.keys(routeTable).filter((r) => r.startsWith("POST ") && !r.startsWith("POST /api/") && !r.startsWith("POST /r/"));
    const listed = new Set([...staffForms.map((f) => f.route), ...Object.keys(notStaffForms)]);
    expect(posts.filter((r) => !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !posts.includes(r))).toEqual([]);
  });

  for (const form of staffForms)
    it(`${form.route} comes back with its values and the message tied to the field`, async () => {
      const path = form.path(fixture);
      const reply = await admin.post(path, form.values(fixture));
      expect(reply.status, reply.text.slice(0, 400)).toBe(400);
      // The same page, its form in it; not the error page.
      expect(reply.text).toContain(`action="${path}"`);
      expect(textOf(reply.text)).not.toContain(translator.t("en", "errors.backHome"));
      const id = form.id(fixture);
      const control = new RegExp(`<(input|select|textarea|fieldset)\\b[^>]*\\bid="${id}"[^>]*>`).exec(reply.text)?.[0] ?? "";
      expect(control, `control #${id}`).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`));
      expect(control).toContain('aria-invalid="true"');
      const message = new RegExp(`id="${id}-error"[^>]*>([^<]+)<`).exec(reply.text)?.[1];
      expect(message).toBe(translator.field("en", form.message).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;"));
      if (form.kept) expect(reply.text).toContain(form.kept);
    });

  it("speaks the reader's language: the dates form in Arabic, its message translated from the catalogue", async () => {
    const user = insertUser(app.context, { role: "admin", locale: "ar" });
    const arabic = new Browser(app.url);
    await arabic.signIn(user.email, PASSWORD);
    const reply = await arabic.post(`/assessments/${fixture.assessmentId}/dates`, { opensOn: "2030-05-10", closesOn: "2030-05-01", timeZone: "UTC" });
    expect(reply.status).toBe(400);
    const message = translator.field("ar", "must not be before the opening date");
    expect(message).not.toBe("must not be before the opening date");
    expect(reply.text).toContain(`id="closesOn-error">${message}<`);
    expect(textOf(reply.text)).toContain(translator.t("ar", "form.refused"));
    expect(textOf(reply.text)).not.toContain("closesOn:");
  });
});
