// 100,000 respondents (issue 25): one data folder holding a 100,000-respondent assessment and a 10,000-respondent one
// (in countries of different peer groups, so that neither report scores the other), each respondent answering every
// item of the default instrument (12.8 million answers and their revisions, plus 1.3 million), seeded once with
// prepared statements in one transaction each and kept under the bench data folder (BENCH_DATA_DIR, default
// .tmp/bench-data) until the migrations change. Measured in the same run: the report model at
// 100,000 against 10,000 (linear: ≤ 11×), the PDF of the 100,000 in a fresh process (time and peak memory),
// autosaves served over that database against a small one (alternately, within 20%), the database's size and the
// time of an online backup (the app's own `db backup`, SQLite's backup API).
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createInvitation } from "../src/assessments/service";
import { findAssessment } from "../src/assessments/repository";
import { buildContext, prepareFirstRun } from "../src/bootstrap";
import { loadConfig, projectRoot } from "../src/config";
import { backupDatabase } from "../src/db/backup";
import { adminActor } from "../src/demo/actor";
import { buildReportModel } from "../src/reports/build";
import { seedLargeAssessment } from "./fixtures";
import type { RecordRow } from "./workers";

const ADMIN = { email: "bench-admin@example.org", password: "bench-password-2026" };
/** The two sizes (BENCH_SCALE=2000,200 tries the measurements on a small folder first). */
const [LARGE, SMALL] = (process.env.BENCH_SCALE ?? "100000,10000").split(",").map(Number);
const SAVE_CONNECTIONS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function configOf(dataDir: string) {
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
}

