// Staff accounts and grants for the browser journeys, written straight into the running app's database (the app
// has no page for granting an analyst an assessment yet; accounts are made the way test/auth/support.ts makes them).
import path from "node:path";
import { hashPasswordSync } from "../../src/auth/passwords";
import { openDatabase, type AppDatabase } from "../../src/db/client";
import { assessmentMembers, users, type Role } from "../../src/db/schema";
import { CHEAP_SCRYPT, PASSWORD } from "../auth/support";

export interface StaffAccount {
  id: number;
  email: string;
  password: string;
}

/** The app's own database file in `dataDir`, opened alongside the running app (WAL lets both write). */
export function openAppDatabase(dataDir: string): AppDatabase {
  return openDatabase(path.join(dataDir, "cna.sqlite"), { migrate: false });
}

export function addStaff(database: AppDatabase, role: Role, email: string): StaffAccount {
  const row = database.db
    .insert(users)
    .values({ email, name: `${role} in the browser`, role, passwordHash: hashPasswordSync(PASSWORD, CHEAP_SCRYPT), mustChangePassword: false, locale: "en" })
    .returning({ id: users.id })
    .get();
  return { id: row.id, email, password: PASSWORD };
}

export function grantAnalyst(database: AppDatabase, userId: number, assessmentId: number): void {
  database.db.insert(assessmentMembers).values({ assessmentId, userId, role: "analyst" }).onConflictDoNothing().run();
}
