// Published means frozen: organisations, invitations and dates of a published assessment cannot change, whoever asks;
// the refusal says to unpublish first, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishReport } from "../../src/reports/publishing";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("a published assessment", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let invitationId: number;
  let owner: FormClient;

  const snapshot = () =>
    JSON.stringify(
      ["assessments", "organisations", "invitations"].map((table) => app.context.database.sqlite.prepare(`select * from ${table} order by id`).all()),
    );

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { levels: ["organisational"], status: "open" });
    const invitation = anInvitation(app.context, assessment);
    invitationId = invitation.id;
    aSubmittedResponse(app.context, invitation.token);
    app.context.database.sqlite.prepare("update assessments set status = 'closed' where id = ?").run(assessment.id);
    const deps = { database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock };
    publishReport(deps, assessment.owner, assessment.id, { now: new Date("2026-05-01T10:00:00Z") });
    owner = new FormClient(app.url);
    await owner.signIn(assessment.owner.email, TEST_PASSWORD);
  });
  afterAll(() => app.close());

  it("refuses organisation renames and removals, invitation revoke and re-issue, and date changes, saying to unpublish first", async () => {
    const before = snapshot();
    const [organisationId, emptyOrganisationId] = assessment.organisationIds;
    const attempts: [string, Record<string, string>][] = [
      [`/assessments/${assessment.id}/organisations/${organisationId}`, { name: "Renamed ministry", type: "ministry" }],
      [`/assessments/${assessment.id}/organisations/${emptyOrganisationId}/delete`, {}],
      [`/assessments/${assessment.id}/organisations`, { name: "A new ministry", type: "ministry" }],
      [`/assessments/${assessment.id}/invitations/${invitationId}/revoke`, { confirmed: "yes" }],
      [`/assessments/${assessment.id}/invitations/${invitationId}/reissue`, {}],
      [`/assessments/${assessment.id}/dates`, { opensOn: "2026-01-01", closesOn: "2026-12-31" }],
    ];
    for (const [path, fields] of attempts) {
      await owner.get(`/assessments/${assessment.id}`);
      const reply = await owner.postForm(path, fields);
      expect({ path, status: reply.status }).toEqual({ path, status: 409 });
      expect(reply.text).toContain("Unpublish it first");
    }
    expect(snapshot()).toEqual(before);
  });
});
