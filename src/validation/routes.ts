// Validation pages: the overview of every unit, the review of one unit, the meeting page (one dimension at a time, to
// be projected), and the forms that record a decision, a contest, a comment or a withdrawal. Work without JavaScript.
import type { Request, Router } from "express";
import { z } from "zod";
import { flash } from "../auth/guards";
import type { Actor } from "../auth/policy";
import { onAssessment } from "../assessments/access";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import type { InvalidInputError } from "../errors";
import { countryName as localCountryName } from "../i18n/names";
import { definePage, pageRouter, redirect, render } from "../web/pages";
import { overviewPage, unitPage } from "./pages";
import { findValidation, unitKeyOf } from "./repository";
import { commentSchema, contestSchema, decisionSchema } from "./schemas";
import { comment, contest, decide, parseUnit, unitReview, validationOverview, withdraw, type ValidationDeps } from "./service";

/** The unit in the path: "country", or "o" and an organisation id; and the dimension. */
const unitPath = z.object({
  unit: z.string().regex(/^(country|o[1-9][0-9]{0,9})$/),
  dimensionId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
});
const UNIT = "/assessments/:id/validation/:unit/:dimensionId";

export function validationRouter(context: AppContext): Router {
  const deps: ValidationDeps = { database: context.database, instruments: context.instruments, clock: context.clock };
  const meta = (req: Request) => ({ ip: req.ip ?? null });
  const countryName = (assessment: AssessmentSummary, locale: string) =>
    localCountryName(locale, {
      iso3: assessment.countryIso3,
      iso2: context.countries.byIso3(assessment.countryIso3)?.iso2 ?? null,
      name: assessment.countryName,
    });

  type UnitInput = { actor: Actor; assessment: AssessmentSummary; locale: string; params: z.output<typeof unitPath> };
  /** A unit's page (review or meeting), with the errors of a refused form beside their fields. */
  const unitView = ({ actor, assessment, locale, params }: UnitInput, meeting: boolean, error?: InvalidInputError, values: Record<string, unknown> = {}) => {
    const overview = validationOverview(deps, assessment);
    const review = unitReview(deps, overview, parseUnit(params.unit), params.dimensionId);
    const page = unitPage(deps, actor, overview, review, locale, countryName(assessment, locale));
    const model = {
      title: `${page.dimensionTitle} · ${page.unitName}`,
      bodyClass: meeting ? "meeting" : undefined,
      assessment,
      page,
      errors: error ? context.translator.fields(locale, error.fields) : {},
      // A form sent while the round takes no decisions: the state notice is the refusal's reason, shown as an error.
      refused: Boolean(error),
      values: error ? values : {},
    };
    return render(meeting ? "validation/meeting" : "validation/unit", model, error ? 400 : 200);
  };
  const unitHref = (assessment: AssessmentSummary, params: z.output<typeof unitPath>) =>
    `/assessments/${assessment.id}/validation/${params.unit}/${params.dimensionId}`;
  /** A refused form shows its page again: the meeting's when the form came from the meeting. */
  const fromMeeting = (values: Record<string, unknown>) => typeof values.next === "string" && values.next.endsWith("/meeting");

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/assessments/:id/validation",
      access: onAssessment("validation.read"),
      view: "validation/overview",
      handle: ({ assessment, locale }) => ({
        title: `${context.translator.t(locale, "validation.title")} · ${assessment.countryName} ${assessment.roundLabel}`,
        assessment,
        page: overviewPage(validationOverview(deps, assessment), locale, countryName(assessment, locale)),
      }),
    }),
    definePage({ method: "get", path: UNIT, access: onAssessment("validation.read"), params: unitPath, handle: (input) => unitView(input, false) }),
    definePage({ method: "get", path: `${UNIT}/meeting`, access: onAssessment("validation.read"), params: unitPath, handle: (input) => unitView(input, true) }),
    definePage({
      method: "post",
      path: `${UNIT}/decision`,
      access: onAssessment("validation.decide"),
      params: unitPath,
      body: decisionSchema,
      handle: ({ req, actor, assessment, params, body }) => {
        const status = decide(deps, actor, assessment.id, parseUnit(params.unit), params.dimensionId, body, meta(req));
        flash(req, { kind: "success", key: `validation.saved.${status}` });
        return redirect(body.next ?? unitHref(assessment, params));
      },
      onInvalid: (input, error) => unitView(input, fromMeeting(input.values), error, input.values),
    }),
    definePage({
      method: "post",
      path: `${UNIT}/withdraw`,
      access: onAssessment("validation.decide"),
      params: unitPath,
      // Asked only when there is a decision to withdraw (otherwise the service answers: refused, or nothing to do).
      confirm: ({ assessment, params }) =>
        findValidation(context.database.db, assessment.id, unitKeyOf(parseUnit(params.unit)), params.dimensionId)
          ? { actionKey: "confirm.action.withdrawDecision", consequences: [{ key: "confirm.withdrawDecision.what" }], back: unitHref(assessment, params) }
          : undefined,
      handle: ({ req, actor, assessment, params }) => {
        withdraw(deps, actor, assessment.id, parseUnit(params.unit), params.dimensionId, meta(req));
        flash(req, { kind: "success", key: "validation.saved.withdrawal" });
        return redirect(unitHref(assessment, params));
      },
    }),
    definePage({
      method: "post",
      path: `${UNIT}/contest`,
      access: onAssessment("validation.comment"),
      params: unitPath,
      body: contestSchema,
      handle: ({ req, actor, assessment, params, body }) => {
        contest(deps, actor, assessment.id, parseUnit(params.unit), params.dimensionId, body, meta(req));
        flash(req, { kind: "success", key: "validation.saved.contest" });
        return redirect(unitHref(assessment, params));
      },
      onInvalid: (input, error) => unitView(input, false, error, input.values),
    }),
    definePage({
      method: "post",
      path: `${UNIT}/comment`,
      access: onAssessment("validation.comment"),
      params: unitPath,
      body: commentSchema,
      handle: ({ req, actor, assessment, params, body }) => {
        comment(deps, actor, assessment.id, parseUnit(params.unit), params.dimensionId, body, meta(req));
        flash(req, { kind: "success", key: "validation.saved.comment" });
        return redirect(unitHref(assessment, params));
      },
      onInvalid: (input, error) => unitView(input, false, error, input.values),
    }),
  ]);
}
