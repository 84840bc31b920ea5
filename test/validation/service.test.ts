// The validation service on a real database: decisions, the rationale rule, statuses, contests, history, audit and
// the lifecycle (closed: open to validation; published: frozen; unpublished: open again).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../src/context";
import { auditLog } from "../../src/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "../../src/errors";
import { publishReport, unpublishReport } from "../../src/reports/publishing";
import { requireAssessment, transitionAssessment } from "../../src/assessments/service";
import { comment, contest, decide, unitReview, validationOverview, withdraw } from "../../src/validation/service";
import type { DecisionInput } from "../../src/validation/schemas";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, aUser, anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";

let app: TestApp;
let context: AppContext;
let assessment: BuiltAssessment;
let organisationalDimension: string;
let institutionalDimension: string;
const deps = () => ({ database: context.database, instruments: context.instruments, countries: context.countries, clock: context.clock });
const decision = (values: Partial<DecisionInput>): DecisionInput => ({
  current: 2,
  target: null,
  confidence: "high",
  evidenceRating: "sufficient",
  rationale: null,
  organisationView: null,
  organisationNote: null,
  ...values,
});

beforeAll(async () => {
  app = await startTestApp();
  context = app.context;
  assessment = anAssessment(context, { status: "open", levels: ["institutional", "organisational"] });
  const [a, b] = assessment.organisationIds;
  for (let i = 0; i < 3; i++) {
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: a, levels: ["organisational", "institutional"] }).token, {
      current: 3,
      target: 4,
      importance: 2,
    });
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: b, levels: ["organisational", "institutional"] }).token, {
      current: 1,
      target: 3,
      importance: 3,
    });
  }
  const instrument = context.instruments.current("digital-government")!;
  organisationalDimension = instrument.levels.find((l) => l.id === "organisational")!.dimensions[0].id;
  institutionalDimension = instrument.levels.find((l) => l.id === "institutional")!.dimensions[0].id;
});
afterAll(() => app.close());

describe("validation", () => {
  it("is refused while the round is open", () => {
    expect(() => decide(deps(), assessment.owner, assessment.id, assessment.organisationIds[0], organisationalDimension, decision({ current: 3 }))).toThrow(
      ConflictError,
    );
  });

  it("confirms a unit validated at its self-assessed level, and adjusts one validated elsewhere", () => {
    transitionAssessment({ ...deps(), secret: context.secret }, assessment.owner, assessment.id, "close");
    const [a, b] = assessment.organisationIds;
    expect(decide(deps(), assessment.owner, assessment.id, a, organisationalDimension, decision({ current: 3 }))).toBe("confirmed");
    expect(
      decide(deps(), assessment.owner, assessment.id, b, organisationalDimension, decision({ current: 1.5, confidence: "medium", evidenceRating: "partial" })),
    ).toBe("adjusted");
    const overview = validationOverview(deps(), requireAssessment(context, assessment.id));
    const national = overview.validated.dimensions.find((d) => d.dimensionId === organisationalDimension)!;
    // (3 × 3 + 3 × 1.5) / 6 = 2.25, with every respondent's unit validated.
    expect(national).toMatchObject({ status: "scored", current: 2.25, validation: { share: 1, validatedRespondents: 6 } });
  });

  it("requires a rationale when the validated level is 1 or more away from the self-assessed one", () => {
    const a = assessment.organisationIds[0];
    const refused = () => decide(deps(), assessment.owner, assessment.id, a, organisationalDimension, decision({ current: 2 }));
    expect(refused).toThrow(InvalidInputError);
    expect(
      decide(deps(), assessment.owner, assessment.id, a, organisationalDimension, decision({ current: 2, rationale: "No strategy document was shown." })),
    ).toBe("adjusted");
  });

  it("validates the country as a whole at the institutional level, and no organisation there", () => {
    expect(decide(deps(), assessment.owner, assessment.id, null, institutionalDimension, decision({ current: 2, target: 4 }))).toBe("confirmed");
    expect(() => decide(deps(), assessment.owner, assessment.id, assessment.organisationIds[0], institutionalDimension, decision({ current: 2 }))).toThrow(
      NotFoundError,
    );
  });

  it("keeps both views when the organisation contests, and every change in the unit's history and the audit log", () => {
    const a = assessment.organisationIds[0];
    const focal = aUser(context, "focal_point", { countries: ["LAO"] });
    contest(deps(), focal, assessment.id, a, organisationalDimension, { level: 3, note: "The strategy was adopted in May." });
    comment(deps(), focal, assessment.id, a, organisationalDimension, { note: "The decree is attached to the evidence." });
    const overview = validationOverview(deps(), requireAssessment(context, assessment.id));
    const review = unitReview(deps(), overview, a, organisationalDimension);
    expect(review.row).toMatchObject({
      status: "disputed",
      current: 2,
      contestedCurrent: 3,
      contestNote: "The strategy was adopted in May.",
      rationale: "No strategy document was shown.",
    });
    expect(review.history.map((e) => e.kind)).toEqual(["decision", "decision", "contest", "comment"]);
    const actions = context.database.db
      .select()
      .from(auditLog)
      .all()
      .map((r) => r.action)
      .filter((x) => x.startsWith("validation."));
    expect(actions).toEqual(["validation.decide", "validation.decide", "validation.decide", "validation.decide", "validation.contest", "validation.comment"]);
  });

  it("withdraws a decision, leaving the unit not reviewed with its history kept", () => {
    const b = assessment.organisationIds[1];
    withdraw(deps(), assessment.owner, assessment.id, b, organisationalDimension);
    const review = unitReview(deps(), validationOverview(deps(), requireAssessment(context, assessment.id)), b, organisationalDimension);
    expect(review.row).toBeNull();
    expect(review.history.map((e) => e.kind)).toEqual(["decision", "withdrawal"]);
  });

  it("is frozen once published and open again once unpublished", () => {
    publishReport(deps(), assessment.owner, assessment.id);
    const b = assessment.organisationIds[1];
    expect(() => decide(deps(), assessment.owner, assessment.id, b, organisationalDimension, decision({ current: 1 }))).toThrow(ConflictError);
    unpublishReport(deps(), assessment.owner, assessment.id);
    expect(decide(deps(), assessment.owner, assessment.id, b, organisationalDimension, decision({ current: 1 }))).toBe("confirmed");
  });
});
