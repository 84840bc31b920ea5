// The respondent journey at /r/<token>: welcome, one page per dimension, review, submit. No account; the
// unguessable link is the credential. Every page works as a plain form; respond.js adds autosave (autosave.ts).
// One module per page in pages/ (about.ts: the background questions, before the ratings) (handlers beside their presenters). These stay plain express handlers on the link
// chain rather than definePage pages: the link itself is the access, resolved once per request by the token
// parameter below, and the chain is kept as short as decision 007 made it.
import { Router, type NextFunction, type Request, type Response } from "express";
import type { AppContext } from "../context";
import { renderUnavailable, resolveLink } from "./link-state";
import { linkPagePresenter } from "./pages/common";
import { registerAboutPages } from "./pages/about";
import { registerQuestionnairePages } from "./pages/questionnaire-page";
import { registerReviewPages } from "./pages/review";
import { registerWelcomePages } from "./pages/welcome";

export function respondentRouter(context: AppContext): Router {
  const router = Router();

  // Resolves the token into the invitation; unknown, malformed and withdrawn links all get the same plain 404.
  router.param("token", (req: Request, res: Response, next: NextFunction, token: string) => {
    const resolved = resolveLink(context, req, res, token);
    if (!resolved) return renderUnavailable(res);
    res.locals.respondent = resolved;
    next();
  });

  const linkPage = linkPagePresenter(context);
  registerWelcomePages(router, context, linkPage);
  registerAboutPages(router, context);
  registerQuestionnairePages(router, context, linkPage);
  registerReviewPages(router, context, linkPage);
  return router;
}
