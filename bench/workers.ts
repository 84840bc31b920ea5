// Every core (issue 25, decision 015): the questionnaire page and autosaves served by the real app (`src/main.ts`,
// production settings, demo data) with WEB_CONCURRENCY=2 against WEB_CONCURRENCY=1, in the same run. The two are
// started in turn on the same data folder (one app per database: the lock), alternately, in slices, so that both see
// the same minutes of the machine's drifting speed. Target on 2 cores: ≥ 1.6× one process, no error (every save
// acknowledged); that nothing acknowledged is lost when the processes are killed is test/quality/crash-safety.test.ts.
// Meaningful on a quiet machine only: Linux shares CPU time between sessions (autogroup), so on a machine busy with
// other sessions' work a second worker in this session gets no more CPU time, only a share of the same (measured on
// the shared development machine at a load average of 11: both workers at a fifth of a core each, the one process at
// half a core). The load generator shares the cores too, as in the other load measures.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createInvitation } from "../src/assessments/service";
import { buildContext } from "../src/bootstrap";
import { loadConfig, projectRoot } from "../src/config";
import { adminActor } from "../src/demo/actor";
import { figuresOf } from "./load-figures";

export type RecordRow = (name: string, figure: string, target: string, ok: boolean) => void;

export interface WorkerBenchOptions {
  record: RecordRow;
  /** Seconds of measured load per measure and configuration, split into the slices. */
  duration: number;
  connections: number;
}

const SLICES = 2;
const WARM_UP_SECONDS = 2;
/** After a start, longer: every worker compiles its path and warms its report rendering thread, in the same seconds. */
const START_WARM_UP_SECONDS = 6;
const WORKERS = 2;
const TARGET_RATIO = 1.6;

interface RunningApp {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU seconds used so far by `pid` and its child processes (threads included), from /proc. */
function cpuSeconds(pid: number): number {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    // No child: pgrep exits 1.
  }
  let total = 0;
  for (const p of [pid, ...children]) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/**
 * Waits until the app is idle (under a tenth of a core over a second, at most 60 s): after a start, each worker
 * warms its report rendering thread (renderers and fonts), which would otherwise be measured as load on the first
 * measure, twice with two workers.
 */
async function settle(app: RunningApp): Promise<void> {
  if (!fs.existsSync(`/proc/${app.pid}/stat`)) return;
  for (let i = 0; i < 60; i++) {
    const before = cpuSeconds(app.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpuSeconds(app.pid) - before < 0.1) return;
  }
}

/** `npm start` as an operator runs it, with WEB_CONCURRENCY=`processes`; resolves once every worker listens. */
function startApp(dataDir: string, processes: number): Promise<RunningApp> {
  const child: ChildProcess = fork(path.join(projectRoot, "src/main.ts"), [], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      PORT: "0",
      DATA_DIR: dataDir,
      SEED_DEMO: "true",
      ADMIN_EMAIL: "bench-admin@example.org",
      ADMIN_PASSWORD: "bench-password-2026",
      WEB_CONCURRENCY: String(processes),
    },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the app (WEB_CONCURRENCY=${processes}) exited with ${code} before it was ready`)));
    child.on("message", (message) => {
      const { ready, port } = message as { ready?: boolean; port?: number };
      if (!ready) return;
      child.removeAllListeners("exit");
      resolve({
        base: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

export async function workerBenchmarks({ record, duration, connections }: WorkerBenchOptions): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cna-bench-workers-"));
  // The first start migrates and seeds the demo; the respondents are made once, their cookies hold across restarts.
  let app = await startApp(dataDir, 1);
  const context = await buildContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false", NODE_ENV: "production" }));
  const assessmentId = context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
  const organisationId = context.database.sqlite
    .prepare("select id from organisations where assessment_id = ? order by id limit 1")
    .pluck()
    .get(assessmentId) as number;
  const version = context.database.sqlite.prepare("select instrument_version from assessments where id = ?").pluck().get(assessmentId) as string;
  const dimension = context.instruments.pinned(context.database, version).levels.find((l) => l.id === "organisational")!.dimensions[0];
  const respondents: { token: string; cookie: string; csrf: string }[] = [];
  for (let i = 0; i < connections; i++) {
    const { token } = createInvitation(context, adminActor(context.database), assessmentId, { organisationId, levels: ["organisational"], language: "en" });
    const res = await fetch(`${app.base}/r/${token}/p/${dimension.id}`);
    const html = await res.text();
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    respondents.push({ token, cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1] });
  }
  context.database.close();
  const pagePath = `/r/${respondents[0].token}/p/${dimension.id}`;
  const item = dimension.items[0].id;
  const saves = Array.from({ length: respondents.length * 6 }, (_, n) => {
    const r = respondents[n % respondents.length];
    return {
      method: "POST" as const,
      path: `/r/${r.token}/autosave`,
      headers: { "content-type": "application/json", cookie: r.cookie, "x-csrf-token": r.csrf },
      body: JSON.stringify({ [`current.${item}`]: String(Math.floor(n / respondents.length) % 6), [`target.${item}`]: "5", [`importance.${item}`]: "2" }),
    };
  });

  const results: Record<"page" | "save", Record<number, autocannon.Result[]>> = { page: { 1: [], [WORKERS]: [] }, save: { 1: [], [WORKERS]: [] } };
  const seconds = Math.max(2, Math.ceil(duration / SLICES));
  // Measured with its warm-up: errors there count too.
  const measure = async (options: autocannon.Options, warmUpSeconds = WARM_UP_SECONDS): Promise<autocannon.Result> => {
    const warmUp = await cannon({ connections, ...options, duration: warmUpSeconds });
    const measured = await cannon({ connections, ...options, duration: seconds });
    measured.errors += warmUp.errors;
    measured.non2xx += warmUp.non2xx;
    measured.timeouts += warmUp.timeouts;
    return measured;
  };
  try {
    for (let slice = 0; slice < SLICES; slice++) {
      for (const processes of [1, WORKERS]) {
        if (!(slice === 0 && processes === 1)) app = await startApp(dataDir, processes);
        await settle(app);
        results.page[processes].push(await measure({ url: `${app.base}${pagePath}`, headers: { cookie: respondents[0].cookie } }, START_WARM_UP_SECONDS));
        results.save[processes].push(await measure({ url: app.base, requests: saves }));
        await app.stop();
      }
    }
  } finally {
    await app.stop();
  }

  const cores = os.availableParallelism();
  for (const [measureName, key, unit] of [
    ["questionnaire page", "page", "req/s"],
    ["answer saves (autosave)", "save", "saves/s"],
  ] as const) {
    const one = figuresOf(results[key][1]);
    const many = figuresOf(results[key][WORKERS]);
    const ratio = many.rate / one.rate;
    record(
      `(f) ${measureName}: ${WORKERS} workers against 1 process (WEB_CONCURRENCY, same run, ${connections} connections)`,
      `${Math.round(many.rate)} against ${Math.round(one.rate)} ${unit} (${ratio.toFixed(2)}×), p99 ${many.p99} against ${one.p99} ms, ${many.errors + one.errors} errors, ${cores} cores`,
      `≥ ${TARGET_RATIO}× one process on 2 cores, no errors`,
      ratio >= TARGET_RATIO && many.errors + one.errors === 0,
    );
  }
}
