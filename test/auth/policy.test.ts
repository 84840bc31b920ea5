// The authorisation rules, from one table: for each action, which kinds of actor may do it to assessment A.
import { describe, expect, it } from "vitest";
import { actions, authorize, can, type Action, type Actor, type AssessmentResource } from "../../src/auth/policy";
import { ForbiddenError, UnauthenticatedError } from "../../src/errors";

const A: AssessmentResource = { id: 1, countryIso3: "LAO" };

function actor(role: Actor["role"], scope: Partial<Pick<Actor, "countries" | "assessmentRoles" | "rawDataGrants">> = {}): Actor {
  return {
    id: 10,
    email: `${role}@example.org`,
    name: "",
    role,
    countries: scope.countries ?? [],
    assessmentRoles: scope.assessmentRoles ?? {},
    rawDataGrants: scope.rawDataGrants ?? [],
    locale: "en",
  };
}

const actors = {
  anonymous: null,
  admin: actor("admin"),
  expertOwner: actor("expert", { assessmentRoles: { 1: "owner" } }),
  expertCoRunner: actor("expert", { assessmentRoles: { 1: "expert" } }),
  expertGrantedToRead: actor("expert", { assessmentRoles: { 1: "analyst" } }),
  expertElsewhere: actor("expert", { assessmentRoles: { 2: "owner" } }),
  focalPointOfCountry: actor("focal_point", { countries: ["KHM", "LAO"] }),
  focalPointElsewhere: actor("focal_point", { countries: ["KEN"] }),
  // Scopes are stored, not inferred: a focal point's membership row does not widen their rights.
  focalPointWithMembershipOnly: actor("focal_point", { countries: ["KEN"], assessmentRoles: { 1: "expert" } }),
  analystGranted: actor("analyst", { assessmentRoles: { 1: "analyst" } }),
  // An expert of the assessment opened its raw data (individual answers, comments) to this analyst.
  analystGrantedRawData: actor("analyst", { assessmentRoles: { 1: "analyst" }, rawDataGrants: [1] }),
  expertGrantedToReadWithRawData: actor("expert", { assessmentRoles: { 1: "analyst" }, rawDataGrants: [1] }),
  // A raw-data grant for another assessment opens nothing here.
  analystGrantedRawDataElsewhere: actor("analyst", { assessmentRoles: { 1: "analyst", 2: "analyst" }, rawDataGrants: [2] }),
  analystGrantedAsExpertByMistake: actor("analyst", { assessmentRoles: { 1: "expert" } }),
  analystElsewhere: actor("analyst", { assessmentRoles: { 2: "analyst" } }),
  analystOfCountry: actor("analyst", { countries: ["LAO"] }),
} satisfies Record<string, Actor | null>;
type ActorName = keyof typeof actors;

const runners: ActorName[] = ["admin", "expertOwner", "expertCoRunner"];
const readers: ActorName[] = [
  "admin",
  "expertOwner",
  "expertCoRunner",
  "expertGrantedToRead",
  "expertGrantedToReadWithRawData",
  "focalPointOfCountry",
  "analystGranted",
  "analystGrantedRawData",
  "analystGrantedRawDataElsewhere",
  "analystGrantedAsExpertByMistake",
];
/** Individual answers and comments: the assessment's team, and readers an expert has opened them to. */
const rawDataReaders: ActorName[] = [
  "admin",
  "expertOwner",
  "expertCoRunner",
  "focalPointOfCountry",
  "analystGrantedRawData",
  "expertGrantedToReadWithRawData",
];
const coManagers: ActorName[] = ["admin", "expertOwner", "expertCoRunner", "focalPointOfCountry"];
const signedIn = (Object.keys(actors) as ActorName[]).filter((name) => name !== "anonymous");
const experts = (Object.keys(actors) as ActorName[]).filter((name) => name.startsWith("expert"));

/** Who may do each action to assessment A (or without a resource, for the global actions). Everyone else may not. */
const allowed: Record<Action, ActorName[]> = {
  "assessment.create": ["admin", ...experts],
  "assessment.list": signedIn,
  "assessment.read": readers,
  "assessment.edit": runners,
  "assessment.transition": runners,
  "assessment.publish": runners,
  "assessment.members": runners,
  "organisation.manage": coManagers,
  "invitation.manage": coManagers,
  "progress.read": coManagers,
  "report.read": readers,
  "report.comments": rawDataReaders,
  "data.export": readers,
  "data.raw": rawDataReaders,
  "respondent.identity": coManagers,
  // Experts of the assessment validate; focal points of its country comment and contest; readers read.
  "validation.read": readers,
  "validation.decide": runners,
  "validation.comment": coManagers,
  // The action plan: experts of the assessment edit it; readers (analysts, focal points of the country) read it.
  "plan.read": readers,
  "plan.manage": runners,
  "instrument.read": signedIn,
  "instrument.manage": ["admin", ...experts],
  "users.manage": ["admin"],
  "audit.read": ["admin"],
  "assessment.restore": ["admin"],
  "account.self": signedIn,
};

describe("the authorisation policy", () => {
  it("has a row for every action", () => {
    expect(Object.keys(allowed).sort()).toEqual([...actions].sort());
  });

  for (const action of actions) {
    for (const name of Object.keys(actors) as ActorName[]) {
      const expected = allowed[action].includes(name);
      it(`${expected ? "lets" : "does not let"} ${name} ${action}`, () => {
        expect(can(actors[name], action, A)).toBe(expected);
      });
    }
  }

  it("refuses assessment actions when no assessment is named, except to administrators", () => {
    expect(can(actors.expertOwner, "assessment.read")).toBe(false);
    expect(can(actors.focalPointOfCountry, "progress.read")).toBe(false);
    expect(can(actors.admin, "assessment.read")).toBe(true);
  });

  it("decides per assessment: an owner of A is a stranger to B", () => {
    const B = { id: 2, countryIso3: "LAO" };
    expect(can(actors.expertOwner, "assessment.edit", B)).toBe(false);
    expect(can(actors.expertElsewhere, "assessment.edit", B)).toBe(true);
    expect(can(actors.focalPointOfCountry, "assessment.read", B)).toBe(true);
  });

  it("authorize returns the actor, and throws 401 for anonymous and 403 for the signed-in but not allowed", () => {
    expect(authorize(actors.admin, "users.manage")).toBe(actors.admin);
    expect(() => authorize(null, "assessment.list")).toThrow(UnauthenticatedError);
    expect(() => authorize(actors.analystGranted, "assessment.edit", A)).toThrow(ForbiddenError);
  });
});
