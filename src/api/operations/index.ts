// Every API operation, in the order the reference lists them.
import type { ApiOperation } from "../registry";
import { assessmentOperations } from "./assessments";
import { referenceOperations } from "./reference";
import { responseOperations } from "./responses";
import { resultOperations } from "./results";
import { validationOperations } from "./validations";
import { evidenceOperations } from "./evidence";

export const apiOperations: readonly ApiOperation[] = [
  ...assessmentOperations,
  ...responseOperations,
  ...resultOperations,
  ...validationOperations,
  ...evidenceOperations,
  ...referenceOperations,
];
