// The end of the journey at /r/<token>: "saved, come back later", the review of what is left to answer, the
// submission, and the thanks page.
import type { Response, Router } from "express";
import type { AppContext } from "../../context";
import { pageView } from "../questionnaire";
import { submitResponse } from "../service";
import { backgroundReview } from "./background-review";
import { renderSummary, type LinkPageView } from "./common";

/**
 * The review page's view model: the About you answers (with the required ones missing), and per page how many of its
 * shown items are answered, with links to those that are not.
 */
export function reviewView(c: LinkPageView, context: Pick<AppContext, "database" | "translator">) {
  const sections = c.pages.map((page) => {
    const view = pageView(c.instrument, page, c.locale, c.answers);
    // Items hidden by their condition are not asked, so not listed (their stored answers do not count).
    const shown = view.items.filter((i) => !i.isHidden);
    const incomplete = shown.filter((i) => !i.isComplete);
    return {
      title: view.title,
      href: `${c.base}/p/${page.dimension.id}`,
      answered: shown.length - incomplete.length,
      total: shown.length,
      incomplete: incomplete.map((i) => ({ number: i.number, question: i.question, href: `${c.base}/p/${page.dimension.id}#item-${i.id}` })),
    };
  });
  return {
    titleKey: "respond.review.title",
    respondentMode: true,
    ...c,
    sections,
    background: backgroundReview(context, c, c.locale),
    isEverythingAnswered: c.progress.answered === c.progress.total,
    lastPageHref: `${c.base}/p/${c.pages[c.pages.length - 1]?.dimension.id ?? ""}`,
  };
}

export function registerReviewPages(router: Router, context: AppContext, linkPage: (res: Response) => LinkPageView): void {
  router.get("/r/:token/saved", (_req, res) => {
    const c = linkPage(res);
    res.render("respond/saved", { titleKey: "respond.saved.title", respondentMode: true, ...c });
  });

  router.get("/r/:token/review", (_req, res) => {
    const c = linkPage(res);
    if (!c.isOpen) return renderSummary(res, c);
    res.render("respond/review", reviewView(c, context));
  });

  router.post("/r/:token/submit", (_req, res) => {
    const c = linkPage(res);
    if (!c.isOpen) return renderSummary(res, c, 409);
    // A required background question left unanswered keeps the response from being submitted: the page says which.
    const view = reviewView(c, context);
    if (view.background.missing.length) return res.status(400).render("respond/review", { ...view, isSubmitRefused: true });
    submitResponse(context.database, c.invitation, context.clock());
    res.redirect(303, `${c.base}/thanks`);
  });

  router.get("/r/:token/thanks", (_req, res) => {
    const c = linkPage(res);
    res.render("respond/thanks", { titleKey: "respond.thanks.title", respondentMode: true, ...c, submittedAt: c.invitation.submittedAt });
  });
}
