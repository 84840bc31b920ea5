// Several processes over the one SQLite file (WEB_CONCURRENCY, decision 015), with node:cluster: the primary migrates,
// seeds and runs everything that must run once (WAL checkpoints, deadlines, reminders, the outbox: main.ts), then
// forks the workers, which only open the database and serve requests on the one port (the primary hands each new
// connection to the next worker). A worker that dies is forked again after a delay that doubles while workers keep
// dying young; SIGTERM or SIGINT to the primary stops every worker (each finishes its requests) before the primary
// closes the database.
import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApp } from "./app";
import { buildContext } from "./bootstrap";
import type { Config } from "./config";
import type { AppContext } from "./context";
import { leaveCheckpointsToAnotherProcess } from "./db/checkpointer";
import { warmRenderThread } from "./reports/render-pool";
import { createHttpServer } from "./web/http-server";
import { createLogger } from "./web/logger";

/** The first restart waits this long; each worker death within MATURE_MS of its start doubles it, up to MAX. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 30_000;
const MATURE_MS = 60_000;
/** How long a stop waits for requests in flight before closing anyway. */
const STOP_GRACE_MS = 10_000;

export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/** The line an operator waits for, once the app listens: the URL to open (with the port really taken when PORT=0). */
export function logReady(logger: Logger, config: Config, port: number, extra: Record<string, unknown> = {}): void {
  logger.info({ port, database: config.databasePath, ...extra }, `Capacity Needs Assessment is ready: open ${config.baseUrl.replace(/:\d+$/, `:${port}`)}`);
  // A parent that started the app with an IPC channel (a supervisor, the benchmark) learns that it serves, and where.
  process.send?.({ ready: true, port });
}

/**
 * Serves the app until SIGTERM/SIGINT, then stops accepting, lets requests in flight finish, runs `beforeExit` and
 * exits. One process serving alone and each worker both serve this way.
 */
export function serve(context: AppContext, options: { onListening: (port: number) => void; beforeExit?: () => Promise<void> | void }): Server {
  const { config, logger, database } = context;
  const app = createApp(context);
  const server: Server = createHttpServer(app).listen(config.port, config.host, () => {
    const address = server.address() as AddressInfo | string | null;
    options.onListening(typeof address === "object" && address ? address.port : config.port);
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
    server.close(async () => {
      await options.beforeExit?.();
      database.close();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
    // Referenced: it also keeps the process alive while `beforeExit` waits on unreferenced handles (a worker thread).
    setTimeout(() => {
      logger.warn("requests still running after 10 s; closing anyway");
      database.close();
      process.exit(1);
    }, STOP_GRACE_MS);
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

/** A worker process: opens the (already migrated) database, serves, and leaves checkpoints to the primary. */
export async function runWorker(config: Config): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  const logger = createLogger(config.logLevel).child({ worker: id });
  const context = await buildContext(config, { logger, worker: true });
  leaveCheckpointsToAnotherProcess(context.database);
  serve(context, {
    onListening: (port) => {
      logger.debug({ port }, "worker listening");
      // Each worker renders its own report files: its rendering thread warms up as the single process's does.
      void warmRenderThread();
    },
  });
}

export interface WorkerPool {
  /** Stops every worker (each finishes its requests); resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * Forks `count` workers and keeps them running. `onReady` is called once, when every first worker listens, with the
 * port they share.
 */
export function startWorkers(logger: Logger, count: number, onReady: (port: number) => void): WorkerPool {
  let stopping = false;
  let ready = false;
  const listening = new Set<number>();
  let quickDeaths = 0;
  const startedAt = new Map<number, number>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    logger.info({ worker: worker.id, pid: worker.process.pid }, "worker started");
    return worker;
  };

  cluster.on("listening", (worker, address) => {
    listening.add(worker.id);
    if (!ready && listening.size >= count) {
      ready = true;
      onReady(address.port);
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    listening.delete(worker.id);
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) return;
    quickDeaths = lived < MATURE_MS ? quickDeaths + 1 : 0;
    const delay = Math.min(RESTART_FIRST_MS * 2 ** Math.max(0, quickDeaths - 1), RESTART_MAX_MS);
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delay }, "worker exited; starting another");
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  });

  for (let i = 0; i < count; i++) fork();

  return {
    stop() {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
      return new Promise((resolve) => {
        if (workers.length === 0) return resolve();
        let left = workers.length;
        const force = setTimeout(() => {
          logger.warn("workers still running after their grace period; killing them");
          for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGKILL");
        }, STOP_GRACE_MS + 2_000);
        for (const worker of workers) {
          worker.once("exit", () => {
            if (--left === 0) {
              clearTimeout(force);
              resolve();
            }
          });
          worker.process.kill("SIGTERM");
        }
      });
    },
  };
}
