// Failed sign-ins are limited per account and per address, with 429 and Retry-After, and the same generic wording.
import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { Browser, insertUser, PASSWORD, startApp, textOf } from "./support";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("sign-in rate limits", () => {
  it("allows five failures per account in a quarter of an hour, then refuses even the right password with 429", async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "expert" });
    const browser = new Browser(app.url);
    for (let attempt = 1; attempt <= 5; attempt++) expect((await browser.signIn(user.email, `wrong guess ${attempt}`)).status).toBe(400);
    const limited = await browser.signIn(user.email, PASSWORD);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(textOf(limited.text)).toContain("Too many attempts to sign in.");
    // Another account from the same address is unaffected.
    const other = insertUser(app.context, { role: "expert" });
    expect((await browser.signIn(other.email, PASSWORD)).status).toBe(303);
  });

  it("limits an unknown address the same way, so the limit does not tell whether an account exists", async () => {
    app = await startApp();
    const browser = new Browser(app.url);
    for (let attempt = 1; attempt <= 5; attempt++) await browser.signIn("ghost@example.org", `guess ${attempt}`);
    expect((await browser.signIn("ghost@example.org", "guess 6")).status).toBe(429);
  });

  it("resets the per-account count after a successful sign-in", async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    for (let attempt = 1; attempt <= 4; attempt++) await browser.signIn(user.email, `typo ${attempt}`);
    expect((await browser.signIn(user.email, PASSWORD)).status).toBe(303);
    for (let attempt = 1; attempt <= 4; attempt++) expect((await browser.signIn(user.email, `typo again ${attempt}`)).status).toBe(400);
  });

  it("allows twenty failures per address across accounts, then answers 429 for any account", async () => {
    app = await startApp();
    const browser = new Browser(app.url);
    for (let attempt = 1; attempt <= 20; attempt++) expect((await browser.signIn(`user${attempt}@example.org`, "wrong password")).status).toBe(400);
    const user = insertUser(app.context, { role: "expert" });
    const limited = await browser.signIn(user.email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
