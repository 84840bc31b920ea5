// No secret reaches a log line or the audit log: the app runs at info, debug and trace with its log captured while a
// session signs in, invitation links are opened and imported, a reset link is used and the API is called with a
// bearer token; then every captured line and audit row is searched for every secret used.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/api-tokens";
import { issuePasswordReset } from "../../src/auth/password-resets";
import { listInvitations } from "../../src/assessments/repository";
import { tokenFromSeed } from "../../src/assessments/tokens";
import { createLogger } from "../../src/web/logger";
import { redactText, redactUrl } from "../../src/log-redaction";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { Browser, insertUser, PASSWORD, startApp, type AuthTestApp } from "../auth/support";

const NEW_PASSWORD = "Quartz lantern tugboat 71 meadow";

class CapturedLog extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  }
}

let app: AuthTestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Every form a secret can take in a line: as sent, percent-encoded, and (for a signed cookie) the session id alone. */
function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const signed = /^s:([^.]+)\./.exec(decodeURIComponent(secret));
  if (signed) forms.add(signed[1]);
  return [...forms].filter((s) => s.length >= 8);
}

async function upload(browser: Browser, path: string, csrf: string, file: { name: string; content: string }) {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new Blob([file.content], { type: "text/csv" }), file.name);
  const cookie = browser.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return fetch(new URL(path, browser.baseUrl), { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
}

describe.each(["info", "debug", "trace"])("logs at %s", (level) => {
  it("hold no cookie, Authorization header, invitation link, reset token, API token or password", async () => {
    const log = new CapturedLog();
    app = await startApp({
      logger: createLogger(level, { destination: log }),
      extraRoutes: [
        (express) =>
          express.get("/test/fail", (req) => {
            throw new Error(`failed while reading ${String(req.query.next)} with ${String(req.headers.authorization)}`);
          }),
      ],
    });
    const { context } = app;
    const secrets: string[] = [PASSWORD, NEW_PASSWORD];

    const admin = insertUser(context, { role: "admin" });
    const staff = new Browser(app.url);
    // A password typed into the address field is a secret too: it must not become the failed attempt's label.
    await staff.signIn(PASSWORD, "not the password");
    expect((await staff.signIn(admin.email, PASSWORD)).status).toBe(303);
    secrets.push(staff.cookie("cna.sid")!, staff.cookie("cna.csrf")!);

    const assessment = anAssessment(context, { status: "open", levels: ["organisational"] });
    const invitation = anInvitation(context, assessment);
    secrets.push(invitation.token);
    expect((await staff.get(`/assessments/${assessment.id}/invitations`)).status).toBe(200);

    // Invitations imported from a file (the CSRF token in the multipart body), and their links opened.
    const csrf = await staff.csrfTokenFor("/");
    const imported = await upload(staff, `/assessments/${assessment.id}/invitations/import`, csrf, {
      name: "invitations.csv",
      content: "organisation,levels\nMinistry of Finance,organisational\nMinistry of Health,organisational\n",
    });
    expect(imported.status).toBe(200);
    await imported.text();
    const importedTokens = listInvitations(context.database.db, assessment.id).map((i) => tokenFromSeed(context.secret, i.tokenSeed));
    expect(importedTokens.length).toBe(3);
    secrets.push(...importedTokens);

    for (const token of [invitation.token, ...importedTokens]) {
      const respondent = new Browser(app.url);
      expect((await respondent.get(`/r/${token}`)).status).toBe(200);
      expect((await respondent.get(`/r/${token}?lang=fr`)).status).toBe(200);
      expect((await respondent.post(`/r/${token}/language`, { language: "en" })).status).toBe(303);
      secrets.push(respondent.cookie("cna.rcsrf", `/r/${token}`)!);
    }

    // A reset link opened and used.
    const resetUser = insertUser(context, { role: "analyst" });
    const reset = issuePasswordReset({ database: context.database, clock: context.clock }, { label: "test" }, resetUser.id);
    secrets.push(reset.token);
    const visitor = new Browser(app.url);
    expect((await visitor.get(`/reset/${reset.token}`)).status).toBe(200);
    expect((await visitor.post(`/reset/${reset.token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(303);

    // The API with a bearer token, a wrong one, and a link and token in a query string.
    const apiToken = createApiToken(
      { database: context.database, clock: context.clock },
      { ...admin, name: "", countries: [], assessmentRoles: {}, locale: "en" },
      "log test",
    ).token;
    const wrongToken = `cna_${"Z".repeat(43)}`;
    secrets.push(apiToken, wrongToken);
    expect((await fetch(`${app.url}/api/v1/assessments`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/assessments?token=${apiToken}`, { headers: { authorization: `Bearer ${wrongToken}` } })).status).toBe(401);

    // A failing request whose URL and error message carry a link and a token: the error log.
    const failed = await staff.get(`/test/fail?next=${encodeURIComponent(`/r/${invitation.token}`)}&reset=/reset/${reset.token}`, {
      authorization: `Bearer ${apiToken}`,
    });
    expect(failed.status).toBe(500);

    const audit = context.database.sqlite.prepare("select actor_label, details, object_id from audit_log").all() as Record<string, unknown>[];
    const haystacks = [...log.lines, ...audit.map((row) => JSON.stringify(row))];
    // The log is there and readable: requests are logged with their placeholders.
    expect(log.lines.some((line) => line.includes('"url":"/r/[link]"'))).toBe(true);
    expect(log.lines.some((line) => line.includes('"url":"/reset/[token]"'))).toBe(true);
    expect(log.lines.some((line) => line.includes("request failed"))).toBe(true);
    for (const secret of secrets) {
      for (const form of formsOf(secret)) {
        const leaks = haystacks.filter((line) => line.includes(form));
        expect(leaks, `secret ${form.slice(0, 6)}… appears in the logs`).toEqual([]);
      }
    }
    for (const line of log.lines) expect(line.toLowerCase()).not.toMatch(/set-cookie|"cookie"|authorization"/);
  });
});

describe("redaction", () => {
  it("replaces links, reset tokens and API tokens in paths, queries and text", () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    expect(redactUrl(`/r/${token}/p/governance?lang=fr`)).toBe("/r/[link]/p/governance?lang=fr");
    expect(redactUrl(`/reset/${token}`)).toBe("/reset/[token]");
    expect(redactUrl(`/sign-in?next=${encodeURIComponent(`/r/${token}`)}`)).toBe(`/sign-in?next=${encodeURIComponent("/r/[link]")}`);
    expect(redactUrl(`/upload?_csrf=${token}&x=1`)).toBe("/upload?_csrf=[redacted]&x=1");
    expect(redactText(`Authorization: Bearer cna_${token}`)).toBe("Authorization: Bearer [token]");
    expect(redactText(`token cna_${token} used`)).toBe("token cna_[token] used");
    expect(redactText(`cookie cna.sid=s%3Aabc.def; cna.csrf=xyz`)).toBe("cookie cna.sid=[redacted]; cna.csrf=[redacted]");
  });
});

describe("the command line", () => {
  it("writes no link or token in its messages on standard error, errors included", () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(process.cwd(), "src/cli/main.ts"), ...args], {
        encoding: "utf8",
        env: { ...process.env, DATA_DIR: makeTempDir("cna-cli-log-"), LOG_LEVEL: "trace", NODE_ENV: "test" },
      });
    // A usage-level message (folder not found) and an unexpected error with its stack (file not found).
    const checked = run("questionnaires", "check", "--dir", `/nonexistent/r/${token}`);
    expect(checked.stderr).toContain("/r/[link]");
    const imported = run("import", "answers", `/nonexistent/reset/${token}`, "--as", "someone@example.org");
    expect(imported.status).not.toBe(0);
    for (const output of [checked, imported]) expect(output.stderr + output.stdout).not.toContain(token);
  });
});
