// The action plan pages: the plan (and the previous round's plan followed up), the entry form to add and to change
// an entry, and the plan as CSV or XLSX. Experts of the assessment edit it; its readers (analysts, focal points of
// the country) read it.
import type { Router } from "express";
import { z } from "zod";
import { flash } from "../auth/guards";
import { onAssessment } from "../assessments/access";
import type { AppContext } from "../context";
import { definePage, pageRouter, pathId, redirect } from "../web/pages";
import { planFile } from "./exports";
import { planEntryForm } from "./schemas";
import { planEntriesOf, planEntryOf, resolveEntry, savePlanEntry } from "./service";
import { planFormView, planModel, planPageView } from "./view";

const entryParams = z.object({ entryId: pathId });

export function planRouter(context: AppContext): Router {
  const { database, translator } = context;
  const errorsOf = (locale: string, fields: Record<string, string>) => translator.fields(locale, fields);
  const blank = { status: "planned", fundingSource: "to_be_found", baselineKind: "dimension" };

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/assessments/:id/plan",
      access: onAssessment("plan.read"),
      view: "plans/index",
      handle: ({ actor, assessment, locale }) => planPageView(context, actor, assessment, locale),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/plan/new",
      access: onAssessment("plan.manage"),
      view: "plans/form",
      handle: ({ assessment, locale }) => planFormView(context, assessment, locale, blank),
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/plan",
      access: onAssessment("plan.manage"),
      body: planEntryForm,
      view: "plans/form",
      handle: ({ req, actor, assessment, body, locale }) => {
        const entry = resolveEntry(planModel(context, assessment, locale), body);
        savePlanEntry(database, actor, assessment.id, entry, { now: context.clock(), ip: req.ip ?? null });
        flash(req, { kind: "success", key: "plan.saved" });
        return redirect(`/assessments/${assessment.id}/plan`);
      },
      onInvalid: ({ assessment, locale, values }, error) => planFormView(context, assessment, locale, values, { errors: errorsOf(locale, error.fields) }),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/plan/:entryId",
      access: onAssessment("plan.manage"),
      params: entryParams,
      view: "plans/form",
      handle: ({ assessment, locale, params }) => {
        const entry = planEntryOf(database, assessment.id, params.entryId);
        return planFormView(context, assessment, locale, entry as unknown as Record<string, unknown>, { entryId: entry.id });
      },
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/plan/:entryId",
      access: onAssessment("plan.manage"),
      params: entryParams,
      body: planEntryForm,
      view: "plans/form",
      handle: ({ req, actor, assessment, body, locale, params }) => {
        const entry = resolveEntry(planModel(context, assessment, locale), body);
        savePlanEntry(database, actor, assessment.id, entry, { entryId: params.entryId, now: context.clock(), ip: req.ip ?? null });
        flash(req, { kind: "success", key: "plan.saved" });
        return redirect(`/assessments/${assessment.id}/plan`);
      },
      onInvalid: ({ assessment, locale, values, params }, error) =>
        planFormView(context, assessment, locale, values, { entryId: params.entryId, errors: errorsOf(locale, error.fields) }),
    }),
    ...(["csv", "xlsx"] as const).map((format) =>
      definePage({
        method: "get",
        path: `/assessments/:id/plan.${format}`,
        access: onAssessment("plan.read"),
        handle: async ({ res, assessment }) => {
          const file = await planFile(assessment, planEntriesOf(database, assessment.id), format);
          res.setHeader("Cache-Control", "no-store");
          res.attachment(file.name).type(file.type).send(file.body);
        },
      }),
    ),
  ]);
}
