// The authorisation module: every "may this user do X (to this assessment)?" is answered here and nowhere else.
import type { Role } from "../db/schema";
import { ForbiddenError, UnauthenticatedError } from "../errors";

export type MembershipRole = "owner" | "expert" | "analyst";

/** The signed-in user as the policy sees them: role plus the scopes stored for them (never inferred). */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** ISO 3166 alpha-3 codes a focal point co-manages; empty for other roles. */
  countries: string[];
  /** Assessment id → the grant in assessment_members. */
  assessmentRoles: Record<number, MembershipRole>;
  /** Assessments whose raw data (individual answers and comments) an expert has opened to this analyst member. */
  rawDataGrants?: readonly number[];
  /** The interface language chosen in the profile; null follows the browser's Accept-Language. */
  locale: string | null;
}

export interface AssessmentResource {
  id: number;
  countryIso3: string;
}

export const actions = [
  "assessment.create",
  "assessment.list",
  "assessment.read",
  "assessment.edit",
  "assessment.transition",
  "assessment.publish",
  "assessment.members",
  "organisation.manage",
  "invitation.manage",
  "progress.read",
  "report.read",
  "report.comments",
  "data.export",
  "data.raw",
  "respondent.identity",
  "validation.read",
  "validation.decide",
  "validation.comment",
  "plan.read",
  "plan.manage",
  "instrument.read",
  "instrument.manage",
  "users.manage",
  "audit.read",
  "account.self",
  /** Bring an archived assessment back into the lists (administrators). */
  "assessment.restore",
] as const;
export type Action = (typeof actions)[number];

/** Actions that concern one assessment: they need the assessment as resource. */
const assessmentActions = new Set<Action>([
  "assessment.read",
  "assessment.edit",
  "assessment.transition",
  "assessment.publish",
  "assessment.members",
  "organisation.manage",
  "invitation.manage",
  "progress.read",
  "report.read",
  "report.comments",
  "data.export",
  "data.raw",
  "respondent.identity",
  "validation.read",
  "validation.decide",
  "validation.comment",
  "plan.read",
  "plan.manage",
]);

/** What an assessment's owner or co-running expert may do: all of it. */
const runnerActions = assessmentActions;

/**
 * What a focal point may do within their countries: co-manage, but not edit, move through the lifecycle or publish;
 * comment on and contest validations, never decide them.
 */
const focalPointActions = new Set<Action>([
  "plan.read",
  "validation.read",
  "validation.comment",
  "assessment.read",
  "organisation.manage",
  "invitation.manage",
  "progress.read",
  "report.read",
  "report.comments",
  "data.export",
  "data.raw",
  "respondent.identity",
]);

/**
 * What a reader granted an assessment may do: results and reports under suppression, and the data files of results
 * (codebook, results tables), never who answered. Individual answers and comments ("data.raw", "report.comments")
 * only when an expert of the assessment has opened them to this reader (assessment_members.raw_data).
 */
const analystActions = new Set<Action>(["assessment.read", "report.read", "data.export", "validation.read", "plan.read"]);
const analystWithRawDataActions = new Set<Action>([...analystActions, "data.raw", "report.comments"]);

function readerRights(actor: Actor, resource: AssessmentResource): ReadonlySet<Action> {
  return actor.rawDataGrants?.includes(resource.id) ? analystWithRawDataActions : analystActions;
}

function assessmentRights(actor: Actor, resource: AssessmentResource): ReadonlySet<Action> {
  const membership = actor.assessmentRoles[resource.id];
  switch (actor.role) {
    case "expert":
      if (membership === "owner" || membership === "expert") return runnerActions;
      return membership === "analyst" ? readerRights(actor, resource) : new Set();
    case "focal_point":
      return actor.countries.includes(resource.countryIso3) ? focalPointActions : new Set();
    case "analyst":
      // The role caps the grant: an analyst added as "expert" by mistake still only reads.
      return membership ? readerRights(actor, resource) : new Set();
    default:
      return new Set();
  }
}

/** True when `actor` may do `action` (to `resource`, for assessment actions). Anonymous (null) may do nothing. */
export function can(actor: Actor | null | undefined, action: Action, resource?: AssessmentResource): boolean {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  switch (action) {
    case "account.self":
    case "instrument.read":
    case "assessment.list":
      return true;
    case "assessment.create":
    case "instrument.manage":
      return actor.role === "expert";
    case "users.manage":
    case "audit.read":
    case "assessment.restore":
      return false;
    default:
      if (!assessmentActions.has(action) || !resource) return false;
      return assessmentRights(actor, resource).has(action);
  }
}

/**
 * Returns the actor when `can(...)` allows the action; otherwise throws UnauthenticatedError (nobody signed in)
 * or ForbiddenError (signed in, not allowed), which the error funnel maps to a sign-in redirect or a 403.
 */
export function authorize(actor: Actor | null | undefined, action: Action, resource?: AssessmentResource): Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!can(actor, action, resource)) throw new ForbiddenError();
  return actor;
}
