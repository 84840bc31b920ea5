// What the assessment pages share: the services' dependencies, the request's audit metadata, the form-field errors
// and the level titles of an assessment's pinned instrument.
import type { Request } from "express";
import type { AppContext } from "../../context";
import { instrumentText } from "../../questionnaires/i18n";
import type { AssessmentSummary } from "../repository";

export const serviceDeps = (context: AppContext) => ({
  database: context.database,
  instruments: context.instruments,
  secret: context.secret,
  clock: context.clock,
});

export const requestMeta = (req: Request) => ({ ip: req.ip ?? null });

export const pageTitle = (assessment: AssessmentSummary) => `${assessment.countryName} · ${assessment.roundLabel}`;

/** Field errors keyed by form field: "languages.0" (one entry of a list) is shown next to "languages". */
export function byFormField(fields: Record<string, string>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) shown[key.split(".")[0]] ??= message;
  return shown;
}

export function levelTitles(context: AppContext, assessment: AssessmentSummary, locale: string) {
  const instrument = context.instruments.pinned(context.database, assessment.instrumentVersion);
  return instrument.levels.map((l) => ({
    id: l.id,
    title: instrumentText(instrument, `level.${l.id}.title`, locale),
    inScope: assessment.levels.includes(l.id),
  }));
}
