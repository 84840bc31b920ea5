// The benchmark's server process: the real app (production settings, demo data) and, in the same process with the
// same middleware-free setup and on the same kind of server (createHttpServer), a bare express handler that serves
// as the baseline.
import express from "express";
import { createApp } from "../src/app";
import { buildContext, prepareFirstRun } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { startBackgroundCheckpoints } from "../src/db/checkpointer";
import { createHttpServer } from "../src/web/http-server";

const config = loadConfig({ ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent", SEED_DEMO: "true" });
const context = await buildContext(config);
prepareFirstRun(context);
// As src/main.ts serves: WAL checkpoints in their worker thread.
const checkpoints = startBackgroundCheckpoints(context.database, config.databasePath);
const app = createApp(context);
const bare = express();
bare.disable("x-powered-by");
bare.get("/", (_req, res) => {
  res.send("ok");
});
const appServer = createHttpServer(app).listen(0, "127.0.0.1", () => {
  const bareServer = createHttpServer(bare).listen(0, "127.0.0.1", () => {
    const appPort = (appServer.address() as { port: number }).port;
    const barePort = (bareServer.address() as { port: number }).port;
    process.send?.({ appPort, barePort });
  });
  process.on("SIGTERM", async () => {
    appServer.close();
    bareServer.close();
    await checkpoints?.stop();
    context.database.close();
    process.exit(0);
  });
});
