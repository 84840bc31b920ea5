// "Forgotten password" by e-mail through the outbox, against a real SMTP server: the same answer whether or not the
// account exists, a link that works once, and a stored message that holds no working link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../../src/background";
import { Browser, insertUser, textOf } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

describe("password links by e-mail", () => {
  let smtp: TestSmtpServer;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  it("answers the same for an unknown address and an account, and mails the account a single-use link", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    expect((await browser.get("/sign-in")).text).toContain('href="/forgot-password"');
    const unknown = await browser.post("/forgot-password", { email: "nobody@example.org" });
    const known = await browser.post("/forgot-password", { email: user.email.toUpperCase() });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const strip = (html: string) => textOf(html).replace(/\s+/g, " ");
    expect(strip(known.text)).toBe(strip(unknown.text));
    // Asking again at once sends nothing more (no flooding a mailbox).
    await browser.post("/forgot-password", { email: user.email });

    const stored = app.context.database.sqlite.prepare("select text_body, link_ref from outbox where kind = 'password_reset'").all() as {
      text_body: string;
      link_ref: string;
    }[];
    expect(stored).toHaveLength(1);
    const work = backgroundWork(app.context);
    await work.tick();
    await work.stop();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(JSON.stringify(mail.to)).toContain(user.email);
    const link = /\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? "")![1];
    expect(stored[0].text_body).not.toContain(link);
    expect(stored[0].link_ref).not.toContain(link);

    expect((await browser.get(`/reset/${link}`)).status).toBe(200);
    const set = await browser.post(`/reset/${link}`, { password: "a brand new long passphrase", confirm: "a brand new long passphrase" });
    expect(set.status).toBe(303);
    expect((await browser.get(`/reset/${link}`)).status).toBe(404);
  });
});

describe("password links without SMTP", () => {
  it("send nothing and say to ask an administrator", async () => {
    const app = await startTestApp();
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    expect(textOf((await browser.get("/forgot-password")).text)).toContain("Ask an administrator");
    expect((await browser.post("/forgot-password", { email: user.email })).status).toBe(200);
    expect(app.context.database.sqlite.prepare("select count(*) from outbox").pluck().get()).toBe(0);
    await app.close();
  });
});
