// The app harness: a real app on a temporary data folder and database, listening on a free loopback port.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
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
  close(): Promise<void>;
}

export function makeTempDir(prefix = "cna-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `options.clock` lets a test move time (session expiry, link lifetimes) without waiting. */
export async function startTestApp(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? makeTempDir();
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", PORT: "0", DATA_DIR: dataDir, ...env });
  const context = await buildContext(config, options);
  const app = createApp(context);
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = createHttpServer(app).listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    context,
    dataDir,
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
