// A user's own account: their password and their interface language.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, insertUser, PASSWORD, startApp, textOf } from "./support";

describe("my account", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it("changes the password after checking the current one, and signs out the user's other sessions", async () => {
    const user = insertUser(app.context, { role: "expert" });
    const here = new Browser(app.url);
    const elsewhere = new Browser(app.url);
    await here.signIn(user.email, PASSWORD);
    await elsewhere.signIn(user.email, PASSWORD);

    const wrong = await here.post("/account/password", { current: "not my password", password: "a new long passphrase", confirm: "a new long passphrase" });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.text)).toContain("This is not your current password.");
    const mismatch = await here.post("/account/password", { current: PASSWORD, password: "a new long passphrase", confirm: "something else entirely" });
    expect(textOf(mismatch.text)).toContain("The two passwords are not the same.");
    const short = await here.post("/account/password", { current: PASSWORD, password: "short", confirm: "short" });
    expect(textOf(short.text)).toContain("The password must be 12 to 200 characters long.");

    const done = await here.post("/account/password", { current: PASSWORD, password: "a new long passphrase", confirm: "a new long passphrase" });
    expect(done.status).toBe(303);
    expect((await here.get("/account")).status).toBe(200);
    expect((await elsewhere.get("/account")).status).toBe(303);
    expect((await new Browser(app.url).signIn(user.email, "a new long passphrase")).status).toBe(303);
  });

  it("shows pages in the user's chosen language, over the browser's", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    expect((await browser.post("/account/language", { locale: "ar" })).status).toBe(303);
    expect(app.context.database.db.select().from(users).where(eq(users.id, user.id)).get()!.locale).toBe("ar");
    const page = await browser.get("/account", { "accept-language": "fr" });
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect((await browser.get("/account?lang=es")).text).toContain('<html lang="es"');
  });

  it("refuses a language that is not offered", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const refused = await browser.post("/account/language", { locale: "xx" });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain("Choose one of the languages offered.");
    expect(app.context.database.db.select().from(users).where(eq(users.id, user.id)).get()!.locale).toBe("en");
  });
});
