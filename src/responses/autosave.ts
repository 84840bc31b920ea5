// The autosave endpoint, POST /r/<token>/autosave: the hot path of a respondent with JavaScript, one small JSON body
// per change. It runs on the short chain app.ts gives JSON link routes (no page headers, no compression of a few
// hundred bytes), writes by group commit (save-batcher.ts) and answers once the save is committed, with the
// progress read back after the write.
import type { RequestHandler } from "express";
import type { AppContext } from "../context";
import { acceptsAnswersAt } from "../assessments/lifecycle";
import { formatClosing, isPastDeadline } from "../assessments/deadline";
import { describeFieldErrors } from "../errors";
import { renderUnavailable, resolveLink } from "./link-state";
import { itemIdsOf, progressOf } from "./questionnaire";
import { loadAnswerStates } from "./repository";
import { SaveBatcher } from "./save-batcher";
import { parseAnswerFields } from "./schemas";

export function autosaveHandler(context: AppContext): RequestHandler {
  const { database, translator } = context;
  const batcher = new SaveBatcher(database);
  return async (req, res) => {
    const resolved = resolveLink(context, req, res, String(req.params.token));
    if (!resolved) return renderUnavailable(res);
    const { invitation, pages, instrument } = resolved;
    const locale = res.locals.locale as string;
    if (!acceptsAnswersAt(invitation.assessmentStatus, invitation.closesAt, context.clock()) || invitation.revoked) {
      const message =
        invitation.closesAt && isPastDeadline(invitation.closesAt, context.clock())
          ? translator.t(locale, "respond.deadline.passed", { closing: formatClosing(locale, invitation.closesAt, invitation.timeZone) })
          : translator.t(locale, "respond.closed.notice");
      res.status(409).json({ error: message, code: "closed" });
      return;
    }
    const parsed = parseAnswerFields(req.body ?? {}, itemIdsOf(pages));
    const { answers } = parsed;
    // The answer schema speaks English (it is shared with imports and the API); respondents read it translated.
    const errors = translator.fields(locale, parsed.errors);
    const lastPage = typeof req.body?.page === "string" && pages.some((p) => p.dimension.id === req.body.page) ? req.body.page : null;
    const isRefused = answers.length === 0 && Object.keys(errors).length > 0;
    const result = isRefused ? null : await batcher.save(invitation, answers, { source: "autosave", now: context.clock(), lastPage });
    const progress = progressOf(instrument, pages, loadAnswerStates(database, result?.responseId ?? invitation.responseId));
    res.status(Object.keys(errors).length ? 400 : 200).json({
      savedAt: result?.savedAt ?? null,
      saved: answers.map((a) => a.itemId),
      progress,
      errors: Object.entries(errors).map(([field, message]) => ({ field, message })),
      ...(Object.keys(errors).length ? { detail: describeFieldErrors(errors) } : {}),
    });
  };
}
