import { describe, expect, it } from "vitest";
import { acceptsAnswers, availableTransitions, nextStatus, transitionNames } from "../../src/assessments/lifecycle";
import type { AssessmentStatus } from "../../src/db/schema";

const statuses: AssessmentStatus[] = ["draft", "open", "closed", "published"];
// from → transition → to; every pair not listed is refused.
const allowed: Record<string, AssessmentStatus> = {
  "draft open": "open",
  "open close": "closed",
  "closed reopen": "open",
  "closed publish": "published",
  "published unpublish": "closed",
};

describe("the assessment lifecycle", () => {
  for (const from of statuses) {
    for (const transition of transitionNames) {
      const expected = allowed[`${from} ${transition}`] ?? null;
      it(`${expected ? "allows" : "refuses"} ${transition} from ${from}`, () => {
        expect(nextStatus(from, transition)).toBe(expected);
      });
    }
  }

  it("offers only the allowed transitions", () => {
    expect(availableTransitions("draft")).toEqual(["open"]);
    expect(availableTransitions("closed").sort()).toEqual(["publish", "reopen"]);
  });

  it("accepts answers only while open", () => {
    expect(statuses.filter(acceptsAnswers)).toEqual(["open"]);
  });
});
