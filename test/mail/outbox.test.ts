// The outbox against a real SMTP server started in the test: what arrives (headers, language, link, right-to-left
// HTML), retries with back-off on temporary refusals, permanent failure, no second copy after an interrupted attempt,
// and nothing dropped when SMTP is not configured.
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../../src/background";
import { claimNext, findMessage } from "../../src/mail/outbox";
import { queueInvitationMail } from "../../src/mail/service";
import { smtpTransport } from "../../src/mail/transport";
import { OutboxWorker } from "../../src/mail/worker";
import { mailSender } from "../../src/mail/service";
import { Browser, insertUser, movableClock, type MovableClock } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

describe("the outbox, sending to a real SMTP server", () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let clock: MovableClock;
  let logs = "";

  beforeAll(async () => {
    smtp = await startSmtpServer();
    clock = movableClock(new Date("2026-03-02T09:00:00Z"));
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk, _encoding, done) => ((logs += chunk.toString()), done()) }));
    app = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: "Assessment team <cna@example.org>" }, { clock, logger });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });
  afterEach(() => {
    smtp.received.length = 0;
    smtp.refuseWith = null;
  });

  const openAssessment = (languages = ["en", "fr", "ar"]) => anAssessment(app.context, { status: "open", languages });

  it("delivers invitations in each invitee's language, with its Message-ID, the link and right-to-left HTML for Arabic", async () => {
    const assessment = openAssessment();
    const fr = anInvitation(app.context, assessment, { email: "amelie@example.org", name: "Amélie", language: "fr" });
    const ar = anInvitation(app.context, assessment, { email: "layla@example.org", language: "ar" });
    anInvitation(app.context, assessment, { language: "en" }); // no address: left out
    const result = queueInvitationMail(app.context, assessment.owner, assessment.id, "invitation", { scope: "unsent" });
    expect(result).toEqual({ queued: 2, skipped: 1 });

    const work = backgroundWork(app.context);
    await work.tick();
    await work.stop();
    expect(smtp.received).toHaveLength(2);
    const french = smtp.received.find((m) => m.to && JSON.stringify(m.to).includes("amelie@example.org"))!;
    expect(french.from?.text).toBe('"Assessment team" <cna@example.org>');
    expect(french.subject).toMatch(/^Invitation\u202f: évaluation des capacités/);
    expect(french.headers.get("content-language")).toBe("fr");
    expect(french.text).toContain("Bonjour Amélie,");
    expect(french.text).toContain(`${app.context.config.baseUrl}/r/${fr.token}`);
    expect(french.text).toContain("Confidentialité");
    expect(french.html).toContain(`href="${app.context.config.baseUrl}/r/${fr.token}"`);
    const row = app.context.database.sqlite.prepare("select message_id, status, attempts, text_body from outbox where invitation_id = ?").get(fr.id) as {
      message_id: string;
      status: string;
      attempts: number;
      text_body: string;
    };
    expect(french.messageId).toBe(row.message_id);
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    // The stored message holds no working link: it is written in at sending time.
    expect(row.text_body).not.toContain(fr.token);

    const arabic = smtp.received.find((m) => JSON.stringify(m.to).includes("layla@example.org"))!;
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.text).toContain(`/r/${ar.token}`);

    // The link in the message works.
    const page = await fetch(`${app.url}/r/${fr.token}`);
    expect(page.status).toBe(200);
    // Logs never carry a link, a token or a body.
    expect(logs).toContain("mail: sent");
    expect(logs).not.toContain(fr.token);
    expect(logs).not.toContain(`${app.context.config.baseUrl}/r/`);
    expect(logs).not.toContain("amelie@example.org");
  });

  it("retries a temporary refusal (4xx) after a back-off, keeping the same Message-ID, and gives up at once on a permanent one (5xx)", async () => {
    const assessment = openAssessment(["en"]);
    const invitation = anInvitation(app.context, assessment, { email: "later@example.org" });
    queueInvitationMail(app.context, assessment.owner, assessment.id, "invitation", { scope: "all" });
    const work = backgroundWork(app.context);
    smtp.refuseWith = 451;
    await work.tick();
    const waiting = app.context.database.sqlite.prepare("select * from outbox where invitation_id = ?").get(invitation.id) as Record<string, unknown>;
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(String(waiting.last_error)).toMatch(/451/);
    expect(waiting.next_attempt_at).toBe(new Date(clock().getTime() + 60_000).toISOString());

    smtp.refuseWith = null;
    await work.tick(); // not due yet
    expect(smtp.received).toHaveLength(0);
    clock.advance(61_000 / 60_000);
    await work.tick();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].messageId).toBe(waiting.message_id);
    expect(findMessage(app.context.database.db, Number(waiting.id))).toMatchObject({ status: "sent", attempts: 2 });

    const refused = anInvitation(app.context, assessment, { email: "nobody@example.org" });
    queueInvitationMail(app.context, assessment.owner, assessment.id, "invitation", { scope: "unsent" });
    smtp.refuseWith = 550;
    await work.tick();
    const failed = app.context.database.sqlite.prepare("select status, attempts, last_error from outbox where invitation_id = ?").get(refused.id) as Record<
      string,
      unknown
    >;
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(String(failed.last_error)).toMatch(/550/);
    clock.advance((24 * 3_600_000) / 60_000);
    smtp.refuseWith = null;
    await work.tick();
    expect(smtp.received).toHaveLength(1);
    await work.stop();
  });

  it("does not send a second copy after a restart that interrupted an attempt once the server had the message", async () => {
    const assessment = openAssessment(["en"]);
    const invitation = anInvitation(app.context, assessment, { email: "once@example.org" });
    queueInvitationMail(app.context, assessment.owner, assessment.id, "invitation", { scope: "all" });
    // The first process claims the message and the server accepts it; the process dies before marking it sent.
    const claimed = claimNext(app.context.database, clock())!;
    const transport = smtpTransport(smtp.url);
    await transport.send({
      from: mailSender(app.context.config),
      to: claimed.recipient,
      subject: claimed.subject,
      text: claimed.textBody,
      html: claimed.htmlBody,
      messageId: claimed.messageId,
      language: claimed.language,
    });
    transport.close();
    expect(smtp.received).toHaveLength(1);

    // The restarted process drains, now and after the claim's lease has run out.
    const restarted = backgroundWork(app.context);
    await restarted.tick();
    clock.advance((11 * 60_000) / 60_000);
    await restarted.tick();
    clock.advance((24 * 3_600_000) / 60_000);
    await restarted.tick();
    await restarted.stop();
    expect(smtp.received).toHaveLength(1);
    const row = app.context.database.sqlite.prepare("select status, last_error, message_id from outbox where invitation_id = ?").get(invitation.id) as Record<
      string,
      string
    >;
    expect(row.status).toBe("failed");
    expect(row.last_error).toContain(row.message_id);
    expect(row.last_error).toMatch(/interrupted while sending/);
  });

  it("sends reminders only to those who have not submitted, at most once a day", async () => {
    const assessment = openAssessment(["en"]);
    const done = anInvitation(app.context, assessment, { email: "done@example.org" });
    aSubmittedResponse(app.context, done.token);
    const pending = anInvitation(app.context, assessment, { email: "pending@example.org" });
    expect(queueInvitationMail(app.context, assessment.owner, assessment.id, "reminder", { scope: "all" })).toEqual({ queued: 1, skipped: 1 });
    expect(queueInvitationMail(app.context, assessment.owner, assessment.id, "reminder", { scope: "all" })).toEqual({ queued: 0, skipped: 2 });
    clock.advance((24 * 3_600_000) / 60_000);
    expect(
      queueInvitationMail(app.context, assessment.owner, assessment.id, "reminder", { scope: "chosen", invitationIds: [done.id, pending.id] }).queued,
    ).toBe(1);
    const work = backgroundWork(app.context);
    await work.tick();
    await work.stop();
    expect(smtp.received.map((m) => JSON.stringify(m.to))).toEqual([
      expect.stringContaining("pending@example.org"),
      expect.stringContaining("pending@example.org"),
    ]);
    expect(smtp.received[0].subject).toMatch(/^Reminder:/);
    expect(smtp.received[0].text).toContain(`/r/${pending.token}`);
  });

  it("sends scheduled reminders by themselves on the days set before closing", async () => {
    const assessment = openAssessment(["en"]);
    const closesAt = new Date(clock().getTime() + 10 * 86_400_000).toISOString();
    app.context.database.sqlite.prepare("update assessments set closes_at = ?, reminder_days = '[7,2]' where id = ?").run(closesAt, assessment.id);
    anInvitation(app.context, assessment, { email: "scheduled@example.org" });
    const work = backgroundWork(app.context);
    await work.tick();
    expect(smtp.received).toHaveLength(0);
    clock.advance((3 * 86_400_000 + 60_000) / 60_000); // seven days before closing
    await work.tick();
    await work.tick();
    expect(smtp.received).toHaveLength(1);
    clock.advance((5 * 86_400_000) / 60_000); // two days before
    await work.tick();
    expect(smtp.received).toHaveLength(2);
    clock.advance((3 * 86_400_000) / 60_000); // closed
    await work.tick();
    await work.stop();
    expect(smtp.received).toHaveLength(2);
  });

  it("does not send a message whose invitation was withdrawn meanwhile", async () => {
    const assessment = openAssessment(["en"]);
    const invitation = anInvitation(app.context, assessment, { email: "withdrawn@example.org" });
    queueInvitationMail(app.context, assessment.owner, assessment.id, "invitation", { scope: "all" });
    app.context.database.sqlite.prepare("update invitations set revoked_at = ? where id = ?").run(clock().toISOString(), invitation.id);
    const worker = new OutboxWorker({
      database: app.context.database,
      secret: app.context.secret,
      logger: app.context.logger,
      clock,
      baseUrl: app.context.config.baseUrl,
      from: "cna@example.org",
      transport: smtpTransport(smtp.url),
    });
    expect(await worker.drainOnce()).toMatchObject({ sent: 0, failed: 1 });
    await worker.stop();
    expect(smtp.received).toHaveLength(0);
  });
});

