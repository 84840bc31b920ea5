// `db migrate`: apply the committed migrations to the configured database.
import { openDatabase } from "../../db/client";
import type { CliCommand } from "../run";

export const dbCommands: CliCommand[] = [
  {
    name: "db migrate",
    usage: "db migrate",
    summary: "apply the database migrations (also done at every start)",
    async run(_args, io, env) {
      const config = env.config();
      const database = openDatabase(config.databasePath);
      const applied = database.sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get();
      database.close();
      io.stdout(`Database ${config.databasePath} is migrated (${applied} migrations applied).\n`);
      return 0;
    },
  },
];
