// What an invitation link resolves to: the invitation, its pinned instrument and the respondent's pages, and the
// language the pages speak. Shared by the respondent router and the autosave endpoint.
import type { Request, Response } from "express";
import type { AppContext } from "../context";
import { directionOf, negotiateLocale } from "../i18n/locales";
import type { Instrument } from "../questionnaires/schema";
import { isWellFormedToken, lookupOf } from "../assessments/tokens";
import { pagesFor, type QuestionnairePage } from "./questionnaire";
import { findInvitationByLookup, type RespondentInvitation } from "./repository";

export interface RespondentState {
  token: string;
  invitation: RespondentInvitation;
  instrument: Instrument;
  pages: QuestionnairePage[];
}

/**
 * Resolves the token into the respondent's state and sets the response's language and headers; null for unknown,
 * malformed and withdrawn links alike (they all get the same plain 404).
 */
export function resolveLink(context: AppContext, req: Request, res: Response, token: string): RespondentState | null {
  if (!isWellFormedToken(token)) return null;
  const invitation = findInvitationByLookup(context.database, lookupOf(token));
  if (!invitation || invitation.revoked) return null;
  const instrument = context.instruments.pinned(context.database, invitation.instrumentVersion);
  const pages = pagesFor(instrument, invitation.levels);
  // The language remembered on the invitation (staff's choice, or the respondent's own); else the browser's.
  const language = invitation.languages.includes(invitation.language)
    ? invitation.language
    : negotiateLocale(req.headers["accept-language"], invitation.languages);
  res.locals.locale = language;
  res.locals.dir = directionOf(language);
  res.locals.respondentMode = true;
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Referrer-Policy", "no-referrer");
  return { token, invitation, instrument, pages };
}

/** The page every unusable link gets. */
export function renderUnavailable(res: Response): void {
  res.status(404).render("respond/unavailable", { titleKey: "respond.unavailable.title", respondentMode: true });
}
