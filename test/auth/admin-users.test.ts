// Administrators manage accounts: create (with a set-password link), re-scope, disable/enable, issue reset links.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { passwordResets, userCountries, users } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, ensureCountry, insertUser, movableClock, PASSWORD, startApp, textOf, type TestUser } from "./support";

function linkOn(page: string): string {
  return new URL(/value="(http[^"]+\/reset\/[^"]+)"/.exec(page)![1]).pathname;
}

describe("account administration", () => {
  const clock = movableClock();
  let app: TestApp;
  let admin: TestUser;
  let adminBrowser: Browser;

  beforeAll(async () => {
    app = await startApp({ clock });
    ensureCountry(app.context, "LAO", "Lao People's Democratic Republic");
    ensureCountry(app.context, "KHM", "Cambodia");
    admin = insertUser(app.context, { role: "admin" });
  });
  afterAll(() => app.close());
  // A fresh session per test: some tests move the clock past the session lifetime.
  beforeEach(async () => {
    adminBrowser = new Browser(app.url);
    await adminBrowser.signIn(admin.email, PASSWORD);
  });

  it("creates a focal point scoped to countries and shows a single-use link with which they set their password", async () => {
    const created = await adminBrowser.post("/admin/users", {
      email: "  Focal.Point@Example.org ",
      name: "Focal Point",
      role: "focal_point",
      countries: "lao, KHM",
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toContain("no-store");
    expect(textOf(created.text)).toContain("copy this link to the user".replace("copy", "Copy"));
    expect(textOf(created.text)).toContain("This installation does not send e-mail");
    const user = app.context.database.db.select().from(users).where(eq(users.email, "focal.point@example.org")).get()!;
    expect(user.role).toBe("focal_point");
    expect(
      app.context.database.db
        .select()
        .from(userCountries)
        .where(eq(userCountries.userId, user.id))
        .all()
        .map((r) => r.countryIso3)
        .sort(),
    ).toEqual(["KHM", "LAO"]);

    const link = linkOn(created.text);
    const person = new Browser(app.url);
    expect((await person.get(link)).status).toBe(200);
    const set = await person.post(link, { password: "focal point passphrase", confirm: "focal point passphrase" });
    expect(set.status).toBe(303);
    expect(set.location).toBe("/sign-in?notice=password-set");
    expect((await person.signIn("focal.point@example.org", "focal point passphrase")).status).toBe(303);
    // The link worked once.
    expect((await new Browser(app.url).get(link)).status).toBe(404);
    const again = await new Browser(app.url).post(link, { password: "another passphrase!", confirm: "another passphrase!" });
    expect(again.status).toBe(404);
    expect(textOf(again.text)).toContain("This link no longer works");
  });

  it("refuses invalid input with messages next to the fields", async () => {
    const reply = await adminBrowser.post("/admin/users", { email: "not-an-address", role: "focal_point", countries: "ZZZ" });
    expect(reply.status).toBe(400);
    const text = textOf(reply.text);
    expect(text).toContain("Give a valid e-mail address");
    const unknown = await adminBrowser.post("/admin/users", { email: "new.focal@example.org", role: "focal_point", countries: "ZZZ, LAO" });
    expect(textOf(unknown.text)).toContain("Unknown country codes: ZZZ.");
    const expertWithCountry = await adminBrowser.post("/admin/users", { email: "new.expert@example.org", role: "expert", countries: "LAO" });
    expect(textOf(expertWithCountry.text)).toContain("Only country focal points are scoped to countries");
    const duplicate = await adminBrowser.post("/admin/users", { email: admin.email, role: "expert" });
    expect(textOf(duplicate.text)).toContain("There is already an account with this e-mail address.");
  });

  it("changes a user's role and countries, effective on their next request", async () => {
    const focal = insertUser(app.context, { role: "focal_point", countries: ["LAO"] });
    const reply = await adminBrowser.post(`/admin/users/${focal.id}`, { name: "Now an expert", role: "expert", countries: "" });
    expect(reply.status).toBe(303);
    const row = app.context.database.db.select().from(users).where(eq(users.id, focal.id)).get()!;
    expect([row.role, row.name]).toEqual(["expert", "Now an expert"]);
    expect(app.context.database.db.select().from(userCountries).where(eq(userCountries.userId, focal.id)).all()).toEqual([]);
    expect(textOf((await adminBrowser.get(`/admin/users/${focal.id}`)).text)).toContain("The changes are saved");
  });

  it("disables a user, ending their session at once, and enables them again", async () => {
    const expert = insertUser(app.context, { role: "expert" });
    const expertBrowser = new Browser(app.url);
    await expertBrowser.signIn(expert.email, PASSWORD);
    expect((await adminBrowser.post(`/admin/users/${expert.id}/disable`, { confirmed: "yes" })).status).toBe(303);
    expect((await expertBrowser.get("/account")).status).toBe(303);
    expect((await new Browser(app.url).signIn(expert.email, PASSWORD)).status).toBe(400);
    expect((await adminBrowser.post(`/admin/users/${expert.id}/enable`)).status).toBe(303);
    expect((await new Browser(app.url).signIn(expert.email, PASSWORD)).status).toBe(303);
  });

  it("does not let an administrator disable themselves or demote the last administrator", async () => {
    await adminBrowser.post(`/admin/users/${admin.id}/disable`);
    expect(textOf((await adminBrowser.get(`/admin/users/${admin.id}`)).text)).toContain("You cannot disable your own account.");
    const demoted = await adminBrowser.post(`/admin/users/${admin.id}`, { role: "expert", name: "" });
    expect(demoted.status).toBe(400);
    expect(textOf(demoted.text)).toContain("This is the last active administrator");
  });

  it("issues reset links that expire after 24 hours, and a new link replaces the old one", async () => {
    const analyst = insertUser(app.context, { role: "analyst" });
    const first = linkOn((await adminBrowser.post(`/admin/users/${analyst.id}/reset`)).text);
    const second = linkOn((await adminBrowser.post(`/admin/users/${analyst.id}/reset`)).text);
    expect((await new Browser(app.url).get(first)).status).toBe(404);
    expect((await new Browser(app.url).get(second)).status).toBe(200);
    clock.advance(24 * 60 + 1);
    expect((await new Browser(app.url).get(second)).status).toBe(404);
    const stored = app.context.database.db.select().from(passwordResets).where(eq(passwordResets.userId, analyst.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toContain(stored[0].tokenHash);
  });

  it("ends the user's sessions when they set a password through a link", async () => {
    const analyst = insertUser(app.context, { role: "analyst" });
    const session = new Browser(app.url);
    await session.signIn(analyst.email, PASSWORD);
    const link = linkOn((await adminBrowser.post(`/admin/users/${analyst.id}/reset`)).text);
    await new Browser(app.url).post(link, { password: "a brand new passphrase", confirm: "a brand new passphrase" });
    expect((await session.get("/account")).status).toBe(303);
  });

  it("keeps everyone but administrators out", async () => {
    const expert = insertUser(app.context, { role: "expert" });
    const browser = new Browser(app.url);
    await browser.signIn(expert.email, PASSWORD);
    expect((await browser.get("/admin/users")).status).toBe(403);
    expect((await browser.post(`/admin/users/${expert.id}`, { role: "admin" })).status).toBe(403);
    expect((await browser.get("/admin/audit")).status).toBe(403);
  });

  it("lists the users with their role, countries and status", async () => {
    const text = textOf((await adminBrowser.get("/admin/users")).text);
    expect(text).toContain(admin.email);
    expect(text).toContain("Country focal point");
    expect(text).toContain("KHM, LAO");
  });
});
