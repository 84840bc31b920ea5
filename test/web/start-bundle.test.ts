// `npm start` (src/start.mjs) runs the app bundled into one file: started that way on a fresh data folder, it
// migrates, listens, answers its health check and serves pages whose views, catalogues and assets it finds beside the
// sources (each module keeps its own location in the bundle).
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { makeTempDir } from "../support/app";

describe("npm start (the bundled app)", () => {
  const dataDir = makeTempDir("cna-start-");
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !["BASE_URL", "MODE", "DEV", "PROD", "SSR"].includes(key)));
  const child = spawn(process.execPath, ["src/start.mjs"], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", DATA_DIR: dataDir, SEED_DEMO: "false", WEB_CONCURRENCY: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)/.exec(output);
      if (match && output.includes("is ready")) resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("answers the health check and serves the sign-in page with its stylesheet", async () => {
    const base = await listening;
    expect(output).not.toContain("Starting from the TypeScript sources");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const page = await fetch(`${base}/sign-in`, { headers: { "accept-language": "fr" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="fr"');
    const stylesheet = /href="(\/[^"]+\.css)"/.exec(html)![1];
    expect((await fetch(`${base}${stylesheet}`)).status).toBe(200);
  }, 120_000);
});
