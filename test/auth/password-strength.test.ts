// Weak passwords are refused wherever a password is set — account page, reset link, command line, ADMIN_PASSWORD —
// with a message that says why, in the reader's language.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureInitialAdmin } from "../../src/auth/initial-admin";
import { issuePasswordReset } from "../../src/auth/password-resets";
import { generatePassword, verifyPassword } from "../../src/auth/passwords";
import { passwordWeakness, personalWords } from "../../src/auth/password-strength";
import { runCli } from "../../src/cli/run";
import { users } from "../../src/db/schema";
import { makeTempDir } from "../support/app";
import { Browser, insertUser, PASSWORD, startApp, textOf, type AuthTestApp } from "./support";

const TWELVE_SPACES = " ".repeat(12);
const STRONG = "Quartz lantern tugboat 71 meadow";

describe("the password rule", () => {
  it("refuses twelve spaces, password1234 and other guessable passwords, naming the reason", () => {
    expect(passwordWeakness(TWELVE_SPACES)).toBe("auth.validation.passwordWeak.pattern");
    expect(passwordWeakness("password1234")).toBe("auth.validation.passwordWeak.common");
    expect(passwordWeakness("qwertyuiop12")).toBe("auth.validation.passwordWeak.common");
    expect(passwordWeakness("abcdefghijkl")).toBe("auth.validation.passwordWeak.pattern");
    expect(passwordWeakness("jane.doe@ministry.example", personalWords("jane.doe@ministry.example", "Jane Doe"))).toBe("auth.validation.passwordWeak.personal");
    expect(passwordWeakness("Capacity2026!")).toBe("auth.validation.passwordWeak.personal");
  });

  it("accepts a phrase of unrelated words and the generated one-time passwords", () => {
    expect(passwordWeakness(STRONG)).toBeUndefined();
    expect(passwordWeakness(PASSWORD)).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(passwordWeakness(generatePassword())).toBeUndefined();
  });

  it("judges a long password by its beginning: a repeated common word stays weak at any length", () => {
    expect(passwordWeakness("p@ssw0rd".repeat(25))).toBe("auth.validation.passwordWeak.pattern");
    expect(passwordWeakness(`${STRONG} ${"x".repeat(150)}`)).toBeUndefined();
  });
});

describe("weak passwords on the web", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it("are refused on the account page with the reason, in the user's language", async () => {
    const user = insertUser(app.context, { role: "expert" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, PASSWORD);
    const spaces = await browser.post("/account/password", { current: PASSWORD, password: TWELVE_SPACES, confirm: TWELVE_SPACES });
    expect(spaces.status).toBe(400);
    expect(textOf(spaces.text)).toContain("This password repeats characters or follows a sequence or a keyboard pattern");
    const common = await browser.post("/account/password", { current: PASSWORD, password: "password1234", confirm: "password1234" });
    expect(common.status).toBe(400);
    expect(textOf(common.text)).toContain("This password is one of the most used passwords");
    expect((await new Browser(app.url).signIn(user.email, PASSWORD)).status).toBe(303);

    const french = insertUser(app.context, { role: "analyst", locale: "fr" });
    const lecteur = new Browser(app.url);
    await lecteur.signIn(french.email, PASSWORD);
    const refused = await lecteur.post("/account/password", { current: PASSWORD, password: "password1234", confirm: "password1234" });
    expect(textOf(refused.text)).toContain("Ce mot de passe fait partie des plus utilisés");
  });

  it("are refused through a reset link, which stays usable for a strong one", async () => {
    const user = insertUser(app.context, { role: "analyst" });
    const { token } = issuePasswordReset({ database: app.context.database, clock: app.context.clock }, { label: "test" }, user.id);
    const browser = new Browser(app.url);
    const weak = await browser.post(`/reset/${token}`, { password: "password1234", confirm: "password1234" });
    expect(weak.status).toBe(400);
    expect(textOf(weak.text)).toContain("This password is one of the most used passwords");
    const strong = await browser.post(`/reset/${token}`, { password: STRONG, confirm: STRONG });
    expect(strong.status).toBe(303);
    expect((await new Browser(app.url).signIn(user.email, STRONG)).status).toBe(303);
  });
});

describe("weak passwords outside the web", () => {
  it("are refused by users create --password-stdin, with the reason", async () => {
    const dataDir = makeTempDir("cna-cli-");
    const env = { NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir };
    let err = "";
    const code = await runCli(
      ["users", "create", "--email", "weak@example.org", "--role", "expert", "--password-stdin"],
      { stdout: () => undefined, stderr: (t) => (err += t), readStdin: async () => "password1234\n" },
      env,
    );
    expect(code).toBe(2);
    expect(err).toContain("standard input: This password is one of the most used passwords");
    let out = "";
    expect(await runCli(["users", "list", "--json"], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => "" }, env)).toBe(0);
    expect(out).not.toContain("weak@example.org");
  });

  it("stops the first start when ADMIN_PASSWORD is weak, naming the variable and the reason", async () => {
    const app = await startApp({ env: { ADMIN_PASSWORD: "password1234" } });
    try {
      expect(() => ensureInitialAdmin(app.context)).toThrow(
        /^ADMIN_PASSWORD is too weak for the first administrator: This password is one of the most used passwords/,
      );
      expect(app.context.database.db.select().from(users).all()).toEqual([]);
    } finally {
      await app.close();
    }
    const strong = await startApp({ env: { ADMIN_PASSWORD: STRONG } });
    try {
      const created = ensureInitialAdmin(strong.context)!;
      const row = strong.context.database.db.select().from(users).where(eq(users.email, created.email)).get()!;
      expect(await verifyPassword(STRONG, row.passwordHash)).toBe(true);
    } finally {
      await strong.close();
    }
  });
});
