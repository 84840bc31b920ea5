// Responses and their answers (raw data), for those who may read an assessment's raw data (data.raw): admins, its
// experts and focal points, and analysts an expert has opened it to.
import { z } from "zod";
import { can, type Actor } from "../../auth/policy";
import type { AssessmentSummary } from "../../assessments/repository";
import { loadAnswers } from "../../responses/repository";
import { hiddenItemIds } from "../../responses/questionnaire";
import { NotFoundError } from "../../errors";
import { idPageQuery, pageFromRows } from "../../pagination";
import { assessmentParams, positiveId } from "../parameters";
import { defineOperation } from "../registry";
import { responseById, responseRows } from "../repository";

type ResponseRow = NonNullable<ReturnType<typeof responseById>>;

/** The invitation a response came from identifies its respondent: only those who may know who answered get it. */
function responseView(actor: Actor, assessment: AssessmentSummary, row: ResponseRow) {
  const { invitationId, ...rest } = row;
  return can(actor, "respondent.identity", assessment) ? { ...rest, invitationId } : rest;
}

export const responseOperations = [
  defineOperation({
    method: "get",
    path: "/assessments/{id}/responses",
    operationId: "listResponses",
    tag: "Responses",
    summary: "List the responses of an assessment",
    description: "One entry per respondent who started; answers are read one response at a time.",
    access: { kind: "assessment", action: "data.raw" },
    params: assessmentParams,
    query: idPageQuery.extend({
      status: z.enum(["started", "submitted"]).optional().meta({ description: "Only responses in this state." }),
      organisationId: positiveId("Only the responses of this organisation.").optional(),
    }),
    response: { status: 200, schema: "ResponsePage", description: "A page of responses, ordered by id." },
    handle: ({ context, actor, assessment, query }) => {
      const rows = responseRows(context.database.db, assessment.id, {
        afterId: query.cursor,
        limit: query.limit,
        status: query.status,
        organisationId: query.organisationId,
      });
      const page = pageFromRows(rows, query.limit, (r) => r.id);
      return { data: page.data.map((row) => responseView(actor, assessment, row)), nextCursor: page.nextCursor };
    },
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}/responses/{responseId}",
    operationId: "getResponse",
    tag: "Responses",
    summary: "Read a response and its answers",
    description: "The latest answer to each item (every earlier save is kept, but not served here).",
    access: { kind: "assessment", action: "data.raw" },
    params: assessmentParams.extend({ responseId: positiveId("The response's id.") }),
    response: { status: 200, schema: "ResponseWithAnswers", description: "The response with its answers, ordered by item id." },
    handle: ({ context, actor, assessment, params }) => {
      const row = responseById(context.database.db, assessment.id, params.responseId);
      if (!row) throw new NotFoundError("There is no such response in this assessment.");
      const mayReadComments = can(actor, "report.comments", assessment);
      const stored = loadAnswers(context.database, row.id);
      const hidden = hiddenItemIds(context.instruments.pinned(context.database, assessment.instrumentVersion), stored);
      const answers = [...stored.values()]
        .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
        .map((answer) => ({ ...answer, comment: mayReadComments ? answer.comment : null, hidden: hidden.has(answer.itemId) }));
      return { ...responseView(actor, assessment, row), answers };
    },
  }),
];
