// What every invitation-link page shows (its presenter, `linkPageView`), and the read-only summary shown instead of
// a page once the round no longer takes answers. Computed once per request, as before the split.
import type { Response } from "express";
import type { AppContext } from "../../context";
import { acceptsAnswersAt } from "../../assessments/lifecycle";
import { formatClosing, isPastDeadline } from "../../assessments/deadline";
import { languageName } from "../../i18n/names";
import { fallbackShownIn, instrumentText } from "../../questionnaires/i18n";
import type { RespondentState } from "../link-state";
import { pageView, progressOf } from "../questionnaire";
import { loadAnswers } from "../repository";

/** The invitation the link resolved to (router.param("token") in responses/routes.ts). */
export function linkState(res: Response): RespondentState {
  return res.locals.respondent as RespondentState;
}

export type LinkPageView = ReturnType<ReturnType<typeof linkPagePresenter>>;

/** The presenter of what every link page shows: the invitation, its answers, progress and whether it takes answers. */
export function linkPagePresenter(context: AppContext) {
  const { database, translator } = context;
  // An instrument not completely translated (the expert accepted it) shows some texts in its fallback language: say so.
  const fallbackNotice = (instrument: RespondentState["instrument"], locale: string): string => {
    const shownIn = fallbackShownIn(instrument, locale);
    return shownIn === null ? "" : translator.t(locale, "respond.fallbackNotice", { language: languageName(locale, shownIn) });
  };
  return (res: Response) => {
    const { token, invitation, instrument, pages } = linkState(res);
    const answers = loadAnswers(database, invitation.responseId);
    const locale = res.locals.locale as string;
    return {
      token,
      invitation,
      instrument,
      pages,
      answers,
      base: `/r/${token}`,
      locale,
      instrumentTitle: instrumentText(instrument, "instrument.title", locale),
      fallbackNotice: fallbackNotice(instrument, locale),
      progress: progressOf(instrument, pages, answers),
      isOpen: acceptsAnswersAt(invitation.assessmentStatus, invitation.closesAt, context.clock()) && !invitation.revoked,
      /** The round is open but its closing time has passed: the summary says so. */
      isPastDeadline: invitation.assessmentStatus === "open" && isPastDeadline(invitation.closesAt, context.clock()),
      closing: invitation.closesAt ? formatClosing(locale, invitation.closesAt, invitation.timeZone) : "",
      isSubmitted: invitation.responseStatus === "submitted",
    };
  };
}

/** After closing (or before opening) the link shows a read-only summary of the respondent's own answers. */
export function renderSummary(res: Response, c: LinkPageView, status = 200): void {
  const sections = c.pages.map((page) => {
    const view = pageView(c.instrument, page, c.locale, c.answers);
    return {
      title: view.title,
      items: view.items
        .filter((item) => !item.isHidden)
        .map((item) => {
          const answer = c.answers.get(item.id);
          return {
            number: item.number,
            question: item.question,
            current: answer?.kind === "answered" ? answer.current : null,
            target: answer?.kind === "answered" ? answer.target : null,
            importance: answer?.kind === "answered" ? (item.importance.find((o) => o.value === answer.importance)?.label ?? null) : null,
            isDontKnow: answer?.kind === "dontknow",
            isNotApplicable: answer?.kind === "na",
            comment: answer?.comment ?? "",
          };
        }),
    };
  });
  res.status(status).render("respond/summary", {
    titleKey: "respond.summary.title",
    respondentMode: true,
    ...c,
    sections,
    notOpenYet: c.invitation.assessmentStatus === "draft",
    isPublished: c.invitation.assessmentStatus === "published",
  });
}
