// What a new password ends: a reset by link ends every session and API token; a voluntary change ends the other
// sessions and then lists the API tokens that still work, with one button (a form, CSRF-protected) to revoke them all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/api-tokens";
import { issuePasswordReset } from "../../src/auth/password-resets";
import type { Actor } from "../../src/auth/policy";
import { auditLog } from "../../src/db/schema";
import { Browser, insertUser, PASSWORD, startApp, textOf, type AuthTestApp, type TestUser } from "./support";

const NEW_PASSWORD = "Quartz lantern tugboat 71 meadow";

describe("sessions and API tokens after a new password", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const deps = () => ({ database: app.context.database, clock: app.context.clock });
  const actorOf = (user: TestUser): Actor => ({ id: user.id, email: user.email, name: "", role: user.role, countries: [], assessmentRoles: {}, locale: "en" });
  const apiStatus = async (token: string) => (await fetch(`${app.url}/api/v1/assessments`, { headers: { authorization: `Bearer ${token}` } })).status;

  it("ends every session and every API token of the user after a reset by link", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const first = new Browser(app.url);
    const second = new Browser(app.url);
    await first.signIn(user.email, PASSWORD);
    await second.signIn(user.email, PASSWORD);
    const tokens = [createApiToken(deps(), actorOf(user), "script one").token, createApiToken(deps(), actorOf(user), "script two").token];
    for (const token of tokens) expect(await apiStatus(token)).toBe(200);
    const other = insertUser(app.context, { role: "analyst" });
    const othersToken = createApiToken(deps(), actorOf(other), "someone else's").token;

    const { token: link } = issuePasswordReset(deps(), { label: "test" }, user.id);
    expect((await new Browser(app.url).post(`/reset/${link}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(303);

    expect((await first.get("/account")).status).toBe(303);
    expect((await second.get("/account")).status).toBe(303);
    for (const token of tokens) expect(await apiStatus(token)).toBe(401);
    expect(await apiStatus(othersToken)).toBe(200);
    const entry = app.context.database.db
      .select()
      .from(auditLog)
      .all()
      .find((e) => e.action === "api_token.revoke_all" && e.objectId === String(user.id));
    expect(entry).toMatchObject({ actorLabel: user.email, details: { reason: "password_reset", tokens: 2 } });
  });

  it("after a voluntary change, keeps this session, ends the others, and lists the tokens still working with a revoke-all button", async () => {
    const user = insertUser(app.context, { role: "expert" });
    const here = new Browser(app.url);
    const elsewhere = new Browser(app.url);
    await here.signIn(user.email, PASSWORD);
    await elsewhere.signIn(user.email, PASSWORD);
    const tokens = [createApiToken(deps(), actorOf(user), "nightly export").token, createApiToken(deps(), actorOf(user), "dashboard").token];

    const changed = await here.post("/account/password", { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe("/account/tokens");
    expect((await elsewhere.get("/account")).status).toBe(303);
    for (const token of tokens) expect(await apiStatus(token)).toBe(200);

    const page = await here.get("/account/tokens");
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain("Your password is changed and your other sessions have been signed out. The API tokens below still work");
    expect(text).toContain("Tokens that still work: 2.");
    expect(text).toContain("nightly export");
    expect(page.text).toMatch(/<form method="post" action="\/account\/tokens\/revoke-all"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/);

    // The form needs its CSRF token, like every other.
    expect((await here.post("/account/tokens/revoke-all", {}, { csrf: false })).status).toBe(403);
    for (const token of tokens) expect(await apiStatus(token)).toBe(200);

    const revoked = await here.post("/account/tokens/revoke-all", { confirmed: "yes" });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe("/account/tokens");
    for (const token of tokens) expect(await apiStatus(token)).toBe(401);
    const after = textOf((await here.get("/account/tokens")).text);
    expect(after).toContain("Your API tokens are revoked (2)");
    expect(after).not.toContain("Tokens that still work");
    const entry = app.context.database.db
      .select()
      .from(auditLog)
      .all()
      .find((e) => e.action === "api_token.revoke_all" && e.objectId === String(user.id));
    expect(entry).toMatchObject({ actorUserId: user.id, details: { reason: "user_request", tokens: 2 } });
  });

  it("goes back to the account page after a change when no token works", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const changed = await browser.post("/account/password", { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(changed.location).toBe("/account");
  });
});
