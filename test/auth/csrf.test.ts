// CSRF: state-changing requests need the double-submit token; staff tokens are bound to the session, respondent
// tokens to the invitation link; bearer-token API calls are exempt. Also the body-size limit page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckedTokens } from "../../src/auth/csrf";
import type { TestApp } from "../support/app";
import { Browser, insertUser, PASSWORD, RESPONDENT_CSRF_COOKIE, STAFF_CSRF_COOKIE, startApp, textOf, type TestUser } from "./support";

describe("CSRF protection", () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startApp({
      extraRoutes: [
        // Stand-ins for the respondent journey and the API, so this file tests the protection on its own.
        (express) => express.post("/r/:token/echo", (_req, res) => res.json({ ok: true })),
        (express) => express.post("/api/test/echo", (req, res) => res.json({ via: req.authMethod ?? null })),
      ],
    });
    user = insertUser(app.context, { role: "expert" });
  });
  afterAll(() => app.close());

  it("rejects a form posted without a token, and accepts it with one", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const without = await browser.post("/account/tokens", { name: "no token" }, { csrf: false });
    expect(without.status).toBe(403);
    expect(textOf(without.text)).toContain("This form has expired or did not come from this site.");
    const withToken = await browser.post("/account/tokens", { name: "with token" });
    expect(withToken.status).toBe(200);
    expect(textOf(withToken.text)).toContain("with token");
  });

  it("rejects the sign-in form without a token (login CSRF)", async () => {
    const reply = await new Browser(app.url).post("/sign-in", { email: user.email, password: PASSWORD }, { csrf: false });
    expect(reply.status).toBe(403);
  });

  it("rejects a token that does not match the cookie, and a token of another session", async () => {
    const alice = new Browser(app.url);
    const mallory = new Browser(app.url);
    await alice.signIn(user.email, PASSWORD);
    await mallory.signIn(insertUser(app.context, { role: "expert" }).email, PASSWORD);
    const malloryToken = await mallory.csrfTokenFor("/");
    expect((await alice.post("/account/tokens", { name: "x" }, { csrf: malloryToken })).status).toBe(403);
    // Even with Mallory's cookie planted in Alice's browser: the token is bound to Mallory's session.
    alice.cookies = alice.cookies.filter((c) => c.name !== STAFF_CSRF_COOKIE);
    alice.cookies.push({ name: STAFF_CSRF_COOKIE, value: mallory.cookie(STAFF_CSRF_COOKIE)!, path: "/" });
    expect((await alice.post("/account/tokens", { name: "x" }, { csrf: malloryToken })).status).toBe(403);
  });

  it("accepts the token in the x-csrf-token header (fetch requests)", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const token = await browser.csrfTokenFor("/");
    const reply = await browser.request("POST", "/account/tokens", {
      body: "name=from+fetch",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-csrf-token": token },
    });
    expect(reply.status).toBe(200);
  });

  it("binds respondent tokens to the invitation token in the path, with a cookie for that link only", async () => {
    const respondent = new Browser(app.url);
    const linkA = `/r/${"a".repeat(43)}`;
    const linkB = `/r/${"b".repeat(43)}`;
    const tokenA = await respondent.csrfTokenFor(linkA);
    expect(respondent.cookies.find((c) => c.name === RESPONDENT_CSRF_COOKIE)?.path).toBe(linkA);
    expect((await respondent.post(`${linkA}/echo`, {}, { csrf: false })).status).toBe(403);
    const ok = await respondent.request("POST", `${linkA}/echo`, { body: "{}", headers: { "content-type": "application/json", "x-csrf-token": tokenA } });
    expect(ok.status).toBe(200);
    // A token obtained for link A does not work on link B, even with A's cookie copied there.
    respondent.cookies.push({ name: RESPONDENT_CSRF_COOKIE, value: tokenA, path: linkB });
    expect((await respondent.post(`${linkB}/echo`, {}, { csrf: tokenA })).status).toBe(403);
    // The refusal page on link B came with B's own pair in place of A's copied cookie; reading either link again
    // keeps its pair without sending the cookie back.
    const tokenB = respondent.cookie(RESPONDENT_CSRF_COOKIE, linkB);
    expect(tokenB).toBeDefined();
    expect(tokenB).not.toBe(tokenA);
    const setsCookie = (reply: { headers: Headers }) => reply.headers.getSetCookie().some((c) => c.startsWith(`${RESPONDENT_CSRF_COOKIE}=`));
    expect(setsCookie(await respondent.get(linkA))).toBe(false);
    expect(setsCookie(await respondent.get(linkB))).toBe(false);
    expect(respondent.cookie(RESPONDENT_CSRF_COOKIE, linkA)).toBe(tokenA);
    expect(respondent.cookie(RESPONDENT_CSRF_COOKIE, linkB)).toBe(tokenB);
  });

  it("exempts API calls authenticated with a bearer token, but not API calls made with the session cookie", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const page = await browser.post("/account/tokens", { name: "api" });
    const token = /value="(cna_[^"]+)"/.exec(page.text)![1];
    const bearer = await new Browser(app.url).request("POST", "/api/test/echo", {
      body: "{}",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(200);
    expect(JSON.parse(bearer.text)).toEqual({ via: "token" });
    const cookieOnly = await browser.request("POST", "/api/test/echo", { body: "{}", headers: { "content-type": "application/json" } });
    expect(cookieOnly.status).toBe(403);
  });

  it("names the CSRF cookie without the __Host- prefix on plain http", async () => {
    const browser = new Browser(app.url);
    const line = (await browser.get("/sign-in")).headers.getSetCookie().find((c) => c.startsWith(`${STAFF_CSRF_COOKIE}=`))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Strict/i);
  });

  it("keeps a valid token without sending its cookie again, and replaces a forged or stale one", async () => {
    const browser = new Browser(app.url);
    const first = await browser.get("/sign-in");
    const token = browser.cookie(STAFF_CSRF_COOKIE);
    expect(first.headers.getSetCookie().some((c) => c.startsWith(`${STAFF_CSRF_COOKIE}=`))).toBe(true);
    const again = await browser.get("/sign-in");
    expect(again.headers.getSetCookie().some((c) => c.startsWith(`${STAFF_CSRF_COOKIE}=`))).toBe(false);
    expect(again.text).toContain(`name="_csrf" value="${token}"`);

    // A cookie whose HMAC does not hold (forged, or bound to another session) is not reused: a new pair is issued.
    browser.cookies = browser.cookies.map((c) => (c.name === STAFF_CSRF_COOKIE ? { ...c, value: `${"0".repeat(64)}.${"1".repeat(64)}` } : c));
    const replaced = await browser.get("/sign-in");
    const line = replaced.headers.getSetCookie().find((c) => c.startsWith(`${STAFF_CSRF_COOKIE}=`));
    expect(line).toBeDefined();
    expect(browser.cookie(STAFF_CSRF_COOKIE)).not.toBe(token);
    expect(replaced.text).toContain(`name="_csrf" value="${browser.cookie(STAFF_CSRF_COOKIE)}"`);
    // The new pair works.
    await browser.signIn(user.email, PASSWORD);
    expect((await browser.post("/account/tokens", { name: "after replacement" })).status).toBe(200);
  });

  it("answers an oversized form with 413 on a page in the layout, for a signed-in user too", async () => {
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const token = await browser.csrfTokenFor("/");
    const reply = await browser.request("POST", "/account/tokens", {
      body: `_csrf=${token}&name=${"x".repeat(300 * 1024)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.get("content-type")).toMatch(/text\/html/);
    expect(reply.text).toContain('class="site-header"');
    expect(textOf(reply.text)).toContain("The request is too large.");
    expect(textOf(reply.text)).toContain("Sign out");
  });
});

describe("CheckedTokens", () => {
  it("remembers pairs, not tokens alone, and forgets the oldest past its limit", () => {
    const memo = new CheckedTokens(3);
    memo.add("link-a", "t1");
    expect(memo.has("link-a", "t1")).toBe(true);
    expect(memo.has("link-b", "t1")).toBe(false);
    memo.add("link-a", "t2");
    memo.add("link-a", "t3");
    memo.add("link-a", "t2");
    expect(memo.size).toBe(3);
    memo.add("link-a", "t4");
    expect(memo.size).toBe(3);
    expect(memo.has("link-a", "t1")).toBe(false);
    expect(["t2", "t3", "t4"].every((t) => memo.has("link-a", t))).toBe(true);
  });
});
