// The action plan entry form, parsed once at the edge: each refusal names its field with a catalogue key
// (plan.error.*), shown beside the field in the page's language.
import { z } from "zod";
import { planBaselineKinds, planFundingSources, planStatuses } from "../db/schema";

const currencies = new Set(Intl.supportedValuesOf("currency"));
const noControls = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
const text = (max: number, message: string) => z.string(message).trim().max(max, message).refine(noControls, message);
const optionalDate = z
  .string("plan.error.date")
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), "plan.error.date")
  .transform((v) => (v === "" ? null : v));
const optionalNumber = (message: string, min: number, max: number) =>
  z
    .string(message)
    .trim()
    .refine((v) => v === "" || (/^\d{1,12}(\.\d{1,4})?$/.test(v) && Number(v) >= min && Number(v) <= max), message)
    .transform((v) => (v === "" ? null : Number(v)));

export const planEntryForm = z
  .object({
    actionId: z
      .string("plan.error.action")
      .trim()
      .regex(/^[A-Za-z0-9._-]{0,100}$/, "plan.error.action")
      .transform((v) => (v === "" ? null : v)),
    title: text(300, "plan.error.title"),
    leadOrganisation: text(200, "plan.error.lead").pipe(z.string().min(1, "plan.error.lead")),
    othersInvolved: text(500, "plan.error.others").default(""),
    startDate: optionalDate,
    endDate: optionalDate,
    costAmount: optionalNumber("plan.error.cost", 0, 1e12),
    costCurrency: z
      .string("plan.error.currency")
      .trim()
      .toUpperCase()
      .refine((v) => v === "" || currencies.has(v), "plan.error.currency")
      .transform((v) => (v === "" ? null : v)),
    fundingSource: z.enum(planFundingSources, "plan.error.funding"),
    indicator: text(300, "plan.error.indicator").pipe(z.string().min(1, "plan.error.indicator")),
    dimensionId: z
      .string("plan.error.dimension")
      .trim()
      .regex(/^[A-Za-z0-9._-]{0,100}$/, "plan.error.dimension")
      .transform((v) => (v === "" ? null : v)),
    baselineKind: z.enum(planBaselineKinds, "plan.error.baselineKind"),
    baselineValue: optionalNumber("plan.error.share", 0, 100),
    targetValue: optionalNumber("plan.error.target", 0, 100),
    targetDate: optionalDate,
    status: z.enum(planStatuses, "plan.error.status"),
    notes: text(2000, "plan.error.notes").default(""),
  })
  .superRefine((entry, ctx) => {
    if (entry.startDate && entry.endDate && entry.endDate < entry.startDate)
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "plan.error.endBeforeStart" });
    if (entry.costAmount !== null && entry.costCurrency === null) ctx.addIssue({ code: "custom", path: ["costCurrency"], message: "plan.error.currency" });
    if (entry.baselineKind === "dimension" && entry.dimensionId === null)
      ctx.addIssue({ code: "custom", path: ["dimensionId"], message: "plan.error.dimensionRequired" });
    if (entry.baselineKind === "share" && entry.baselineValue === null) ctx.addIssue({ code: "custom", path: ["baselineValue"], message: "plan.error.share" });
    if (entry.baselineKind === "dimension" && entry.targetValue !== null && entry.targetValue > 5)
      ctx.addIssue({ code: "custom", path: ["targetValue"], message: "plan.error.targetLevel" });
    if (entry.title === "" && entry.actionId === null) ctx.addIssue({ code: "custom", path: ["title"], message: "plan.error.title" });
  });

export type PlanEntryInput = z.output<typeof planEntryForm>;
