// The one app harness: a real app on a temporary data folder and database, listening on a free loopback port.
// test/auth/support.ts adds a cookie-keeping browser-like client and cheap users on top of it.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import type express from "express";
import os from "node:os";
import path from "node:path";
import { createApp } from "../../src/app";
import { createHttpServer } from "../../src/web/http-server";
import { buildContext, type BuildOptions } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import type { AppContext } from "../../src/context";

export interface TestApp {
  url: string;
  context: AppContext;
  dataDir: string;
  /** The express app itself, for tests that inspect its routes. */
  express: express.Express;
  close(): Promise<void>;
}

export interface TestAppOptions extends BuildOptions {
  /** Registered like a domain's routers (for example a test-only /api/ route). */
  extraRoutes?: Array<(app: express.Express, context: AppContext) => void>;
  /** Prefix of the temporary data folder. */
  dataDirPrefix?: string;
}

export function makeTempDir(prefix = "cna-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `options.clock` lets a test move time (session expiry, link lifetimes) without waiting. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { extraRoutes = [], dataDirPrefix, ...build } = options;
  const dataDir = env.DATA_DIR ?? makeTempDir(dataDirPrefix);
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", PORT: "0", DATA_DIR: dataDir, ...env });
  const context = await buildContext(config, build);
  const app = createApp(context, { extraRoutes });
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = createHttpServer(app).listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    context,
    dataDir,
    express: app,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          context.database.close();
          resolve();
        });
      }),
  };
}
