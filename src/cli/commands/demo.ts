// `demo seed`: seed the demo assessment into the configured database (does nothing when it is already there).
import { cliLogger } from "../logger";
import { adminActor } from "../../demo/actor";
import { hasDemo, seedDemo } from "../../demo/seed";
import type { CliCommand } from "../run";

export const demoCommands: CliCommand[] = [
  {
    name: "demo seed",
    usage: "demo seed",
    summary: "seed the demo assessment (fictional country Demoland); idempotent",
    async run(_args, io, env) {
      const { buildContext } = await import("../../bootstrap");
      const context = await buildContext(env.config(), { logger: cliLogger(env) });
      try {
        (await import("../../bootstrap")).prepareAdmin(context, io.stdout);
        if (hasDemo(context.database)) {
          io.stdout("The demo is already seeded; nothing to do.\n");
          return 0;
        }
        const result = seedDemo(context, adminActor(context.database));
        io.stdout(`Demo seeded: assessments ${result.assessmentIds.join(", ")}.\n`);
        return 0;
      } finally {
        context.database.close();
      }
    },
  },
];
