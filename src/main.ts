// Start-up: config → database (migrated) → demo seed → app → listen; graceful shutdown on SIGTERM/SIGINT. With
// WEB_CONCURRENCY above 1 this process is the primary: it does the once-only work, then forks the workers that serve
// (src/workers.ts), and a worker started by it runs `runWorker` only.
import { ConfigError, loadConfig } from "./config";
import { buildContext, prepareFirstRun } from "./bootstrap";
import { acquireDatabaseLock, DatabaseInUseError } from "./db/database-lock";
import { startBackgroundCheckpoints } from "./db/checkpointer";
import { backgroundWork } from "./background";
import { sweepEvidence } from "./evidence/service";
import { warmRenderThread } from "./reports/render-pool";
import { isWorkerProcess, logReady, runWorker, serve, startWorkers } from "./workers";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (isWorkerProcess()) return runWorker(config);
  // One app per database file: taken before the database is opened, so a second start neither migrates nor seeds it.
  let releaseDatabaseLock: () => void;
  try {
    releaseDatabaseLock = acquireDatabaseLock(config.databasePath);
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const context = await buildContext(config);
  const { logger, database } = context;
  prepareFirstRun(context);
  // Files of uploads a crash interrupted, and of removed attachments, go before any request is served.
  const swept = sweepEvidence(database, config);
  if (swept.temporary || swept.orphans) logger.info(swept, "evidence files no longer referenced were removed");
  const checkpoints = startBackgroundCheckpoints(database, config.databasePath, {
    onReport: (report) => {
      if (report.error) logger.warn({ error: report.error }, "background WAL checkpoint failed; SQLite's own checkpoints take over");
    },
  });
  // Deadlines, scheduled reminders and the outbox: started with the app, stopped before the database closes; in this
  // process only, however many serve.
  const background = backgroundWork(context);
  background.start();
  if (!config.smtpUrl) logger.warn("SMTP_URL is not set: mail waits in the outbox (each assessment's Mail page, with a mail-merge CSV)");
  const stopOnceOnly = async () => {
    await background.stop();
    await checkpoints?.stop();
  };

  if (config.webConcurrency === 1) {
    serve(context, {
      onListening: (port) => {
        logReady(logger, config, port);
        // The report rendering thread loads its renderers and fonts now, in the background: the first PDF does not wait.
        void warmRenderThread();
      },
      beforeExit: async () => {
        await stopOnceOnly();
        releaseDatabaseLock();
      },
    });
    return;
  }

  const workers = startWorkers(logger, config.webConcurrency, (port) => logReady(logger, config, port, { workers: config.webConcurrency }));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: stopping the workers, which finish their requests in flight");
    // Also what keeps this process alive meanwhile: with the workers gone, no other handle of it is referenced.
    setTimeout(() => {
      logger.warn("still stopping after 15 s; exiting anyway");
      process.exit(1);
    }, 15_000);
    await workers.stop();
    await stopOnceOnly();
    database.close();
    releaseDatabaseLock();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
