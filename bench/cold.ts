// Cold paths (issue 25): the app started twice on a fresh data folder, as `npm start` runs it (src/start.mjs), each start timed
// from the process's spawn to its first answer on /healthz (the first start seeds the demo; the second is any later
// start), then the first PDF of the demo's open round after the second start (signed in as the administrator).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { projectRoot } from "../src/config";

export interface ColdFigures {
  firstStartMs: number;
  secondStartMs: number;
  firstPdfMs: number;
  pdfBytes: number;
}

const ADMIN = { email: "cold-admin@example.org", password: "cold-bench-password-2026" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function start(dataDir: string, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ["src/start.mjs"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "silent",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      WEB_CONCURRENCY: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error("the app exited before it answered /healthz");
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { child, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const signedIn = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ _csrf: csrf, email: ADMIN.email, password: ADMIN.password }),
  });
  return signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export async function coldPaths(): Promise<ColdFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cna-bench-cold-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await start(dataDir, port);
  await stop(first.child);
  const second = await start(dataDir, port);
  try {
    const cookie = await signIn(base);
    // The demo's open round (its report is live: scored and rendered on this first request).
    const database = new Database(path.join(dataDir, "cna.sqlite"), { readonly: true });
    const id = database.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    database.close();
    const started = performance.now();
    const reply = await fetch(`${base}/assessments/${id}/report.pdf?lang=en`, { headers: { cookie } });
    const body = Buffer.from(await reply.arrayBuffer());
    const firstPdfMs = performance.now() - started;
    if (reply.status !== 200 || body.subarray(0, 5).toString("latin1") !== "%PDF-") throw new Error(`the first PDF answered ${reply.status}`);
    return { firstStartMs: first.ms, secondStartMs: second.ms, firstPdfMs, pdfBytes: body.length };
  } finally {
    await stop(second.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, "bench/cold.ts")) {
  console.log(await coldPaths());
}
