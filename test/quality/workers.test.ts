// WEB_CONCURRENCY=2: the real server, a primary and two worker processes over one database, driven over HTTP. Every
// request opens its own connection (`connection: close`), so the primary hands consecutive requests to alternate
// workers; which worker answered is read from the access log (each worker's lines carry its id).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContext } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { queueInvitationMail } from "../../src/mail/service";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { startChildApp, type ChildApp } from "../support/child-app";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const ADMIN = { email: "workers@example.org", password: "workers-test-password" };
const MESSAGES = 12;

interface LogLine {
  worker?: number;
  pid?: number;
  msg?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

function logLines(app: ChildApp): LogLine[] {
  return app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The workers whose access log shows `method url` answered with `status`. */
function workersThatAnswered(app: ChildApp, method: string, url: string, status: number, after = 0): Set<number> {
  return new Set(
    logLines(app)
      .slice(after)
      .filter((l) => l.req?.method === method && l.req.url === url && l.res?.statusCode === status && l.worker !== undefined)
      .map((l) => l.worker!),
  );
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, attempts = 600): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A browser without JavaScript whose every request opens a new connection. */
class Client {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: string, path: string, form?: Record<string, string>, cookie = this.cookieHeader()): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: "manual",
      headers: { connection: "close", cookie, ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, text: await res.text() };
  }

  /** The CSRF token of `path`'s form. */
  async csrf(path: string): Promise<string> {
    const page = await this.request("GET", path);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  }
}

describe("two worker processes (WEB_CONCURRENCY=2)", () => {
  const dataDir = makeTempDir();
  const env = { DATA_DIR: dataDir, SEED_DEMO: "false", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  let smtp: TestSmtpServer;
  let app: ChildApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Mail queued before the start, in the data folder the server will use: the outbox is drained at once.
    const setup = await buildContext(loadConfig({ ...env, NODE_ENV: "test", LOG_LEVEL: "silent" }));
    const assessment = anAssessment(setup, { status: "open" });
    for (let i = 0; i < MESSAGES; i++) anInvitation(setup, assessment, { email: `person${i}@example.org`, language: "en" });
    expect(queueInvitationMail(setup, assessment.owner, assessment.id, "invitation", { scope: "unsent" }).queued).toBe(MESSAGES);
    setup.database.close();
    app = await startChildApp({ ...env, WEB_CONCURRENCY: "2", SMTP_URL: smtp.url, MAIL_FROM: "cna@example.org" });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await smtp?.close();
  });

  it("serves one session from both workers, and a sign-out on one ends it on the other", async () => {
    const client = new Client(app.url);
    const signIn = await client.request("POST", "/sign-in", { _csrf: await client.csrf("/sign-in"), ...ADMIN });
    expect(signIn.status).toBe(303);
    const signedIn = client.cookieHeader();
    const before = logLines(app).length;
    for (let i = 0; i < 12; i++) expect((await client.request("GET", "/admin/users")).status).toBe(200);
    expect(workersThatAnswered(app, "GET", "/admin/users", 200, before)).toEqual(new Set([1, 2]));

    const signOut = await client.request("POST", "/sign-out", { _csrf: await client.csrf("/admin/users") });
    expect(signOut.status).toBe(303);
    const after = logLines(app).length;
    // The signed-out session's cookie, sent again on both workers, no longer signs anyone in.
    for (let i = 0; i < 12; i++) expect((await client.request("GET", "/admin/users", undefined, signedIn)).status).toBe(303);
    expect(workersThatAnswered(app, "GET", "/admin/users", 303, after)).toEqual(new Set([1, 2]));
  });

  it("sends each queued message exactly once", async () => {
    const database = openDatabase(`${dataDir}/cna.sqlite`, { migrate: false });
    try {
      await until("the outbox to be sent", () => database.sqlite.prepare("select count(*) from outbox where status = 'sent'").pluck().get() === MESSAGES);
    } finally {
      database.close();
    }
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(MESSAGES);
    expect(new Set(ids).size).toBe(MESSAGES);
    // Only the primary drains the outbox: no worker logged a sending.
    expect(logLines(app).filter((l) => l.msg === "mail: sent" && l.worker !== undefined)).toEqual([]);
  });

  it("restarts a worker that dies, and /healthz answers from every worker", async () => {
    const started = () => logLines(app).filter((l) => l.msg === "worker started");
    const victim = started()[0];
    process.kill(victim.pid!, "SIGKILL");
    const replacement = await until("a worker started in its place", () => started().find((l) => l.worker! > 2));
    expect(logLines(app).find((l) => l.msg === "worker exited; starting another")).toMatchObject({ worker: victim.worker, signal: "SIGKILL" });
    // Requests reach the new worker too.
    await until("the new worker to answer", async () => {
      await new Client(app.url).request("GET", "/sign-in");
      return workersThatAnswered(app, "GET", "/sign-in", 200).has(replacement.worker!);
    });
    for (let i = 0; i < 6; i++) {
      const health = await fetch(`${app.url}/healthz`, { headers: { connection: "close" } });
      expect(await health.json()).toEqual({ status: "ok" });
    }
  });

  it("counts failed sign-ins across workers: the address's ceiling holds whichever worker answers", async () => {
    // 30 failures per address per quarter of an hour (decision 008), each under another unknown address so that
    // only the address's count grows; spread over both workers, they must still add up to the ceiling.
    const client = new Client(app.url);
    const csrf = await client.csrf("/sign-in");
    const before = logLines(app).length;
    for (let i = 0; i < 30; i++) {
      const reply = await client.request("POST", "/sign-in", { _csrf: csrf, email: `guess${i}@example.org`, password: "not the password at all" });
      expect(reply.status).toBe(400);
    }
    expect(workersThatAnswered(app, "POST", "/sign-in", 400, before).size).toBe(2);
    // Even the right password now waits, on either worker.
    for (let i = 0; i < 4; i++) expect((await client.request("POST", "/sign-in", { _csrf: csrf, ...ADMIN })).status).toBe(429);
    expect(workersThatAnswered(app, "POST", "/sign-in", 429, before).size).toBe(2);
  });

  it("stops every worker, then itself, on SIGTERM to the primary", async () => {
    const pids = logLines(app)
      .filter((l) => l.msg === "worker started")
      .map((l) => l.pid!);
    expect(await app.stop("SIGTERM")).toBe(0);
    const lines = logLines(app);
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" });
    expect(lines.at(-1)!.worker).toBeUndefined();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
