// The expert's pages over real HTTP: create an assessment, manage organisations and invitations, follow progress,
// move through the lifecycle; and the respondent links that come out of them (revoked, re-issued, swapped).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anInvitation, aSubmittedResponse } from "../support/builders";

const linkToken = (html: string): string => {
  const match = /\/r\/([A-Za-z0-9_-]{43})/.exec(html);
  if (!match) throw new Error("no invitation link on the page");
  return match[1];
};

describe("assessment staff pages", () => {
  let app: AuthTestApp;
  let expert: Browser;
  let assessmentId: number;

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "expert" });
    expert = new Browser(app.url);
    expect((await expert.signIn(user.email, user.password)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("creates an assessment from the form, naming each bad field otherwise", async () => {
    const bad = await expert.post("/assessments", {
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "",
      levels: [],
      languages: "en",
      opensOn: "2026-02-30",
    });
    expect(bad.status).toBe(400);
    const text = textOf(bad.text);
    expect(text).toMatch(/give the round a label, such as 2026/);
    expect(text).toMatch(/choose at least one level/);
    expect(text).toMatch(/must be a real date/);
    expect(app.context.database.sqlite.prepare("select count(*) from assessments").pluck().get()).toBe(0);

    const created = await expert.post("/assessments", {
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "2026",
      levels: ["institutional", "organisational"],
      languages: ["en", "ar"],
      opensOn: "2026-03-01",
      // Far ahead: a round cannot open after its closing time.
      closesOn: "2096-05-31",
    });
    expect(created.status).toBe(303);
    assessmentId = Number(/\/assessments\/(\d+)$/.exec(created.location!)![1]);
    const page = await expert.get(`/assessments/${assessmentId}`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toMatch(/Lao People's Democratic Republic/);
    const list = await expert.get("/assessments");
    expect(textOf(list.text)).toMatch(/2026/);
  });

  it("refuses to open an assessment without organisations, then opens it once one exists", async () => {
    const refused = await expert.post(`/assessments/${assessmentId}/transition`, { transition: "open" });
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toMatch(/Add at least one organisation/);

    const badOrganisation = await expert.post(`/assessments/${assessmentId}/organisations`, { name: "X", type: "kingdom" });
    expect(badOrganisation.status).toBe(400);
    expect(textOf(badOrganisation.text)).toMatch(/must be at least 2 characters/);
    expect(textOf(badOrganisation.text)).toMatch(/must be one of: ministry/);
    for (const name of ["Ministry of Finance", "Ministry of Health", "Statistics Office"]) {
      expect((await expert.post(`/assessments/${assessmentId}/organisations`, { name, type: "ministry" })).status).toBe(303);
    }
    const opened = await expert.post(`/assessments/${assessmentId}/transition`, { transition: "open" });
    expect(opened.status).toBe(303);
    expect(app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessmentId)).toBe("open");
  });

  it("edits organisations, and removes one only while no response belongs to it", async () => {
    const ids = app.context.database.sqlite.prepare("select id from organisations where assessment_id = ? order by id").pluck().all(assessmentId) as number[];
    const renamed = await expert.post(`/assessments/${assessmentId}/organisations/${ids[2]}`, { name: "National Statistics Office", type: "agency" });
    expect(renamed.status).toBe(303);
    expect(app.context.database.sqlite.prepare("select name || '/' || type from organisations where id = ?").pluck().get(ids[2])).toBe(
      "National Statistics Office/agency",
    );

    const page = await expert.post(`/assessments/${assessmentId}/invitations`, { organisationId: String(ids[0]), levels: "organisational", language: "ar" });
    const token = linkToken(page.text);
    const respondent = new Browser(app.url);
    await respondent.get(`/r/${token}`);
    await respondent.post(`/r/${token}/p/org-leadership`, {
      "current.org-leadership-1": "2",
      "target.org-leadership-1": "4",
      "importance.org-leadership-1": "3",
      intent: "later",
    });

    const refused = await expert.post(`/assessments/${assessmentId}/organisations/${ids[0]}/delete`);
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toMatch(/cannot be removed: 1 response/);
    const removed = await expert.post(`/assessments/${assessmentId}/organisations/${ids[1]}/delete`, { confirmed: "yes" });
    expect(removed.status).toBe(303);
    expect(app.context.database.sqlite.prepare("select count(*) from organisations where assessment_id = ?").pluck().get(assessmentId)).toBe(2);
  });

  it("shows links again, exports them for a mail merge, revokes and re-issues them", async () => {
    const organisationId = app.context.database.sqlite
      .prepare("select id from organisations where assessment_id = ? order by id desc")
      .pluck()
      .get(assessmentId) as number;
    const created = await expert.post(`/assessments/${assessmentId}/invitations`, {
      organisationId: String(organisationId),
      name: "Amina",
      email: "amina@example.org",
      levels: ["institutional", "organisational"],
      language: "en",
    });
    expect(created.status).toBe(200);
    const token = linkToken(created.text);
    const invitationId = app.context.database.sqlite
      .prepare("select id from invitations where assessment_id = ? order by id desc")
      .pluck()
      .get(assessmentId) as number;

    // The link can be shown again at any time, and is in the CSV for a mail merge (with a BOM, for Excel).
    expect((await expert.get(`/assessments/${assessmentId}/invitations`)).text).toContain(`/r/${token}`);
    const csv = await expert.get(`/assessments/${assessmentId}/invitations.csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    // fetch's text() drops a BOM, so read the bytes.
    const raw = await fetch(`${app.url}/assessments/${assessmentId}/invitations.csv`, {
      headers: { cookie: expert.cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain(`/r/${token}`);
    expect(csv.text).toContain("amina@example.org");

    expect((await new Browser(app.url).get(`/r/${token}`)).status).toBe(200);
    expect((await expert.post(`/assessments/${assessmentId}/invitations/${invitationId}/revoke`, { confirmed: "yes" })).status).toBe(303);
    expect((await new Browser(app.url).get(`/r/${token}`)).status).toBe(404);

    const reissued = await expert.post(`/assessments/${assessmentId}/invitations/${invitationId}/reissue`);
    const newToken = linkToken(reissued.text);
    expect(newToken).not.toBe(token);
    expect((await new Browser(app.url).get(`/r/${newToken}`)).status).toBe(200);
    expect((await new Browser(app.url).get(`/r/${token}`)).status).toBe(404);
  });

  it("follows progress per organisation and level, and lists who has not submitted", async () => {
    const page = await expert.get(`/assessments/${assessmentId}/progress`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toMatch(/Ministry of Finance/);
    expect(text).toMatch(/Amina/);
    expect(page.text).toMatch(/<table/);
  });

  it("closes the round and lets an expert reopen it, recorded in the audit log", async () => {
    expect((await expert.post(`/assessments/${assessmentId}/transition`, { transition: "close", confirmed: "yes" })).status).toBe(303);
    expect((await expert.post(`/assessments/${assessmentId}/transition`, { transition: "open" })).status).toBe(409);
    expect((await expert.post(`/assessments/${assessmentId}/transition`, { transition: "reopen" })).status).toBe(303);
    const actions = app.context.database.sqlite
      .prepare("select action from audit_log where object_type = 'assessment' and object_id = ? order by id")
      .pluck()
      .all(String(assessmentId)) as string[];
    expect(actions.filter((a) => /\.(open|close|reopen)$/.test(a))).toEqual(["assessment.open", "assessment.close", "assessment.reopen"]);
    expect(app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessmentId)).toBe("open");
  });
});

describe("respondent links swapped between respondents", () => {
  let app: AuthTestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it("never shows or changes one respondent's answers through another's link or session", async () => {
    const { anAssessment } = await import("../support/builders");
    const assessment = anAssessment(app.context, { status: "open", country: "LAO" });
    const a = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const b = anInvitation(app.context, assessment, { levels: ["organisational"] });
    aSubmittedResponse(app.context, a.token, { current: 5, target: 5, importance: 3 });

    // b's page never shows a's answers.
    const browserB = new Browser(app.url);
    const pageB = await browserB.get(`/r/${b.token}/p/org-leadership`);
    expect(pageB.status).toBe(200);
    expect(pageB.text).not.toMatch(/value="5"\s+checked/);
    const reviewB = await browserB.get(`/r/${b.token}/review`);
    expect(textOf(reviewB.text)).not.toMatch(/Leading/);

    // a's session and CSRF token do not authorise any write through b's link.
    const browserA = new Browser(app.url);
    const csrfOfA = await browserA.csrfTokenFor(`/r/${a.token}`);
    const writes: [string, Record<string, string>][] = [
      [`/r/${b.token}/p/org-leadership`, { "current.org-leadership-1": "1", intent: "next" }],
      [`/r/${b.token}/language`, { language: "en" }],
      [`/r/${b.token}/submit`, {}],
    ];
    for (const [path, fields] of writes) {
      const reply = await browserA.post(path, fields, { csrf: csrfOfA });
      expect(reply.status, path).toBe(403);
    }
    const autosave = await browserA.request("POST", `/r/${b.token}/autosave`, {
      body: JSON.stringify({ "current.org-leadership-1": "1" }),
      headers: { "content-type": "application/json", "x-csrf-token": csrfOfA },
    });
    expect(autosave.status).toBe(403);
    expect(app.context.database.sqlite.prepare("select count(*) from responses where invitation_id = ?").pluck().get(b.id)).toBe(0);
  });
});

describe("assessment commands for scripting", () => {
  it("lists assessments and creates invitations as JSON", async () => {
    const app = await startApp();
    const { anAssessment } = await import("../support/builders");
    const assessment = anAssessment(app.context, { status: "open", country: "LAO", round: "2031" });
    insertUser(app.context, { role: "admin" }); // the commands act as the administrator, as on a server
    const env = { DATA_DIR: app.dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false", BASE_URL: "https://cna.example.org" };
    const out: string[] = [];
    const errors: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => errors.push(t), readStdin: async () => "" };
    expect(await runCli(["assessments", "list", "--json"], io, env)).toBe(0);
    expect(JSON.parse(out.join(""))).toContainEqual({ id: assessment.id, country: "LAO", round: "2031", status: "open" });
    out.length = 0;
    expect(
      await runCli(
        [
          "invitations",
          "create",
          "--assessment",
          String(assessment.id),
          "--organisation",
          "Ministry of Youth",
          "--levels",
          "organisational,individual",
          "--json",
        ],
        io,
        env,
      ),
    ).toBe(0);
    const created = JSON.parse(out.join(""));
    expect(created).toEqual({ id: expect.any(Number), link: expect.stringMatching(/^https:\/\/cna\.example\.org\/r\/[A-Za-z0-9_-]{43}$/) });
    expect(errors).toEqual([]);
    const token = created.link.split("/r/")[1];
    expect((await new Browser(app.url).get(`/r/${token}`)).status).toBe(200);
    await app.close();
  });
});

describe("organisation counts", () => {
  it("count each organisation's own invitations and responses", async () => {
    const app = await startApp();
    const { anAssessment } = await import("../support/builders");
    const { listOrganisations } = await import("../../src/assessments/repository");
    const assessment = anAssessment(app.context, { status: "open", organisations: ["Alpha Ministry", "Beta Agency", "Gamma Office"] });
    const [alpha, beta] = assessment.organisationIds;
    for (let i = 0; i < 3; i++) anInvitation(app.context, assessment, { organisationId: alpha });
    const { token } = anInvitation(app.context, assessment, { organisationId: beta });
    aSubmittedResponse(app.context, token);
    const counts = Object.fromEntries(listOrganisations(app.context.database.db, assessment.id).map((o) => [o.name, [o.invitations, o.responses]]));
    expect(counts).toEqual({ "Alpha Ministry": [3, 0], "Beta Agency": [1, 1], "Gamma Office": [0, 0] });
    await app.close();
  });
});
