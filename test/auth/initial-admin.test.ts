// First start: an administrator is created when there is none, from ADMIN_EMAIL/ADMIN_PASSWORD or with a generated password.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ensureInitialAdmin } from "../../src/auth/initial-admin";
import { verifyPassword } from "../../src/auth/passwords";
import { users } from "../../src/db/schema";
import type { TestApp } from "../support/app";
import { Browser, insertUser, startApp } from "./support";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("the first administrator", () => {
  it("is created with a generated password that must be changed at the first sign-in", async () => {
    app = await startApp();
    const created = ensureInitialAdmin(app.context)!;
    expect(created.email).toBe("admin@example.org");
    expect(created.password).toBeDefined();
    const row = app.context.database.db.select().from(users).where(eq(users.email, "admin@example.org")).get()!;
    expect(row).toMatchObject({ role: "admin", mustChangePassword: true });
    const reply = await new Browser(app.url).signIn(created.email, created.password!);
    expect(reply.location).toBe("/account/password");
    expect(ensureInitialAdmin(app.context)).toBeNull();
  });

  it("takes the address and password from the configuration, and returns no password to print", async () => {
    app = await startApp({ env: { ADMIN_EMAIL: "Ops@Ministry.example", ADMIN_PASSWORD: "operator chosen password" } });
    expect(ensureInitialAdmin(app.context)).toEqual({ email: "ops@ministry.example" });
    const row = app.context.database.db.select().from(users).where(eq(users.email, "ops@ministry.example")).get()!;
    expect(row.mustChangePassword).toBe(false);
    expect(await verifyPassword("operator chosen password", row.passwordHash)).toBe(true);
  });

  it("does nothing when an administrator exists", async () => {
    app = await startApp();
    insertUser(app.context, { role: "admin" });
    expect(ensureInitialAdmin(app.context)).toBeNull();
  });
});
