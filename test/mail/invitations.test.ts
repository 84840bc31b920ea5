// Invitations by e-mail from the expert's pages and the command line, against a real SMTP server: chosen ones, the
// mail status on the invitation and progress pages, `invitations create --email` and `invitations send`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { Browser, insertUser, textOf } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse, grant } from "../support/builders";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

describe("invitations by e-mail", () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let expert: Browser;
  let expertId: number;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: "cna@example.org" });
    insertUser(app.context, { role: "admin" }); // the command line acts as an administrator
    const user = insertUser(app.context, { role: "expert" });
    expertId = user.id;
    expert = new Browser(app.url);
    await expert.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  const ownAssessment = () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "es"] });
    app.context.database.sqlite.prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, 'owner')").run(assessment.id, expertId);
    return assessment;
  };

  it("queues only the chosen invitations from the invitations page, and shows each one's mail status there and on the progress page", async () => {
    const assessment = ownAssessment();
    const chosen = anInvitation(app.context, assessment, { email: "chosen@example.org", language: "es" });
    const other = anInvitation(app.context, assessment, { email: "other@example.org" });
    const page = await expert.get(`/assessments/${assessment.id}/invitations`);
    expect(page.text).toContain('form="mail-chosen"');
    const sent = await expert.post(`/assessments/${assessment.id}/mail/invitations`, { scope: "chosen", invitationIds: String(chosen.id) });
    expect(sent.status).toBe(303);
    const rows = app.context.database.sqlite
      .prepare("select invitation_id as id, language, subject from outbox where assessment_id = ?")
      .all(assessment.id) as { id: number; language: string; subject: string }[];
    expect(rows).toEqual([{ id: chosen.id, language: "es", subject: expect.stringMatching(/^Invitación/) }]);
    const progress = textOf((await expert.get(`/assessments/${assessment.id}/progress`)).text);
    expect(progress).toMatch(/Invitation: waiting/);
    expect(progress).toMatch(/not e-mailed/);
    expect(other.id).toBeGreaterThan(0);
  });

  it("creates an invitation with an address and sends the unsent ones from the command line", async () => {
    const assessment = ownAssessment();
    const done = anInvitation(app.context, assessment, { email: "done@example.org" });
    aSubmittedResponse(app.context, done.token);
    const env = {
      DATA_DIR: app.dataDir,
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      SMTP_URL: smtp.url,
      MAIL_FROM: "cna@example.org",
      BASE_URL: "https://cna.example.org",
    };
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: async () => "" };
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
          "organisational",
          "--email",
          "youth@example.org",
          "--json",
        ],
        io,
        env,
      ),
    ).toBe(0);
    const created = JSON.parse(out.join(""));
    out.length = 0;
    expect(await runCli(["invitations", "send", "--assessment", String(assessment.id), "--unsent", "--json"], io, env)).toBe(0);
    // Everything due goes out, including what the page queued before (its server was not running then).
    expect(JSON.parse(out.join(""))).toMatchObject({ queued: 1, skipped: 1, failed: 0, smtp: true });
    expect(smtp.received.map((m) => JSON.stringify(m.to)).join()).not.toContain("done@example.org");
    expect(smtp.received.map((m) => m.text).join("\n")).toContain(created.link);
    out.length = 0;
    // Sent once: a second --unsent finds nothing; reminders skip the one who submitted.
    expect(await runCli(["invitations", "send", "--assessment", String(assessment.id), "--json"], io, env)).toBe(0);
    expect(JSON.parse(out.join(""))).toMatchObject({ queued: 0, skipped: 2 });
    expect(smtp.received.map((m) => JSON.stringify(m.to)).join()).toContain("youth@example.org");
    out.length = 0;
    expect(await runCli(["invitations", "remind", "--assessment", String(assessment.id), "--json"], io, env)).toBe(0);
    expect(JSON.parse(out.join(""))).toMatchObject({ queued: 1, skipped: 1, sent: 1 });
    expect(smtp.received.at(-1)?.subject).toMatch(/^Reminder:/);
    expect(JSON.stringify(smtp.received.at(-1)?.to)).toContain("youth@example.org");
  });
});
