// Starts the real server (src/main.ts) as a child process, the way `npm start` does, and waits until it listens. It
// serves from one process unless the test asks for WEB_CONCURRENCY; it leads its own process group, so that a SIGKILL
// stop kills its workers with it, as a machine losing power would.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/config";

export interface ChildApp {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM (the default) goes to the primary, which stops its workers; SIGKILL goes to every process of the app. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Variables Vite/Vitest put in the environment that would be read as our configuration (BASE_URL is "/" there). */
const testRunnerVariables = ["BASE_URL", "MODE", "DEV", "PROD", "SSR"];

export function startChildApp(env: Record<string, string>): Promise<ChildApp> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !testRunnerVariables.includes(key)));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/main.ts")], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", WEB_CONCURRENCY: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)/.exec(output);
      if (match && output.includes("is ready")) {
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          process: child,
          output: () => output,
          stop: (signal = "SIGTERM") =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
              child.once("exit", (code) => done(code));
              if (signal === "SIGKILL") process.kill(-child.pid!, "SIGKILL");
              else child.kill(signal);
            }),
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code} before listening:\n${output}`));
    });
  });
}
