// The account the demo is created by: the first active administrator (the demo's audit entries name it).
import type { Actor } from "../auth/policy";
import type { AppDatabase } from "../db/client";

export function adminActor(database: AppDatabase): Actor {
  const row = database.sqlite.prepare("select id, email, name, locale from users where role = 'admin' and disabled_at is null order by id limit 1").get() as
    { id: number; email: string; name: string; locale: string } | undefined;
  if (!row) throw new Error("The demo needs an administrator account; create one first (npm run cli -- users create --role admin …).");
  return { id: row.id, email: row.email, name: row.name, role: "admin", countries: [], assessmentRoles: {}, locale: row.locale };
}