/** The seeded folder for these migrations: made once, then reused by every later run. */
async function seededFolder(): Promise<{ dataDir: string; large: number; small: number; seededNow: boolean }> {
  const root = process.env.BENCH_DATA_DIR ?? path.join(projectRoot, ".tmp", "bench-data");
  const migrations = fs.readdirSync(path.join(projectRoot, "src/db/migrations")).filter((f) => f.endsWith(".sql")).length;
  // Kept until the migrations change: a newer instrument does not matter (the seeded rounds keep the version they pinned).
  const dataDir = path.join(root, `scale-${LARGE}-m${migrations}`);
  const done = path.join(dataDir, "seeded.json");
  if (fs.existsSync(done)) return { ...(JSON.parse(fs.readFileSync(done, "utf8")) as { large: number; small: number }), dataDir, seededNow: false };
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const context = await buildContext(configOf(dataDir));
  prepareFirstRun(context, () => undefined);
  // Bulk writes: no fsync per transaction while seeding (a bench folder, rebuilt if a crash interrupts it).
  context.database.sqlite.pragma("synchronous = OFF");
  let started = Date.now();
  const small = seedLargeAssessment(context, SMALL, { country: "NPL", round: `bench-${SMALL}` });
  console.log(`seeded ${SMALL.toLocaleString("en")} respondents in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  started = Date.now();
  const large = seedLargeAssessment(context, LARGE, { country: "CHL", round: `bench-${LARGE}`, organisations: 400 });
  console.log(`seeded ${LARGE.toLocaleString("en")} respondents in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  context.database.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  context.database.close();
  fs.writeFileSync(done, JSON.stringify({ large, small }));
  return { dataDir, large, small, seededNow: true };
}

interface SaveServer {
  base: string;
  child: ChildProcess;
  requests: autocannon.Request[];
}

/** The bench server (the app in its own process, demo seeded) on `dataDir`, with 50 respondents ready to autosave. */
async function saveServer(dataDir: string): Promise<SaveServer> {
  const env = { ...process.env, DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  const child = fork(path.join(projectRoot, "bench/server.ts"), [], { env, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { appPort } = await new Promise<{ appPort: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { appPort: number }));
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${appPort}`;
  const context = await buildContext(configOf(dataDir));
  try {
    const assessmentId = context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const assessment = findAssessment(context.database.db, assessmentId)!;
    const organisationId = context.database.sqlite
      .prepare("select id from organisations where assessment_id = ? order by id limit 1")
      .pluck()
      .get(assessmentId) as number;
    const dimension = context.instruments.pinned(context.database, assessment.instrumentVersion).levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0].id;
    const requests: autocannon.Request[] = [];
    for (let i = 0; i < SAVE_CONNECTIONS; i++) {
      const { token } = createInvitation(context, adminActor(context.database), assessmentId, { organisationId, levels: ["organisational"], language: "en" });
      const res = await fetch(`${base}/r/${token}/p/${dimension.id}`);
      const html = await res.text();
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
      for (let n = 0; n < 6; n++) {
        requests.push({
          method: "POST",
          path: `/r/${token}/autosave`,
          headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
          body: JSON.stringify({ [`current.${item}`]: String(n % 6), [`target.${item}`]: "5", [`importance.${item}`]: "2" }),
        });
      }
    }
    return { base, child, requests };
  } finally {
    context.database.close();
  }
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

async function saveSlice(server: SaveServer, seconds: number): Promise<{ requests: number; seconds: number; errors: number }> {
  await cannon({ url: server.base, connections: SAVE_CONNECTIONS, duration: 2, requests: server.requests });
  const result = await cannon({ url: server.base, connections: SAVE_CONNECTIONS, duration: seconds, requests: server.requests });
  return { requests: result.requests.total, seconds: result.duration, errors: result.errors + result.non2xx + result.timeouts };
}

/** Runs the child that builds one report model and renders its PDF (bench/pdf-process.ts) and returns its figures. */
function pdfInChild(dataDir: string, id: number) {
  type PdfFigures = { ms: number; modelMs: number; renderMs: number; rssMb: number; baselineMb: number; pages: number; bytes: number };
  return new Promise<PdfFigures>((resolve, reject) => {
    const child = fork(path.join(projectRoot, "bench/pdf-process.ts"), [String(id)], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false" },
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("message", (m) => resolve(m as PdfFigures));
    child.once("exit", (code) => code !== 0 && reject(new Error(`PDF benchmark process exited with ${code}`)));
  });
}

export async function scaleBenchmarks({ record, duration }: { record: RecordRow; duration: number }): Promise<void> {
  const started = Date.now();
  const { dataDir, large, small, seededNow } = await seededFolder();
  const seedSeconds = (Date.now() - started) / 1000;
  const context = await buildContext(configOf(dataDir));
  const { sqlite } = context.database;
  const answers = sqlite
    .prepare("select count(*) from answers a join responses r on r.id = a.response_id where r.assessment_id = ?")
    .pluck()
    .get(large) as number;

  // The report model at both sizes, alternately (median of three each, after one of each to warm up).
  const largeAssessment = findAssessment(context.database.db, large)!;
  const smallAssessment = findAssessment(context.database.db, small)!;
  const times = { large: [] as number[], small: [] as number[] };
  for (let i = 0; i < 4; i++) {
    let t = performance.now();
    buildReportModel(context, smallAssessment, { language: "en" });
    if (i > 0) times.small.push(performance.now() - t);
    t = performance.now();
    buildReportModel(context, largeAssessment, { language: "en" });
    if (i > 0) times.large.push(performance.now() - t);
  }
  const [largeMs, smallMs] = [median(times.large), median(times.small)];
  record(
    `(g) report model, ${LARGE.toLocaleString("en")} respondents × default instrument`,
    `${largeMs.toFixed(0)} ms, ${(largeMs / smallMs).toFixed(1)}× the ${SMALL.toLocaleString("en")}-respondent model (${smallMs.toFixed(0)} ms) in the same run; ${answers.toLocaleString("en")} answers`,
    "≤ 11× the 10,000-respondent time",
    largeMs <= 11 * smallMs,
  );

  // Size, and an online backup as `npm run cli -- db backup` makes it.
  const databasePath = context.config.databasePath;
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const size = fs.statSync(databasePath).size;
  context.database.close();
  const backupFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cna-bench-backup-")), "backup.sqlite");
  let t = performance.now();
  const backup = await backupDatabase(databasePath, backupFile);
  const backupMs = performance.now() - t;
  fs.rmSync(path.dirname(backupFile), { recursive: true, force: true });
  record(
    `(g) database with ${LARGE.toLocaleString("en")} + ${SMALL.toLocaleString("en")} respondents: size and online backup`,
    `${(size / 2 ** 30).toFixed(2)} GiB; backup ${(backupMs / 1000).toFixed(1)} s (${(backup.bytes / 2 ** 30).toFixed(2)} GiB)${seededNow ? `; seeded in ${seedSeconds.toFixed(0)} s (kept for later runs)` : ""}`,
    "recorded",
    true,
  );

  // The PDF of the 100,000-respondent assessment: model and rendering, in a fresh process (its own peak memory).
  const pdf = await pdfInChild(dataDir, large);
  record(
    `(g) PDF of the ${LARGE.toLocaleString("en")}-respondent assessment (model + render, fresh process)`,
    `${pdf.ms.toFixed(0)} ms (model ${pdf.modelMs.toFixed(0)} ms + PDF ${pdf.renderMs.toFixed(0)} ms), ${pdf.rssMb.toFixed(0)} MB peak RSS (process at start ${pdf.baselineMb.toFixed(0)} MB), ${pdf.pages} pages`,
    "< 3,000 ms and < 500 MB",
    pdf.ms < 3000 && pdf.rssMb < 500,
  );

  // Autosaves over that database against a fresh small one, alternately, each server in its own process.
  t = performance.now();
  const smallDir = fs.mkdtempSync(path.join(os.tmpdir(), "cna-bench-small-"));
  const servers = { large: await saveServer(dataDir), small: await saveServer(smallDir) };
  try {
    const slices = { large: [] as Awaited<ReturnType<typeof saveSlice>>[], small: [] as Awaited<ReturnType<typeof saveSlice>>[] };
    const sliceSeconds = Math.max(3, Math.ceil(duration / 2));
    for (let i = 0; i < 2; i++) {
      slices.small.push(await saveSlice(servers.small, sliceSeconds));
      slices.large.push(await saveSlice(servers.large, sliceSeconds));
    }
    const rate = (list: typeof slices.large) => list.reduce((n, s) => n + s.requests, 0) / list.reduce((n, s) => n + s.seconds, 0);
    const errors = [...slices.large, ...slices.small].reduce((n, s) => n + s.errors, 0);
    const [largeRate, smallRate] = [rate(slices.large), rate(slices.small)];
    record(
      `(g) autosave on the ${LARGE.toLocaleString("en")}-respondent database`,
      `${Math.round(largeRate)} saves/s against ${Math.round(smallRate)} on a small database in the same minutes (${((largeRate / smallRate) * 100).toFixed(0)}%), ${errors} errors`,
      "within 20% of the small database's, no errors",
      largeRate >= 0.8 * smallRate && errors === 0,
    );
  } finally {
    for (const server of Object.values(servers)) server.child.kill("SIGTERM");
    fs.rmSync(smallDir, { recursive: true, force: true });
  }
}
