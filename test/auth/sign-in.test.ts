// Signing in and out over HTTP: generic failures, session rotation, expiry, disabled accounts, forced password change.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, insertUser, movableClock, PASSWORD, SESSION_COOKIE, startApp, textOf, type TestUser } from "./support";

const GENERIC_FAILURE = "The e-mail address or the password is not right.";

describe("signing in and out", () => {
  let app: TestApp;
  let expert: TestUser;

  beforeAll(async () => {
    app = await startApp();
    expert = insertUser(app.context, { role: "expert" });
  });
  afterAll(() => app.close());

  it("signs in with the right password, sets an HttpOnly SameSite=Lax session cookie and returns to the page asked for", async () => {
    const browser = new Browser(app.url);
    const reply = await browser.signIn(expert.email, PASSWORD, "/account");
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/account");
    const setCookie = reply.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/);
    const account = await browser.get("/account");
    expect(account.status).toBe(200);
    expect(textOf(account.text)).toContain(expert.email);
  });

  it("keeps sessions on the server: the cookie names a row in the sessions table", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(expert.email, PASSWORD);
    const rows = app.context.database.db.select().from(sessions).where(eq(sessions.userId, expert.id)).all();
    expect(rows.length).toBeGreaterThan(0);
    const sid = decodeURIComponent(browser.cookie(SESSION_COOKIE)!).slice(2).split(".")[0];
    expect(rows.map((r) => r.id)).toContain(sid);
  });

  it("says the same thing for an unknown address and a wrong password", async () => {
    const browser = new Browser(app.url);
    const unknown = await browser.signIn("nobody@example.org", PASSWORD);
    const wrong = await browser.signIn(expert.email, "not the password at all");
    for (const reply of [unknown, wrong]) {
      expect(reply.status).toBe(400);
      expect(textOf(reply.text)).toContain(GENERIC_FAILURE);
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    }
    expect(textOf(unknown.text).replace("nobody@example.org", "")).toBe(textOf(wrong.text).replace(expert.email, ""));
  });

  it("ignores a return address on another site", async () => {
    const browser = new Browser(app.url);
    const reply = await browser.signIn(expert.email, PASSWORD, "//evil.example/steal");
    expect(reply.location).toBe("/");
  });

  it("gives a new session id at sign-in, and the old one stops working", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(expert.email, PASSWORD);
    const first = browser.cookie(SESSION_COOKIE)!;
    await browser.signIn(expert.email, PASSWORD);
    const second = browser.cookie(SESSION_COOKIE)!;
    expect(second).not.toBe(first);

    const stale = new Browser(app.url);
    stale.cookies.push({ name: SESSION_COOKIE, value: first, path: "/" });
    const reply = await stale.get("/account");
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/sign-in?next=%2Faccount");
  });

  it("signs out: the session row is deleted and the cookie cleared", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(expert.email, PASSWORD);
    const cookie = browser.cookie(SESSION_COOKIE)!;
    const reply = await browser.post("/sign-out");
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/sign-in?notice=signed-out");
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    const replay = new Browser(app.url);
    replay.cookies.push({ name: SESSION_COOKIE, value: cookie, path: "/" });
    expect((await replay.get("/account")).status).toBe(303);
    expect(textOf((await browser.get("/sign-in?notice=signed-out")).text)).toContain("You are signed out.");
  });

  it("sends anonymous visitors of a staff page to the sign-in page and back", async () => {
    const browser = new Browser(app.url);
    const reply = await browser.get("/account/tokens");
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/sign-in?next=%2Faccount%2Ftokens");
    const signedIn = await browser.signIn(expert.email, PASSWORD, "/account/tokens");
    expect(signedIn.location).toBe("/account/tokens");
  });

  it("refuses disabled accounts with the same message, even with the right password", async () => {
    const disabled = insertUser(app.context, { role: "expert", disabled: true });
    const reply = await new Browser(app.url).signIn(disabled.email, PASSWORD);
    expect(reply.status).toBe(400);
    expect(textOf(reply.text)).toContain(GENERIC_FAILURE);
  });

  it("ends the sessions of a user who is disabled while signed in", async () => {
    const soonDisabled = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    await browser.signIn(soonDisabled.email, PASSWORD);
    expect((await browser.get("/account")).status).toBe(200);
    app.context.database.db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, soonDisabled.id)).run();
    expect((await browser.get("/account")).status).toBe(303);
    expect(app.context.database.db.select().from(sessions).where(eq(sessions.userId, soonDisabled.id)).all()).toEqual([]);
  });

  it("sends a user with a one-time password to the change-password page before anything else", async () => {
    const fresh = insertUser(app.context, { role: "expert", mustChangePassword: true });
    const browser = new Browser(app.url);
    const reply = await browser.signIn(fresh.email, PASSWORD, "/account/tokens");
    expect(reply.location).toBe("/account/password?next=%2Faccount%2Ftokens");
    const elsewhere = await browser.get("/account");
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.location).toBe("/account/password?next=%2Faccount");
    expect((await browser.post("/account/tokens", { name: "sneaky" })).status).toBe(403);

    const changed = await browser.post("/account/password", {
      current: PASSWORD,
      password: "my very own new passphrase",
      confirm: "my very own new passphrase",
      next: "/account/tokens",
    });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe("/account/tokens");
    expect((await browser.get("/account")).status).toBe(200);
    expect(app.context.database.db.select().from(users).where(eq(users.id, fresh.id)).get()!.mustChangePassword).toBe(false);
  });

  it("re-hashes a password stored with weaker parameters at the next sign-in", async () => {
    const old = insertUser(app.context, { role: "analyst" });
    await new Browser(app.url).signIn(old.email, PASSWORD);
    const stored = app.context.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, old.id)).get()!.hash;
    expect(stored.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect((await new Browser(app.url).signIn(old.email, PASSWORD)).status).toBe(303);
  });

  it("records sign-ins, failures and sign-outs in the audit log", async () => {
    const audited = insertUser(app.context, { role: "expert" });
    const browser = new Browser(app.url);
    await browser.signIn(audited.email, "a wrong password here");
    await browser.signIn(audited.email, PASSWORD);
    await browser.post("/sign-out");
    const entries = app.context.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, String(audited.id)))
      .all();
    expect(entries.map((e) => e.action)).toEqual(["user.sign_in_failed", "user.sign_in", "user.sign_out"]);
    expect(entries[0]).toMatchObject({
      actorUserId: null,
      actorLabel: audited.email,
      details: { reason: "wrong_password" },
      ip: expect.stringContaining("127.0.0.1"),
    });
    expect(entries[1]).toMatchObject({ actorUserId: audited.id, actorLabel: audited.email });
  });
});

