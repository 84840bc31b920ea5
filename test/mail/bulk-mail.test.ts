// E-mailing a filtered set of the invitations list (issue 26), against a real SMTP server: the mail-status filter with
// a count for each status, a confirmation that says how many will be written to, CSRF, one audit entry with the
// filters, nobody sent a second invitation, reminders by their own rules, and nothing for invitations created since.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpTransport } from "../../src/mail/transport";
import { OutboxWorker } from "../../src/mail/worker";
import { Browser, insertUser, textOf } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse, type BuiltAssessment } from "../support/builders";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const unescape = (href: string) => href.replace(/&amp;/g, "&").replace(/&#x3D;/g, "=");

describe("bulk mail on a filtered list of invitations", () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let expert: Browser;
  let round: BuiltAssessment;
  let worker: OutboxWorker;
  const sql = () => app.context.database.sqlite;
  const hiddenFields = (html: string) =>
    Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], unescape(m[2])]));
  const recipients = (): string[] => smtp.received.flatMap((m) => (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a!.value.map((v) => v.address ?? "")));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: "cna@example.org" });
    const user = insertUser(app.context, { role: "expert" });
    round = anAssessment(app.context, { status: "open", organisations: ["Ministry of Finance", "Ministry of Health"] });
    sql().prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, 'owner')").run(round.id, user.id);
    expert = new Browser(app.url);
    await expert.signIn(user.email, user.password);
    worker = new OutboxWorker({
      database: app.context.database,
      secret: app.context.secret,
      logger: app.context.logger,
      clock: app.context.clock,
      baseUrl: app.context.config.baseUrl,
      from: "cna@example.org",
      transport: smtpTransport(smtp.url),
    });
  });
  afterAll(async () => {
    await worker.stop();
    await app.close();
    await smtp.close();
  });

  it("filters by mail status, e-mails invitations to the filtered set once, then reminds by the reminder rules", async () => {
    const [finance, health] = round.organisationIds;
    const early = anInvitation(app.context, round, { organisationId: finance, email: "early@finance.test" });
    const people = Array.from({ length: 4 }, (_, i) => anInvitation(app.context, round, { organisationId: finance, email: `person${i}@finance.test` }));
    anInvitation(app.context, round, { organisationId: finance }); // no address
    const done = anInvitation(app.context, round, { organisationId: finance, email: "done@finance.test" });
    aSubmittedResponse(app.context, done.token);
    anInvitation(app.context, round, { organisationId: health, email: "someone@health.test" });
    // One invitation was already e-mailed and went out.
    expect((await expert.post(`/assessments/${round.id}/mail/invitations`, { scope: "chosen", invitationIds: String(early.id) })).status).toBe(303);
    expect(await worker.drainOnce()).toMatchObject({ sent: 1 });

    const list = await expert.get(`/assessments/${round.id}/invitations?organisation=${finance}`);
    expect(list.text).toContain('<option value="sent">sent (1)</option>');
    expect(list.text).toContain('<option value="none">not e-mailed (6)</option>');
    const sentOnly = await expert.get(`/assessments/${round.id}/invitations?organisation=${finance}&mail=sent`);
    expect(textOf(sentOnly.text)).toContain("Matching these filters: 1.");
    expect(textOf(sentOnly.text)).toContain("early@finance.test");
    expect(textOf(sentOnly.text)).not.toContain("person0@finance.test");

    // The confirmation counts who will be written to: not the one already sent, not the one without an address, not
    // the one who submitted; and not an invitation created after it was shown.
    const sendHref = unescape(/<a href="([^"]+)">E-mail an invitation to those of these not yet invited…<\/a>/.exec(list.text)![1]);
    const confirm = await expert.get(sendHref);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.text)).toContain("This e-mails an invitation to 4 of the 7 invitations listed.");
    expect(textOf(confirm.text)).toContain("Ministry of Finance");
    const fields = hiddenFields(confirm.text);
    expect(fields).toMatchObject({ organisation: String(finance), kind: "invitation" });
    const late = anInvitation(app.context, round, { organisationId: finance, email: "late@finance.test" });
    const { _csrf, ...withoutCsrf } = fields;
    expect((await expert.post(`/assessments/${round.id}/invitations/mail`, withoutCsrf, { csrf: false })).status).toBe(403);
    expect(sql().prepare("select count(*) from outbox where assessment_id = ?").pluck().get(round.id)).toBe(1);
    const sent = await expert.post(`/assessments/${round.id}/invitations/mail`, withoutCsrf);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/assessments/${round.id}/invitations?organisation=${finance}`);
    expect(await worker.drainOnce()).toMatchObject({ sent: 4 });
    expect(recipients().sort()).toEqual(["early", "person0", "person1", "person2", "person3"].map((p) => `${p}@finance.test`));
    expect(recipients()).not.toContain("late@finance.test");
    const audit = sql().prepare("select details from audit_log where action = 'mail.invitation' order by id desc limit 1").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ queued: 4, filters: { organisation: String(finance), upTo: done.id } });

    // A second bulk send of the same set writes to nobody already invited (only the one created since).
    const again = await expert.get(sendHref);
    expect(textOf(again.text)).toContain("This e-mails an invitation to 1 of the 8 invitations listed.");
    expect((await expert.post(`/assessments/${round.id}/invitations/mail`, (({ _csrf: _, ...rest }) => rest)(hiddenFields(again.text)))).status).toBe(303);
    expect(await worker.drainOnce()).toMatchObject({ sent: 1 });
    expect(recipients()).toHaveLength(6);
    expect(new Set(recipients()).size).toBe(6);

    // Reminders from the progress list: everyone awaited with an address, once a day.
    const progress = await expert.get(`/assessments/${round.id}/progress?organisation=${finance}&mail=sent`);
    const remindHref = unescape(/<a href="([^"]+)">Remind all of these by e-mail…<\/a>/.exec(progress.text)![1]);
    const remind = await expert.get(remindHref);
    expect(textOf(remind.text)).toContain("This e-mails a reminder to 6 of the 6 invitations listed.");
    expect((await expert.post(`/assessments/${round.id}/invitations/mail`, (({ _csrf: _, ...rest }) => rest)(hiddenFields(remind.text)))).status).toBe(303);
    expect(await worker.drainOnce()).toMatchObject({ sent: 6 });
    expect(smtp.received.slice(-6).every((m) => /^Reminder:/.test(m.subject ?? ""))).toBe(true);
    expect(textOf((await expert.get(remindHref)).text)).toContain("This e-mails a reminder to 0 of the 6 invitations listed.");
  });

  it("refuses unknown kinds and filters with a 400, and a round that is not open with a 409", async () => {
    expect((await expert.get(`/assessments/${round.id}/invitations/mail?kind=announcement`)).status).toBe(400);
    expect((await expert.get(`/assessments/${round.id}/invitations/mail?kind=invitation&mail=bounced`)).status).toBe(400);
    expect((await expert.get(`/assessments/${round.id}/invitations?mail=bounced`)).status).toBe(400);
    expect((await expert.post(`/assessments/${round.id}/invitations/mail`, { kind: "invitation" })).status).toBe(400);
    sql().prepare("update assessments set status = 'closed' where id = ?").run(round.id);
    expect((await expert.get(`/assessments/${round.id}/invitations/mail?kind=reminder`)).status).toBe(409);
    sql().prepare("update assessments set status = 'open' where id = ?").run(round.id);
  });
});
