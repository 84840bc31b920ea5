// Tables that are read, then edited: the organisations list shows each row as text with an "Edit" action, and one
// organisation is renamed on its own page, which saves, returns to the list and says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";

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
    const body = page.text.slice(page.text.indexOf("<tbody>"), page.text.indexOf("</tbody>"));
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
});