describe("session lifetime", () => {
  const clock = movableClock();
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startApp({ clock, env: { SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "2" } });
    user = insertUser(app.context, { role: "expert" });
  });
  afterAll(() => app.close());

  it("ends a session left idle longer than the idle time", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    clock.advance(29);
    expect((await browser.get("/account")).status).toBe(200);
    clock.advance(29);
    expect((await browser.get("/account")).status).toBe(200);
    clock.advance(31);
    const reply = await browser.get("/account");
    expect(reply.status).toBe(303);
    expect(reply.location).toMatch(/^\/sign-in/);
  });

  it("ends an active session at the absolute limit after sign-in", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    for (let minutes = 25; minutes < 120; minutes += 25) {
      clock.advance(25);
      expect((await browser.get("/account")).status, `after ${minutes} minutes`).toBe(200);
    }
    clock.advance(25);
    expect((await browser.get("/account")).status).toBe(303);
  });

  it("purges expired rows from the sessions table", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    clock.advance(24 * 60);
    await new Browser(app.url).signIn(user.email, PASSWORD);
    const now = clock().getTime();
    expect(
      app.context.database.db
        .select()
        .from(sessions)
        .all()
        .filter((s) => s.expiresAt <= now),
    ).toEqual([]);
  });

  it("after expiry, a form posted with the old page's token leads to the sign-in page with an explanation", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const token = await browser.csrfTokenFor("/account/tokens");
    clock.advance(31);
    const reply = await browser.post("/account/tokens", { name: "late" }, { csrf: token });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/sign-in?notice=expired");
    expect(textOf((await browser.get(reply.location!)).text)).toContain("Your session has ended.");
  });
});