describe("the outbox without SMTP_URL", () => {
  let app: TestApp;
  let expert: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    const user = insertUser(app.context, { role: "expert" });
    expert = new Browser(app.url);
    await expert.signIn(user.email, user.password);
  });
  afterAll(() => app.close());

  it("keeps every message visible to experts and downloadable as a mail-merge CSV with its link", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    app.context.database.sqlite
      .prepare(
        "insert into assessment_members (assessment_id, user_id, role) select ?, id, 'owner' from users where email like 'expert%' and id not in (select user_id from assessment_members where assessment_id = ?)",
      )
      .run(assessment.id, assessment.id);
    const invitation = anInvitation(app.context, assessment, { email: "merge@example.org" });
    const sent = await expert.post(`/assessments/${assessment.id}/mail/invitations`, { scope: "unsent" });
    expect(sent.status).toBe(303);
    const page = await expert.get(`/assessments/${assessment.id}/mail`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("No mail server is configured");
    expect(page.text).toContain("merge@example.org");
    expect(page.text).toContain("1 waiting");
    const csv = await expert.get(`/assessments/${assessment.id}/mail.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("merge@example.org");
    expect(csv.text).toContain(`${app.context.config.baseUrl}/r/${invitation.token}`);
    expect(app.context.database.sqlite.prepare("select status from outbox").pluck().all()).toEqual(["queued"]);
  });
});
