// Failed sign-ins are throttled per (account, address) with growing delays and per address overall — never by
// locking the account: the right password from another address still signs in. Each new wait is in the audit log.
import { afterEach, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema";
import { Browser, insertUser, movableClock, PASSWORD, startApp, textOf, type AuthTestApp, type MovableClock } from "./support";

let app: AuthTestApp | undefined;
let clock: MovableClock;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The app behind a proxy it trusts (loopback), so that each request can say which address it comes from. */
async function start(): Promise<AuthTestApp> {
  clock = movableClock(new Date());
  app = await startApp({ clock, env: { TRUST_PROXY: "loopback" } });
  return app;
}

function signInFrom(browser: Browser, address: string, email: string, password: string) {
  return browser.post("/sign-in", { email, password }, { headers: { "x-forwarded-for": address } });
}

function advanceSeconds(seconds: number): void {
  clock.advance(seconds / 60);
}

function throttleEntries(context: AuthTestApp["context"]) {
  return context.database.db
    .select()
    .from(auditLog)
    .all()
    .filter((e) => e.action === "user.sign_in_throttled");
}

describe("sign-in throttling", () => {
  it("lets three failures of an account from one address pass, then makes each further attempt wait twice as long", async () => {
    await start();
    const user = insertUser(app!.context, { role: "expert" });
    const browser = new Browser(app!.url);
    for (let attempt = 1; attempt <= 4; attempt++) expect((await signInFrom(browser, "203.0.113.7", user.email, `wrong guess ${attempt}`)).status).toBe(400);
    const first = await signInFrom(browser, "203.0.113.7", user.email, PASSWORD);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect(textOf(first.text)).toContain("Please wait 2 seconds and try again.");

    advanceSeconds(2);
    expect((await signInFrom(browser, "203.0.113.7", user.email, "wrong guess 5")).status).toBe(400);
    expect((await signInFrom(browser, "203.0.113.7", user.email, PASSWORD)).headers.get("retry-after")).toBe("4");
    advanceSeconds(4);
    expect((await signInFrom(browser, "203.0.113.7", user.email, "wrong guess 6")).status).toBe(400);
    expect((await signInFrom(browser, "203.0.113.7", user.email, PASSWORD)).headers.get("retry-after")).toBe("8");

    // The wait passes, and the right password signs in from that address too.
    advanceSeconds(8);
    expect((await signInFrom(browser, "203.0.113.7", user.email, PASSWORD)).status).toBe(303);
  });

  it("still signs the owner in from another address while a stranger's guesses are slowed", async () => {
    await start();
    const admin = insertUser(app!.context, { role: "admin" });
    const stranger = new Browser(app!.url);
    for (let attempt = 1; attempt <= 12; attempt++) {
      if (attempt > 1) advanceSeconds(3600);
      await signInFrom(stranger, "198.51.100.9", admin.email, `guess ${attempt}`);
    }
    expect((await signInFrom(stranger, "198.51.100.9", admin.email, PASSWORD)).status).toBe(429);
    const owner = new Browser(app!.url);
    expect((await signInFrom(owner, "192.0.2.44", admin.email, PASSWORD)).status).toBe(303);
  });

  it("never locks an account guessed at from many addresses", async () => {
    await start();
    const admin = insertUser(app!.context, { role: "admin" });
    const attacker = new Browser(app!.url);
    for (let host = 1; host <= 10; host++) {
      for (let attempt = 1; attempt <= 5; attempt++) await signInFrom(attacker, `198.51.100.${host}`, admin.email, `guess ${host}-${attempt}`);
    }
    expect((await signInFrom(new Browser(app!.url), "192.0.2.44", admin.email, PASSWORD)).status).toBe(303);
  });

  it("treats an address that names no account the same, so the throttle does not tell whether an account exists", async () => {
    await start();
    const browser = new Browser(app!.url);
    for (let attempt = 1; attempt <= 4; attempt++) await signInFrom(browser, "203.0.113.8", "ghost@example.org", `guess ${attempt}`);
    const limited = await signInFrom(browser, "203.0.113.8", "ghost@example.org", "guess 5");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
  });

  it("forgets an address's failures for that account after a successful sign-in", async () => {
    await start();
    const user = insertUser(app!.context, { role: "analyst" });
    const browser = new Browser(app!.url);
    for (let attempt = 1; attempt <= 3; attempt++) await signInFrom(browser, "203.0.113.9", user.email, `typo ${attempt}`);
    expect((await signInFrom(browser, "203.0.113.9", user.email, PASSWORD)).status).toBe(303);
    const again = new Browser(app!.url);
    for (let attempt = 1; attempt <= 3; attempt++) expect((await signInFrom(again, "203.0.113.9", user.email, `typo again ${attempt}`)).status).toBe(400);
    expect((await signInFrom(again, "203.0.113.9", user.email, PASSWORD)).status).toBe(303);
  });

  it("stops an address after thirty failures across accounts for the rest of the quarter hour, leaving other addresses alone", async () => {
    await start();
    const browser = new Browser(app!.url);
    for (let attempt = 1; attempt <= 30; attempt++)
      expect((await signInFrom(browser, "203.0.113.10", `user${attempt}@example.org`, "wrong password")).status).toBe(400);
    const user = insertUser(app!.context, { role: "expert" });
    const limited = await signInFrom(browser, "203.0.113.10", user.email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(textOf(limited.text)).toContain("Too many attempts to sign in.");
    expect((await signInFrom(new Browser(app!.url), "203.0.113.11", user.email, PASSWORD)).status).toBe(303);
    advanceSeconds(15 * 60);
    expect((await signInFrom(browser, "203.0.113.10", user.email, PASSWORD)).status).toBe(303);
  });

  it("records each new wait in the audit log, named in the administrator's language", async () => {
    await start();
    const user = insertUser(app!.context, { role: "expert" });
    const browser = new Browser(app!.url);
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (attempt > 1) advanceSeconds(60);
      await signInFrom(browser, "203.0.113.12", user.email, `wrong ${attempt}`);
    }
    const entries = throttleEntries(app!.context);
    expect(entries.map((e) => [e.actorLabel, e.objectId, e.ip, e.details])).toEqual([
      [user.email, String(user.id), "203.0.113.12", { scope: "account_address", failures: 4, waitSeconds: 2 }],
      [user.email, String(user.id), "203.0.113.12", { scope: "account_address", failures: 5, waitSeconds: 4 }],
    ]);
    // Refused attempts during a wait add nothing.
    await signInFrom(browser, "203.0.113.12", user.email, "wrong 6");
    await signInFrom(browser, "203.0.113.12", user.email, "wrong 7");
    expect(throttleEntries(app!.context)).toHaveLength(2);

    const admin = insertUser(app!.context, { role: "admin", locale: "fr" });
    const reader = new Browser(app!.url);
    expect((await signInFrom(reader, "192.0.2.1", admin.email, PASSWORD)).status).toBe(303);
    const page = textOf((await reader.get("/admin/audit?action=user.sign_in_throttled")).text);
    expect(page).toContain("Connexion ralentie après des échecs répétés");
    // The filter is kept by its code in the query, but the reader sees only the label.
    expect(page).not.toContain("user.sign_in_throttled");
  });
});
