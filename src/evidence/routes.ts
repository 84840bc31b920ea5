// Staff pages of an assessment's evidence: the review by organisation and dimension (self-assessed levels, comment,
// evidence, the expert's rating), the rating form, a file's download and the evidence list as CSV or XLSX. Reading
// evidence needs the assessment's raw-data permission; rating it is a validation decision.
import type { Router } from "express";
import { z } from "zod";
import { flash } from "../auth/guards";
import { onAssessment } from "../assessments/access";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { NotFoundError } from "../errors";
import { definePage, pageRouter, pathId, redirect } from "../web/pages";
import { evidenceListFile } from "./exports";
import { evidenceById } from "./repository";
import { evidenceReviewView } from "./review-view";
import { rateEvidence } from "./review";
import { evidenceDownload } from "./serve";
import { evidenceStoreFor } from "./service";

const filterQuery = z.object({
  organisation: z
    .string()
    .regex(/^\d{1,10}$/, "must be an organisation id")
    .optional(),
  dimension: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "must be a dimension id")
    .optional(),
});

const ratingBody = z.object({
  responseId: z
    .string()
    .regex(/^\d{1,12}$/, "must be a response id")
    .transform(Number),
  itemId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "must be an item id"),
  rating: z.enum(["sufficient", "partial", "none", "unrated"], { message: "must be sufficient, partial, none or unrated" }),
  organisation: z
    .string()
    .regex(/^\d{0,10}$/)
    .optional(),
  dimension: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/)
    .optional(),
});

export function evidenceRouter(context: AppContext): Router {
  const reviewHref = (assessment: AssessmentSummary, filter: { organisation?: string; dimension?: string }) => {
    const query = new URLSearchParams();
    if (filter.organisation) query.set("organisation", filter.organisation);
    if (filter.dimension) query.set("dimension", filter.dimension);
    const search = query.toString();
    return `/assessments/${assessment.id}/evidence${search ? `?${search}` : ""}`;
  };

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/assessments/:id/evidence",
      access: onAssessment("data.raw"),
      query: filterQuery,
      view: "evidence/review",
      handle: ({ res, actor, assessment, locale, query }) => {
        res.setHeader("Cache-Control", "no-store");
        return evidenceReviewView(context, actor, assessment, locale, {
          organisationId: query.organisation ? Number(query.organisation) : undefined,
          dimensionId: query.dimension,
        });
      },
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/evidence/rating",
      access: onAssessment("validation.decide"),
      body: ratingBody,
      handle: ({ req, actor, assessment, body }) => {
        rateEvidence(context.database, actor, assessment.id, body, context.clock(), { ip: req.ip ?? null });
        flash(req, { kind: "success", key: "evidence.review.rated" });
        return redirect(`${reviewHref(assessment, body)}#answer-${body.responseId}-${body.itemId}`);
      },
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/evidence/:evidenceId/file",
      access: onAssessment("data.raw"),
      params: z.object({ evidenceId: pathId }),
      handle: ({ res, assessment, params }) => {
        const row = evidenceById(context.database, params.evidenceId);
        if (!row || row.assessmentId !== assessment.id) throw new NotFoundError({ key: "errors.evidence.notFound" });
        const download = evidenceDownload(row, evidenceStoreFor(context.config));
        res.status(200).set(download.headers);
        download.body.pipe(res);
      },
    }),
    ...(["csv", "xlsx"] as const).map((format) =>
      definePage({
        method: "get",
        path: `/assessments/:id/evidence.${format}`,
        access: onAssessment("data.raw"),
        handle: async ({ res, assessment }) => {
          const file = await evidenceListFile(context, assessment, format);
          res.setHeader("Cache-Control", "no-store");
          res.attachment(file.name).type(file.type).send(file.body);
        },
      }),
    ),
  ]);
}
