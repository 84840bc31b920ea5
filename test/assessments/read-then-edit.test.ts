// Tables that are read, then edited: the organisations, invitations and members lists show each row as text with an
// "Edit" action, and one row is changed on its own page, which saves, returns to the list and says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aUser, grant, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";

/** The table body of a list page. */
const tableBody = (html: string) => html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));

describe("the organisations table, read then edited", () => {
  let app: AuthTestApp;
  let assessment: BuiltAssessment;
  let expert: Browser;

  beforeAll(async () => {
    app = await startApp();
    assessment = anAssessment(app.context, { organisations: ["Ministry of Finance", "Ministry of Health"] });
    expert = new Browser(app.url);
    expect((await expert.signIn(assessment.owner.email, TEST_PASSWORD)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("lists rows without input fields, each with an Edit action", async () => {
    const page = await expert.get(`/assessments/${assessment.id}/organisations`);
    expect(page.status).toBe(200);
    const body = tableBody(page.text);
    expect(body).not.toMatch(/<input(?![^>]*type="hidden")|<select|<textarea/);
    for (const id of assessment.organisationIds) expect(body).toContain(`href="/assessments/${assessment.id}/organisations/${id}/edit"`);
    // The only visible fields on the page are the filters and the add form.
    expect(page.text.match(/<input type="text"[^>]*name="name"/g)?.length).toBe(1);
  });

  it("saves on the edit page and returns to the list with a message", async () => {
    const [finance] = assessment.organisationIds;
    const form = await expert.get(`/assessments/${assessment.id}/organisations/${finance}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Ministry of Finance"');
    expect(form.text).not.toContain("Ministry of Health");

    const saved = await expert.post(`/assessments/${assessment.id}/organisations/${finance}`, { name: "Ministry of Economy and Finance", type: "ministry" });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/assessments/${assessment.id}/organisations`);
    const list = textOf((await expert.get(saved.location!)).text);
    expect(list).toContain("“Ministry of Economy and Finance” is saved.");
    expect(list).toContain("Ministry of Economy and Finance");
    // Shown once: the message does not come back on the next visit.
    expect(textOf((await expert.get(saved.location!)).text)).not.toContain("is saved.");

    const refused = await expert.post(`/assessments/${assessment.id}/organisations/${finance}`, { name: "Ministry of Health", type: "ministry" });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await expert.get(`/assessments/${assessment.id}/organisations/999999/edit`)).status).toBe(404);
  });

  it("lists invitations without per-row forms, each with an Edit action to its own page", async () => {
    const invitation = anInvitation(app.context, assessment, { name: "Amina Diallo", email: "amina@example.org" });
    const page = await expert.get(`/assessments/${assessment.id}/invitations`);
    expect(page.status).toBe(200);
    const body = tableBody(page.text);
    // No per-row action forms: the link is read-only text to copy, and the only checkbox chooses rows for the bulk mail.
    expect(body).not.toMatch(/<form|<select|<textarea|<button/);
    expect(body).toContain(`href="/assessments/${assessment.id}/invitations/${invitation.id}/edit"`);
    // The bulk actions stay on the list.
    expect(page.text).toContain(`/assessments/${assessment.id}/invitations/bulk?action&#x3D;revoke`);
  });

  it("changes an invitation on its own page, audited, and asks before renewing or withdrawing its link", async () => {
    const invitation = anInvitation(app.context, assessment, { name: "Omar Haddad" });
    const edit = await expert.get(`/assessments/${assessment.id}/invitations/${invitation.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Omar Haddad"');
    expect(textOf(edit.text)).toContain("Invitation to Ministry of");

    const saved = await expert.post(`/assessments/${assessment.id}/invitations/${invitation.id}/edit`, {
      name: "Omar Al-Haddad",
      email: "omar@example.org",
      language: "en",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/assessments/${assessment.id}/invitations`);
    const list = await expert.get(saved.location!);
    expect(textOf(list.text)).toContain("The invitation is saved.");
    expect(textOf(list.text)).toContain("Omar Al-Haddad");
    const audited = app.context.database.sqlite
      .prepare("select details from audit_log where action = 'invitation.update' and object_id = ?")
      .pluck()
      .get(String(invitation.id)) as string;
    expect(JSON.parse(audited)).toMatchObject({ changed: ["name", "email"] });
    expect(audited).not.toContain("omar@example.org");

    const reissue = await expert.post(`/assessments/${assessment.id}/invitations/${invitation.id}/reissue`, {});
    expect(reissue.status).toBe(200);
    expect(textOf(reissue.text)).toContain("Invitation links that will stop working, replaced by the new one: 1.");
    expect(reissue.text).toContain('name="confirmed" value="yes"');
    const revoke = await expert.post(`/assessments/${assessment.id}/invitations/${invitation.id}/revoke`, {});
    expect(textOf(revoke.text)).toContain("Invitation links that will stop working: 1");
    expect((await expert.get(`/assessments/${assessment.id}/invitations/999999/edit`)).status).toBe(404);
  });

  it("lists members read-only, each with an Edit action; the member's page opens raw data and removes them", async () => {
    const analyst = aUser(app.context, "analyst", { email: `reader-${Date.now()}@example.org` });
    grant(app.context, analyst, assessment.id, "analyst");
    const page = await expert.get(`/assessments/${assessment.id}/members`);
    expect(page.status).toBe(200);
    const body = tableBody(page.text);
    expect(body).not.toMatch(/<form|<input|<select|<button/);
    expect(body).toContain(`href="/assessments/${assessment.id}/members/${analyst.id}/edit"`);
    // The owner's row has no action.
    expect(body).not.toContain(`/members/${assessment.owner.id}/edit`);

    const edit = await expert.get(`/assessments/${assessment.id}/members/${analyst.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toMatch(/id="grant-0" name="grant" value="0" checked/);
    const saved = await expert.post(`/assessments/${assessment.id}/members/${analyst.id}/raw-data`, { grant: "1" });
    expect(saved.status).toBe(303);
    expect(textOf((await expert.get(saved.location!)).text)).toContain("The access is saved.");
    expect((await expert.get(`/assessments/${assessment.id}/members/${analyst.id}/edit`)).text).toMatch(/id="grant-1" name="grant" value="1" checked/);

    const remove = await expert.post(`/assessments/${assessment.id}/members/${analyst.id}/remove`, {});
    expect(remove.status).toBe(200);
    expect(textOf(remove.text)).toContain(`Who loses access to this assessment: analyst user &lt;${analyst.email}&gt;`);
    expect((await expert.post(`/assessments/${assessment.id}/members/${analyst.id}/remove`, { confirmed: "yes" })).status).toBe(303);
    expect((await expert.get(`/assessments/${assessment.id}/members/${analyst.id}/edit`)).status).toBe(404);
  });
});
