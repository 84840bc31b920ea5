// `db migrate`, `db backup <file>`, `db restore <file>`.
import { backupDatabase, restoreDatabase } from "../../db/backup";
import { openDatabase } from "../../db/client";
import { completeEvidenceBackup, copyPresentEvidence, evidenceFolderOf, restoreEvidence } from "../../evidence/backup";
import { CliUsageError } from "../io";
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
  {
    name: "db backup",
    usage: "db backup <file>",
    summary: "make a consistent copy of the database, also while the app is running",
    async run(args, io, env) {
      const target = args.positional[0];
      if (!target) throw new CliUsageError("Give the backup file to write.");
      const config = env.config();
      copyPresentEvidence(config.dataDir, target);
      const result = await backupDatabase(config.databasePath, target);
      const evidence = completeEvidenceBackup(config.dataDir, target);
      io.stdout(
        `Backed up ${config.databasePath} to ${target} (${result.pages} pages, ${result.bytes} bytes); ${evidence.files} evidence files to ${evidenceFolderOf(target)}.\n`,
      );
      if (evidence.missing.length)
        io.stderr(`Warning: ${evidence.missing.length} evidence files named by the copy were not found under ${config.dataDir}/evidence.\n`);
      return 0;
    },
  },
  {
    name: "db restore",
    usage: "db restore <file>",
    summary: "replace the database with a backup (the app must be stopped)",
    async run(args, io, env) {
      const source = args.positional[0];
      if (!source) throw new CliUsageError("Give the backup file to restore.");
      const config = env.config();
      let previous: string | null;
      try {
        previous = restoreDatabase(source, config.databasePath);
      } catch (error) {
        io.stderr(`${(error as Error).message}\n`);
        return 1;
      }
      const database = openDatabase(config.databasePath);
      database.close();
      const files = restoreEvidence(source, config.dataDir);
      io.stdout(
        `Restored ${source} into ${config.databasePath}, and ${files} evidence files into ${config.dataDir}/evidence.${previous ? ` The database it replaced is kept as ${previous}.` : ""}\n`,
      );
      return 0;
    },
  },
];
