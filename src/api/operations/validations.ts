// Expert validation as JSON: the validation state of an assessment (self-assessed and validated figures per unit).
import type { AppContext } from "../../context";
import { validationState } from "../../validation/state";
import { defineOperation } from "../registry";
import { assessmentParams } from "../parameters";

const depsOf = (context: AppContext) => ({ database: context.database, instruments: context.instruments, clock: context.clock });

export const validationOperations = [
  defineOperation({
    method: "get",
    path: "/assessments/{id}/validations",
    operationId: "getValidations",
    tag: "Results",
    summary: "Read the expert validation of an assessment",
    description:
      "Every unit that can be validated (an organisation × dimension at the organisational and individual levels, the country × dimension at the others), with its self-assessed and validated figures, the decision (status, confidence, evidence rating) and the coverage. Units withheld for confidentiality are absent.",
    access: { kind: "assessment", action: "validation.read" },
    params: assessmentParams,
    response: { status: 200, schema: "ValidationState", description: "The validation state." },
    handle: ({ context, actor, assessment }) => validationState(depsOf(context), actor, assessment),
  }),
];
