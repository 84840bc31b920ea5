// Granting other accounts access to an assessment: experts run it with the owner, analysts read its results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, insertUser, startApp, textOf, type AuthTestApp, type TestUser } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

describe("people and access of an assessment", () => {
  let app: AuthTestApp;
  let owner: Browser;
  let ownerUser: TestUser;
  let assessmentId: number;

  const signIn = async (user: TestUser) => {
    const browser = new Browser(app.url);
    expect((await browser.signIn(user.email, user.password)).status).toBe(303);
    return browser;
  };
  const grants = () =>
    app.context.database.sqlite.prepare("select user_id as userId, role from assessment_members where assessment_id = ? order by user_id").all(assessmentId);

  beforeAll(async () => {
    app = await startApp();
    ownerUser = insertUser(app.context, { role: "expert" });
    owner = await signIn(ownerUser);
    const created = await owner.post("/assessments", {
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "2026",
      levels: "organisational",
      languages: "en",
    });
    assessmentId = Number(created.location!.split("/").pop());
  });
  afterAll(() => app.close());

  it("lets an analyst read the results once granted, never who answered, and not after the grant is removed", async () => {
    const analyst = insertUser(app.context, { role: "analyst", email: "reader@example.org" });
    const reader = await signIn(analyst);
    expect((await reader.get(`/assessments/${assessmentId}/report`)).status).toBe(403);

    const granted = await owner.post(`/assessments/${assessmentId}/members`, { email: "Reader@Example.org", role: "analyst" });
    expect(granted.status).toBe(303);
    const page = await owner.get(`/assessments/${assessmentId}/members`);
    expect(textOf(page.text)).toMatch(/reader@example\.org Analyst \(reads the results\)/);

    // The grant takes effect on the analyst's next request: scopes are read from the database, not the session.
    expect((await reader.get(`/assessments/${assessmentId}/report`)).status).toBe(200);
    expect((await reader.get(`/assessments/${assessmentId}/invitations`)).status).toBe(403);
    expect((await reader.get(`/assessments/${assessmentId}/members`)).status).toBe(403);

    expect((await owner.post(`/assessments/${assessmentId}/members/${analyst.id}/remove`, { confirmed: "yes" })).status).toBe(303);
    expect((await reader.get(`/assessments/${assessmentId}/report`)).status).toBe(403);
    // A repeated removal is harmless.
    expect((await owner.post(`/assessments/${assessmentId}/members/${analyst.id}/remove`, { confirmed: "yes" })).status).toBe(303);
    const audit = app.context.database.sqlite
      .prepare("select action from audit_log where object_id = ? and action like 'assessment.member.%' order by id")
      .pluck()
      .all(String(assessmentId));
    expect(audit).toEqual(["assessment.member.grant", "assessment.member.revoke"]);
  });

  it("lets a co-running expert manage invitations once granted", async () => {
    const colleague = insertUser(app.context, { role: "expert" });
    const browser = await signIn(colleague);
    expect((await browser.get(`/assessments/${assessmentId}/invitations`)).status).toBe(403);
    expect((await owner.post(`/assessments/${assessmentId}/members`, { email: colleague.email, role: "expert" })).status).toBe(303);
    expect((await browser.get(`/assessments/${assessmentId}/invitations`)).status).toBe(200);
  });

  it("refuses grants that make no sense, naming the field, and changes nothing", async () => {
    insertUser(app.context, { role: "admin", email: "boss@example.org" });
    insertUser(app.context, { role: "analyst", email: "only-reads@example.org" });
    insertUser(app.context, { role: "expert", email: "gone@example.org", disabled: true });
    const before = grants();
    const cases: [Record<string, string>, RegExp][] = [
      // One answer whether the address is unknown, disabled, an administrator's or an analyst's asked to run it: the
      // form does not reveal who has an account, nor their role (account enumeration).
      [{ email: "nobody@example.org", role: "analyst" }, /no account that can be given this access has this address/],
      [{ email: "not an address", role: "analyst" }, /must be the e-mail address of an existing account/],
      [{ email: "boss@example.org", role: "analyst" }, /no account that can be given this access has this address/],
      [{ email: "only-reads@example.org", role: "expert" }, /no account that can be given this access has this address/],
      [{ email: "gone@example.org", role: "expert" }, /no account that can be given this access has this address/],
      [{ email: "only-reads@example.org", role: "owner" }, /must be one of: expert, analyst/],
    ];
    for (const [fields, message] of cases) {
      const reply = await owner.post(`/assessments/${assessmentId}/members`, fields);
      expect(reply.status, JSON.stringify(fields)).toBe(400);
      expect(textOf(reply.text)).toMatch(message);
      expect(textOf(reply.text)).not.toMatch(/administrator(s)? see|disabled|analyst account|focal points see/);
    }
    expect(grants()).toEqual(before);
  });

  it("never removes or demotes the owner", async () => {
    expect((await owner.post(`/assessments/${assessmentId}/members/${ownerUser.id}/remove`, { confirmed: "yes" })).status).toBe(409);
    expect((await owner.post(`/assessments/${assessmentId}/members`, { email: ownerUser.email, role: "analyst" })).status).toBe(409);
    expect(grants()).toContainEqual({ userId: ownerUser.id, role: "owner" });
  });

  it("is reserved to those who run the assessment: a focal point of the country co-manages but does not grant access", async () => {
    const focal = insertUser(app.context, { role: "focal_point", countries: ["LAO"] });
    const browser = await signIn(focal);
    expect((await browser.get(`/assessments/${assessmentId}/invitations`)).status).toBe(200);
    expect((await browser.get(`/assessments/${assessmentId}/members`)).status).toBe(403);
    const assessment = anAssessment(app.context, { status: "open" });
    const { token } = anInvitation(app.context, assessment);
    aSubmittedResponse(app.context, token);
    expect((await browser.post(`/assessments/${assessment.id}/members`, { email: focal.email, role: "analyst" })).status).toBe(403);
  });
});
