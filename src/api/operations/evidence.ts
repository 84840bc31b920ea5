// The evidence list of an assessment: the same rows as the Data page's CSV and XLSX.
import { evidenceList } from "../../evidence/exports";
import { defineOperation } from "../registry";
import { assessmentParams } from "../parameters";

export const evidenceOperations = [
  defineOperation({
    method: "get",
    path: "/assessments/{id}/evidence",
    operationId: "listEvidence",
    tag: "Results",
    summary: "List the evidence respondents attached",
    description:
      "Every file and link respondents attached to their answers, with its item, organisation, detected type, size, SHA-256, the staff download path and the expert's rating of the answer's evidence. Needs the assessment's raw-data permission.",
    access: { kind: "assessment", action: "data.raw" },
    params: assessmentParams,
    response: { status: 200, schema: "EvidenceList", description: "The evidence list." },
    handle: ({ context, assessment }) => ({ assessmentId: assessment.id, items: evidenceList(context, assessment) }),
  }),
];
