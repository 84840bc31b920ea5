import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("uses the documented defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.databasePath).toBe(path.join(path.resolve("data"), "cna.sqlite"));
    expect(config.seedDemo).toBe(true);
    expect(config.baseUrl).toBe("http://localhost:3000");
  });

  it("puts the database under DATA_DIR unless DATABASE_PATH says otherwise", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/cna-x" }).databasePath).toBe("/tmp/cna-x/cna.sqlite");
    expect(loadConfig({ DATA_DIR: "/tmp/cna-x", DATABASE_PATH: "/srv/db.sqlite" }).databasePath).toBe("/srv/db.sqlite");
  });

  it("names each bad variable with what it expects", () => {
    const problems = problemsOf({ PORT: "eighty", SEED_DEMO: "maybe", BASE_URL: "not a url", NODE_ENV: "staging" });
    expect(problems.find((p) => p.startsWith("PORT:"))).toMatch(/must be a number.*"eighty"/);
    expect(problems.find((p) => p.startsWith("SEED_DEMO:"))).toMatch(/true or false/);
    expect(problems.find((p) => p.startsWith("BASE_URL:"))).toMatch(/absolute URL/);
    expect(problems.find((p) => p.startsWith("NODE_ENV:"))).toMatch(/development, production or test/);
  });

  it("refuses a port out of range and a short admin password", () => {
    expect(problemsOf({ PORT: "70000" })[0]).toMatch(/^PORT: must be 0-65535/);
    expect(problemsOf({ ADMIN_PASSWORD: "short" })[0]).toMatch(/^ADMIN_PASSWORD: must be at least 12 characters/);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", SEED_DEMO: "" }).port).toBe(3000);
  });

  it("turns SEED_DEMO=false into false", () => {
    expect(loadConfig({ SEED_DEMO: "false" }).seedDemo).toBe(false);
  });

  it("serves with one process per core by default, one in tests, or WEB_CONCURRENCY", () => {
    expect(loadConfig({}).webConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ NODE_ENV: "test" }).webConcurrency).toBe(1);
    expect(loadConfig({ NODE_ENV: "test", WEB_CONCURRENCY: "3" }).webConcurrency).toBe(3);
    expect(problemsOf({ WEB_CONCURRENCY: "0" })[0]).toMatch(/^WEB_CONCURRENCY: must be at least 1/);
    expect(problemsOf({ WEB_CONCURRENCY: "two" })[0]).toMatch(/^WEB_CONCURRENCY: must be a number/);
  });
});
