// The list filter agrees with the policy: an actor lists exactly the assessments they may read, and nothing leaks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Actor } from "../../src/auth/policy";
import { visibleAssessmentIds } from "../../src/auth/scope";
import { loadActor } from "../../src/auth/user-repository";
import { openDatabase, type AppDatabase } from "../../src/db/client";
import { assessmentMembers, assessments, countries, instrumentVersions, userCountries, users, type Role } from "../../src/db/schema";

let database: AppDatabase;
const ids: Record<string, number> = {};
const people: Record<string, Actor> = {};

function addUser(name: string, role: Role): number {
  return database.db
    .insert(users)
    .values({ email: `${name}@example.org`, role, passwordHash: "!unset" })
    .returning({ id: users.id })
    .get().id;
}

beforeAll(() => {
  database = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cna-scope-")), "scope.sqlite"));
  const { db } = database;
  for (const iso3 of ["LAO", "KHM", "KEN"]) db.insert(countries).values({ iso3, m49: "000", name: iso3, region: "R", subregion: "S", groups: [] }).run();
  db.insert(instrumentVersions).values({ version: "v1", instrumentId: "test", title: "Test", content: "{}" }).run();
  for (const [key, iso3] of [
    ["laos", "LAO"],
    ["cambodia", "KHM"],
    ["kenya", "KEN"],
    ["laos2", "LAO"],
  ] as const) {
    ids[key] = db
      .insert(assessments)
      .values({ countryIso3: iso3, instrumentVersion: "v1", instrumentId: "test", roundLabel: key, levels: [], languages: ["en"] })
      .returning({ id: assessments.id })
      .get().id;
  }
  const admin = addUser("admin", "admin");
  const expert = addUser("expert", "expert");
  const focal = addUser("focal", "focal_point");
  const analyst = addUser("analyst", "analyst");
  const loner = addUser("loner", "expert");
  db.insert(assessmentMembers)
    .values([
      { assessmentId: ids.laos, userId: expert, role: "owner" },
      { assessmentId: ids.kenya, userId: expert, role: "analyst" },
      { assessmentId: ids.cambodia, userId: analyst, role: "analyst" },
    ])
    .run();
  db.insert(userCountries).values({ userId: focal, countryIso3: "LAO" }).run();
  for (const [name, id] of Object.entries({ admin, expert, focal, analyst, loner })) people[name] = loadActor(db, id)!.actor;
});

afterAll(() => database.close());

describe("the assessment list filter", () => {
  it.each([
    ["admin", ["laos", "cambodia", "kenya", "laos2"]],
    ["expert", ["laos", "kenya"]],
    ["focal", ["laos", "laos2"]],
    ["analyst", ["cambodia"]],
    ["loner", []],
  ])("lets %s list exactly %j", (name, expected) => {
    expect(visibleAssessmentIds(database, people[name])).toEqual(expected.map((k) => ids[k]).sort((a, b) => a - b));
  });

  it("lists nothing for anonymous requests", () => {
    expect(visibleAssessmentIds(database, null)).toEqual([]);
  });

  it("agrees with can(actor, 'assessment.read') for every actor and assessment", () => {
    const all = database.db.select({ id: assessments.id, countryIso3: assessments.countryIso3 }).from(assessments).all();
    for (const actor of Object.values(people)) {
      const byPolicy = all
        .filter((a) => can(actor, "assessment.read", a))
        .map((a) => a.id)
        .sort((a, b) => a - b);
      expect(visibleAssessmentIds(database, actor), actor.email).toEqual(byPolicy);
    }
  });
});
