// The first start's one-time administrator password: printed once as a framed block with the sign-in address, never
// in a log line (docs/logging.md).
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildContext, prepareFirstRun } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/web/logger";
import { makeTempDir } from "../support/app";

class CapturedLog extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

describe("the first start", () => {
  it("prints the one-time password in a framed block with the sign-in address, and logs only that an account was made", async () => {
    const log = new CapturedLog();
    const config = loadConfig({ DATA_DIR: makeTempDir(), LOG_LEVEL: "info", SEED_DEMO: "false", BASE_URL: "https://cna.example.org/" });
    const context = await buildContext(config, { logger: createLogger("info", { destination: log }) });
    let printed = "";
    try {
      prepareFirstRun(context, (text) => (printed += text));
      const password = /Password: +(\S+)/.exec(printed)?.[1];
      expect(password).toMatch(/^(\S{4}-){4}\S{4}$/);
      expect(printed).toContain("Sign in at:  https://cna.example.org/sign-in");
      expect(printed).toContain("Email:       admin@example.org");
      const frame = printed.trim().split("\n");
      expect(frame[0]).toMatch(/^\+-+\+$/);
      expect(frame.at(-1)).toBe(frame[0]);
      expect(frame.slice(1, -1).every((line) => line.startsWith("| ") && line.endsWith(" |") && line.length === frame[0].length)).toBe(true);
      expect(log.text).toContain("admin@example.org");
      expect(log.text).toContain("printed on the terminal");
      expect(log.text).not.toContain(password!);
      for (const group of password!.split(/[\s-]+/).filter((g) => g.length >= 4)) expect(log.text).not.toContain(group);

      printed = "";
      prepareFirstRun(context, (text) => (printed += text));
      expect(printed).toBe("");
    } finally {
      context.database.close();
    }
  });
});
