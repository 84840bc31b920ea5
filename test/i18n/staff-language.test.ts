// Staff's interface language over real HTTP: without a choice in the profile, the browser's Accept-Language (among
// the interface languages); a choice in the profile wins over the browser; "the language of my browser" undoes it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";

const langOf = (html: string) => /<html lang="([^"]+)" dir="([^"]+)"/.exec(html)?.slice(1, 3);

describe("staff interface language", () => {
  let app: AuthTestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const localeOf = (id: number) => app.context.database.db.select({ locale: users.locale }).from(users).where(eq(users.id, id)).get()!.locale;

  it("gives a new account no language of its own: pages follow its browser", async () => {
    const admin = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(admin.email, admin.password);
    const created = await browser.post("/admin/users", { email: "new.expert@example.org", name: "New", role: "expert" });
    expect(created.status).toBeLessThan(400);
    expect(app.context.database.db.select({ locale: users.locale }).from(users).where(eq(users.email, "new.expert@example.org")).get()).toEqual({
      locale: null,
    });
  });

  it("follows Accept-Language while the profile has no choice, and the profile's choice once made", async () => {
    const user = insertUser(app.context, { role: "expert" });
    app.context.database.db.update(users).set({ locale: null }).where(eq(users.id, user.id)).run();
    const staff = new Browser(app.url);
    expect((await staff.signIn(user.email, user.password)).status).toBe(303);

    expect(langOf((await staff.get("/account", { "accept-language": "es-MX,es;q=0.9,en;q=0.5" })).text)).toEqual(["es", "ltr"]);
    expect(langOf((await staff.get("/account", { "accept-language": "ar" })).text)).toEqual(["ar", "rtl"]);
    // A language the interface lacks falls through to the next one asked for.
    expect(langOf((await staff.get("/account", { "accept-language": "de-DE,de;q=0.9,fr;q=0.8" })).text)).toEqual(["fr", "ltr"]);
    const page = await staff.get("/account", { "accept-language": "fr" });
    expect(page.text).toMatch(/<option value="" selected>La langue de mon navigateur<\/option>/);

    expect((await staff.post("/account/language", { locale: "zh" })).status).toBe(303);
    expect(localeOf(user.id)).toBe("zh");
    expect(langOf((await staff.get("/account", { "accept-language": "es" })).text)).toEqual(["zh", "ltr"]);
    expect((await staff.get("/account", { "accept-language": "es" })).text).toMatch(/<option value="zh" lang="zh" selected>/);

    // Back to the browser's language.
    expect((await staff.post("/account/language", { locale: "" })).status).toBe(303);
    expect(localeOf(user.id)).toBeNull();
    const again = await staff.get("/account", { "accept-language": "es" });
    expect(langOf(again.text)).toEqual(["es", "ltr"]);
    expect(textOf(again.text)).toContain("Si no elige aquí");
  });
});
