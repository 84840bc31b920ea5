import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Lives in test/ so that the top level keeps only what the project layout names.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One serving process in tests (the default is one per core), and in the apps they start unless they ask.
    env: { WEB_CONCURRENCY: "1" },
    // Browser journeys run in their own file set; they share one Chromium, so no file parallelism there.
    fileParallelism: true,
  },
});
