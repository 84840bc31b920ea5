// Personal API tokens: created and shown once, stored hashed, accepted as Bearer on /api/, refused once revoked.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, users } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, insertUser, PASSWORD, startApp, textOf, type TestUser } from "./support";

describe("API tokens", () => {
  let app: TestApp;
  let user: TestUser;
  let browser: Browser;

  const callApi = (token: string) =>
    new Browser(app.url).request("GET", "/api/test/whoami", { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });

  beforeAll(async () => {
    app = await startApp({
      extraRoutes: [
        (express) =>
          express.get("/api/test/whoami", (req, res) => res.json({ id: req.actor?.id ?? null, role: req.actor?.role ?? null, via: req.authMethod ?? null })),
      ],
    });
    user = insertUser(app.context, { role: "analyst" });
    browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
  });
  afterAll(() => app.close());

  async function createToken(name: string): Promise<string> {
    const page = await browser.post("/account/tokens", { name });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    return /value="(cna_[A-Za-z0-9_-]+)"/.exec(page.text)![1];
  }

  it("creates a token shown once, stored only as a SHA-256 with a display prefix", async () => {
    const token = await createToken("nightly export");
    expect(token).toMatch(/^cna_[A-Za-z0-9_-]{43}$/);
    const row = app.context.database.db.select().from(apiTokens).where(eq(apiTokens.name, "nightly export")).get()!;
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token.slice(4));
    expect(token.startsWith(row.prefix)).toBe(true);
    const list = await browser.get("/account/tokens");
    expect(list.text).not.toContain(token);
    expect(textOf(list.text)).toContain(`${row.prefix}…`);
  });

  it("authenticates API requests as the token's owner and records the use", async () => {
    const token = await createToken("reader");
    const reply = await callApi(token);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ id: user.id, role: "analyst", via: "token" });
    const row = app.context.database.db.select().from(apiTokens).where(eq(apiTokens.name, "reader")).get()!;
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("refuses unknown and malformed tokens with 401 problem+json", async () => {
    for (const token of ["cna_" + "x".repeat(43), "not-a-token"]) {
      const reply = await callApi(token);
      expect(reply.status).toBe(401);
      expect(reply.headers.get("content-type")).toContain("application/problem+json");
      expect(reply.headers.get("www-authenticate")).toContain("Bearer");
      expect(JSON.parse(reply.text)).toMatchObject({ status: 401, title: "Unauthorized", code: "unauthenticated" });
    }
  });

  it("refuses a revoked token", async () => {
    const token = await createToken("to revoke");
    expect((await callApi(token)).status).toBe(200);
    const id = app.context.database.db.select().from(apiTokens).where(eq(apiTokens.name, "to revoke")).get()!.id;
    expect((await browser.post(`/account/tokens/${id}/revoke`, { confirmed: "yes" })).status).toBe(303);
    expect((await callApi(token)).status).toBe(401);
    expect(textOf((await browser.get("/account/tokens")).text)).toContain("The token is revoked");
  });

  it("refuses the tokens of a disabled user", async () => {
    const token = await createToken("owner disabled");
    app.context.database.db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
    expect((await callApi(token)).status).toBe(401);
    app.context.database.db.update(users).set({ disabledAt: null }).where(eq(users.id, user.id)).run();
    expect((await callApi(token)).status).toBe(200);
  });

  it("does not let one user revoke another's token", async () => {
    const token = await createToken("mine");
    const id = app.context.database.db.select().from(apiTokens).where(eq(apiTokens.name, "mine")).get()!.id;
    const other = new Browser(app.url);
    await other.signIn(insertUser(app.context, { role: "expert" }).email, PASSWORD);
    expect((await other.post(`/account/tokens/${id}/revoke`)).status).toBe(404);
    expect((await callApi(token)).status).toBe(200);
  });

  it("answers anonymous API requests with 401 rather than a sign-in redirect", async () => {
    const reply = await new Browser(app.url).get("/account", { accept: "application/json" });
    expect(reply.status).toBe(401);
  });

  it("records creation and revocation in the audit log", () => {
    const actions = app.context.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectType, "api_token"))
      .all()
      .map((e) => e.action);
    expect(actions).toContain("api_token.create");
    expect(actions).toContain("api_token.revoke");
  });
});
