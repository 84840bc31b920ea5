// `users create|list|disable|enable|reset-link` run in-process against a temporary database.
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/passwords";
import { runCli } from "../../src/cli/run";
import { openDatabase, type AppDatabase } from "../../src/db/client";
import { auditLog, countries, userCountries, users } from "../../src/db/schema";
import { makeTempDir } from "../support/app";

interface Run {
  code: number;
  out: string;
  err: string;
}

describe("the users commands", () => {
  const dataDir = makeTempDir("cna-cli-");
  const env = { NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, BASE_URL: "https://cna.example.org" };
  let database: AppDatabase;

  async function cli(argv: string[], stdin = ""): Promise<Run> {
    let out = "";
    let err = "";
    const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => stdin }, env);
    return { code, out, err };
  }

  const userRow = (email: string) => database.db.select().from(users).where(eq(users.email, email)).get();

  beforeAll(() => {
    database = openDatabase(path.join(dataDir, "cna.sqlite"));
    database.db
      .insert(countries)
      .values({ iso3: "LAO", m49: "418", name: "Lao People's Democratic Republic", region: "Asia", subregion: "South-eastern Asia", groups: ["LDC", "LLDC"] })
      .run();
  });
  afterAll(() => database.close());

  it("creates an administrator with a generated one-time password, printed once, that must be changed", async () => {
    const run = await cli(["users", "create", "--email", "Root@Example.org", "--role", "admin", "--name", "Root"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Created admin root@example.org");
    const password = /One-time password[^:]*: (\S+)/.exec(run.out)![1];
    const row = userRow("root@example.org")!;
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect(row.passwordHash).not.toContain(password);
  });

  it("creates a focal point with countries and a password from standard input", async () => {
    const run = await cli(
      ["users", "create", "--email", "focal@example.org", "--role", "focal_point", "--country", "lao", "--password-stdin"],
      "a chosen passphrase\n",
    );
    expect(run.code).toBe(0);
    expect(run.out).not.toContain("One-time password");
    const row = userRow("focal@example.org")!;
    expect(row.mustChangePassword).toBe(false);
    expect(await verifyPassword("a chosen passphrase", row.passwordHash)).toBe(true);
    expect(
      database.db
        .select()
        .from(userCountries)
        .where(eq(userCountries.userId, row.id))
        .all()
        .map((r) => r.countryIso3),
    ).toEqual(["LAO"]);
  });

  it("explains invalid input in English and exits with 2", async () => {
    const badRole = await cli(["users", "create", "--email", "x@example.org", "--role", "superuser"]);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain("--role: Choose one of the roles.");
    const badCountry = await cli(["users", "create", "--email", "y@example.org", "--role", "focal_point", "--country", "ZZZ"]);
    expect(badCountry.err).toContain("--country: Unknown country codes: ZZZ.");
    const duplicate = await cli(["users", "create", "--email", "focal@example.org", "--role", "expert"]);
    expect(duplicate.err).toContain("--email: There is already an account with this e-mail address.");
    const shortPassword = await cli(["users", "create", "--email", "z@example.org", "--role", "expert", "--password-stdin"], "short\n");
    expect(shortPassword.err).toContain("12 to 200 characters");
    expect(userRow("x@example.org") ?? userRow("y@example.org") ?? userRow("z@example.org")).toBeUndefined();
  });

  it("lists the accounts as a table and as JSON", async () => {
    const table = await cli(["users", "list"]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/root@example\.org\s+admin\s+-\s+must change password\s+Root/);
    expect(table.out).toMatch(/focal@example\.org\s+focal_point\s+LAO\s+active/);
    const json = JSON.parse((await cli(["users", "list", "--json"])).out) as Array<Record<string, unknown>>;
    expect(json.find((u) => u.email === "focal@example.org")).toMatchObject({ role: "focal_point", countries: ["LAO"], isDisabled: false });
  });

  it("disables and enables an account, and refuses to disable the last administrator", async () => {
    expect((await cli(["users", "disable", "--email", "focal@example.org"])).code).toBe(0);
    expect(userRow("focal@example.org")!.disabledAt).not.toBeNull();
    expect((await cli(["users", "enable", "--email", "focal@example.org"])).code).toBe(0);
    expect(userRow("focal@example.org")!.disabledAt).toBeNull();
    const last = await cli(["users", "disable", "--email", "root@example.org"]);
    expect(last.code).toBe(2);
    expect(last.err).toContain("last active administrator");
    expect((await cli(["users", "disable", "--email", "nobody@example.org"])).err).toContain("there is no account nobody@example.org");
  });

  it("prints a single-use reset link on the configured address", async () => {
    const run = await cli(["users", "reset-link", "--email", "focal@example.org"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/https:\/\/cna\.example\.org\/reset\/[A-Za-z0-9_-]{43}/);
    expect(run.err).toBe("");
  });

  it("warns once on standard error when BASE_URL is unset, and prints the link on the local address", async () => {
    let out = "";
    let err = "";
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), readStdin: async () => "" };
    const code = await runCli(["users", "reset-link", "--email", "focal@example.org"], io, { ...env, BASE_URL: "", PORT: "3999" });
    expect(code).toBe(0);
    expect(out).toMatch(/http:\/\/localhost:3999\/reset\/[A-Za-z0-9_-]{43}/);
    expect(err.match(/BASE_URL is not set/g)).toHaveLength(1);
  });

  it("records what it did in the audit log as the command line", () => {
    const entries = database.db.select().from(auditLog).all();
    expect(entries.filter((e) => e.actorLabel === "command line").map((e) => e.action)).toEqual([
      "user.create",
      "user.create",
      "user.disable",
      "user.enable",
      "password_reset.issue",
      "password_reset.issue",
    ]);
  });
});
