// Safe actions (issue 23): closing, publishing, unpublishing, withdrawing or renewing an invitation link, revoking a
// public report link, removing a person or an organisation, disabling an account and revoking API tokens ask first, on a page that works without JavaScript and states the consequence with its
// figures; without the confirmation nothing changes, with it the action happens and is audited as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Translator } from "../../src/i18n/translate";
import { createApiToken } from "../../src/auth/api-tokens";
import { loadActor } from "../../src/auth/user-repository";
import { Browser, insertUser, PASSWORD, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, grant } from "../support/builders";

const translator = new Translator();

describe("actions that ask first", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let arabic: Browser;

  const audited = (action: string, objectId: number | string) =>
    app.context.database.sqlite.prepare("select count(*) from audit_log where action = ? and object_id = ?").pluck().get(action, String(objectId)) as number;
  const statusOf = (id: number) => app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(id);

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, PASSWORD)).status).toBe(303);
    const arabicUser = insertUser(app.context, { role: "admin", locale: "ar" });
    arabic = new Browser(app.url);
    expect((await arabic.signIn(arabicUser.email, PASSWORD)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("closes a round only once confirmed, saying how many links stop taking answers", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    for (let i = 0; i < 3; i += 1) anInvitation(app.context, assessment);
    const path = `/assessments/${assessment.id}/transition`;

    const asked = await admin.post(path, { transition: "close" });
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain(translator.t("en", "confirm.close.invitations", { count: 3 }));
    expect(textOf(asked.text)).toContain(translator.t("en", "confirm.close.unsubmitted", { count: 3 }));
    // The same request again, with the confirmation: a form, no script.
    expect(asked.text).toContain(`action="${path}"`);
    expect(asked.text).toMatch(/<input type="hidden" name="transition" value="close">/);
    expect(asked.text).toMatch(/<input type="hidden" name="confirmed" value="yes">/);
    expect(statusOf(assessment.id)).toBe("open");
    expect(audited("assessment.close", assessment.id)).toBe(0);

    expect((await admin.post(path, { transition: "close", confirmed: "yes" })).status).toBe(303);
    expect(statusOf(assessment.id)).toBe("closed");
    expect(audited("assessment.close", assessment.id)).toBe(1);
  });

  it("states the figures in the reader's language (Arabic)", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    anInvitation(app.context, assessment);
    const asked = await arabic.post(`/assessments/${assessment.id}/transition`, { transition: "close" });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('lang="ar" dir="rtl"');
    expect(textOf(asked.text)).toContain(translator.t("ar", "confirm.close.invitations", { count: 1 }));
    expect(textOf(asked.text)).toContain(translator.t("ar", "confirm.heading", { action: translator.t("ar", "confirm.action.close") }));
  });

  it("withdraws an invitation only once confirmed", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    const invitation = anInvitation(app.context, assessment);
    const path = `/assessments/${assessment.id}/invitations/${invitation.id}/revoke`;
    const revokedAt = () => app.context.database.sqlite.prepare("select revoked_at from invitations where id = ?").pluck().get(invitation.id);

    const asked = await admin.post(path);
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain(translator.t("en", "confirm.revokeInvitation.links", { count: 1 }));
    expect(revokedAt()).toBeNull();

    expect((await admin.post(path, { confirmed: "yes" })).status).toBe(303);
    expect(revokedAt()).not.toBeNull();
    expect(audited("invitation.revoke", invitation.id)).toBe(1);
  });

  it("removes a person from an assessment only once confirmed, naming them", async () => {
    const assessment = anAssessment(app.context);
    const analyst = insertUser(app.context, { role: "analyst", email: "kept.reader@example.org" });
    grant(app.context, { id: analyst.id, assessmentRoles: {} } as never, assessment.id, "analyst");
    const path = `/assessments/${assessment.id}/members/${analyst.id}/remove`;
    const isMember = () =>
      app.context.database.sqlite
        .prepare("select count(*) from assessment_members where assessment_id = ? and user_id = ?")
        .pluck()
        .get(assessment.id, analyst.id);

    const asked = await admin.post(path);
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain("kept.reader@example.org");
    expect(isMember()).toBe(1);

    expect((await admin.post(path, { confirmed: "yes" })).status).toBe(303);
    expect(isMember()).toBe(0);
  });

  it("asks before publishing and unpublishing, without changing anything", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    anInvitation(app.context, assessment);
    expect((await admin.post(`/assessments/${assessment.id}/transition`, { transition: "close", confirmed: "yes" })).status).toBe(303);
    const publish = await admin.post(`/assessments/${assessment.id}/report/publish`);
    expect(publish.status).toBe(200);
    expect(textOf(publish.text)).toContain(translator.t("en", "confirm.publish.invitations", { count: 1 }));
    expect(statusOf(assessment.id)).toBe("closed");
    const viaTransition = await admin.post(`/assessments/${assessment.id}/transition`, { transition: "publish" });
    expect(viaTransition.status).toBe(200);
    expect(statusOf(assessment.id)).toBe("closed");
  });

  it("disables an account only once confirmed, saying how many sessions and API tokens stop working", async () => {
    const expert = insertUser(app.context, { role: "expert" });
    const session = new Browser(app.url);
    expect((await session.signIn(expert.email, PASSWORD)).status).toBe(303);
    const deps = { database: app.context.database, clock: app.context.clock };
    const actor = loadActor(app.context.database.db, expert.id)!.actor;
    createApiToken(deps, actor, "nightly export");
    createApiToken(deps, actor, "dashboard");
    const path = `/admin/users/${expert.id}/disable`;

    const asked = await admin.post(path, {});
    expect(asked.status).toBe(200);
    const text = textOf(asked.text);
    expect(text).toContain(translator.t("en", "confirm.disableUser.sessions", { count: 1 }));
    expect(text).toContain(translator.t("en", "confirm.apiTokens.stop", { count: 2 }));
    expect(text).toContain(`${expert.email} can no longer sign in`);
    expect(asked.text).toMatch(/<input type="hidden" name="confirmed" value="yes">/);
    expect((await session.get("/account")).status).toBe(200);
    expect(audited("user.disable", expert.id)).toBe(0);

    expect((await admin.post(path, { confirmed: "yes" })).status).toBe(303);
    expect(audited("user.disable", expert.id)).toBe(1);
    expect((await session.get("/account")).status).toBe(303);
    // Enabling again takes nothing away: no question.
    expect((await admin.post(`/admin/users/${expert.id}/enable`, {})).status).toBe(303);
  });

  it("removes an organisation only once confirmed, saying how many invitation links go with it", async () => {
    const assessment = anAssessment(app.context, { organisations: ["Ministry of Finance", "Statistics Office"] });
    const organisationId = assessment.organisationIds[1];
    anInvitation(app.context, assessment, { organisationId });
    anInvitation(app.context, assessment, { organisationId });
    const path = `/assessments/${assessment.id}/organisations/${organisationId}/delete`;
    const asked = await admin.post(path, {});
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain(translator.t("en", "confirm.revokeInvitation.links", { count: 2 }));
    expect(textOf(asked.text)).toContain("Statistics Office is removed from the assessment with its invitations.");
    expect((await admin.post(path, { confirmed: "yes" })).status).toBe(303);
    expect(audited("organisation.delete", organisationId)).toBe(1);
  });

  it("revokes API tokens only once confirmed, naming the token or counting them", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const own = new Browser(app.url);
    expect((await own.signIn(user.email, PASSWORD)).status).toBe(303);
    const actor = loadActor(app.context.database.db, user.id)!.actor;
    const deps = { database: app.context.database, clock: app.context.clock };
    const first = createApiToken(deps, actor, "quarterly figures");
    createApiToken(deps, actor, "spare");
    await own.get("/account/tokens");
    const one = await own.post(`/account/tokens/${first.id}/revoke`, {});
    expect(one.status).toBe(200);
    expect(textOf(one.text)).toContain("Scripts and programs that use the token “quarterly figures” stop working at once");
    const all = await own.post("/account/tokens/revoke-all", {});
    expect(all.status).toBe(200);
    expect(textOf(all.text)).toContain(translator.t("en", "confirm.apiTokens.stop", { count: 2 }));
    expect(audited("api_token.revoke", first.id)).toBe(0);
  });
});
