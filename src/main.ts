// Start-up: config → database (migrated) → demo seed → app → listen; graceful shutdown on SIGTERM/SIGINT.
import type { Server } from "node:http";
import { ConfigError, loadConfig } from "./config";
import { buildContext, prepareFirstRun } from "./bootstrap";
import { createApp } from "./app";
import { acquireDatabaseLock, DatabaseInUseError } from "./db/database-lock";
import { startBackgroundCheckpoints } from "./db/checkpointer";
import { createHttpServer } from "./web/http-server";
import { backgroundWork } from "./background";
import { sweepEvidence } from "./evidence/service";
import { warmRenderThread } from "./reports/render-pool";

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
  const app = createApp(context);
  // Deadlines, scheduled reminders and the outbox: started with the app, stopped before the database closes.
  const background = backgroundWork(context);
  background.start();
  if (!config.smtpUrl) logger.warn("SMTP_URL is not set: mail waits in the outbox (each assessment's Mail page, with a mail-merge CSV)");
  const server: Server = createHttpServer(app).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info({ port, database: config.databasePath }, `Capacity Needs Assessment is ready: open ${config.baseUrl.replace(/:\d+$/, `:${port}`)}`);
    // The report rendering thread loads its renderers and fonts now, in the background: the first PDF does not wait.
    warmRenderThread();
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
    server.close(async () => {
      await background.stop();
      await checkpoints?.stop();
      database.close();
      releaseDatabaseLock();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn("requests still running after 10 s; closing anyway");
      database.close();
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
