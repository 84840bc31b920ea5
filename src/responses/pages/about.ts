// GET and POST /r/<token>/about, the "About you" page: the background questions, asked once before the ratings on
// one short page that works as a plain form (no script). A question whose condition depends on an answer on the page
// appears after a save: the page comes back with it.
import type { Response, Router } from "express";
import { z } from "zod";
import type { AppContext } from "../../context";
import { acceptsAnswersAt } from "../../assessments/lifecycle";
import { backgroundQuestionsFor, optionIdsOf, preferNotToSay, type BackgroundQuestion } from "../../questionnaires/background";
import { backgroundKey, backgroundOptionKey, instrumentText, sourceTexts } from "../../questionnaires/i18n";
import { loadBackground, parseBackgroundFields, relevantQuestions, saveBackground, type BackgroundFieldError } from "../background";
import type { RespondentState } from "../link-state";

/** The questions the respondent saw (space-separated ids), as the form sends them back. */
const shownSchema = z.string().max(5_000, "_shown: too long").optional();

/** Where the respondent starts: the About you page when they are asked background questions and have not begun. */
export function startsWithBackground(state: Pick<RespondentState, "instrument" | "invitation">): boolean {
  return state.invitation.lastPage === null && backgroundQuestionsFor(state.instrument, state.invitation.levels).length > 0;
}

export function registerAboutPages(router: Router, context: AppContext): void {
  const { database, translator } = context;

  const view = (res: Response, values: ReadonlyMap<string, string>, errors?: Map<string, BackgroundFieldError>) => {
    const { token, invitation, instrument, pages } = res.locals.respondent as RespondentState;
    const locale = res.locals.locale as string;
    const asked = backgroundQuestionsFor(instrument, invitation.levels);
    const shown = relevantQuestions(asked, values);
    const text = (key: string) => instrumentText(instrument, key, locale);
    const hasText = (key: string) => sourceTexts(instrument).has(key);
    const label = (q: BackgroundQuestion, option: string) =>
      q.type === "yesno"
        ? translator.t(locale, option === "yes" ? "respond.background.yes" : "respond.background.no")
        : text(backgroundOptionKey(q.id, option));
    const declinedLabel = translator.t(locale, "respond.background.preferNotToSay");
    const questions = shown.map((q, index) => {
      const stored = values.get(q.id) ?? "";
      const chosen = new Set(stored.split(" "));
      const error = errors?.get(q.id);
      const options = optionIdsOf(q).map((o) => ({ id: `bg-${q.id}-${o}`, value: o, label: label(q, o), checked: chosen.has(o) }));
      return {
        id: q.id,
        number: index + 1,
        question: text(backgroundKey(q.id, "question")),
        hint: hasText(backgroundKey(q.id, "hint")) ? text(backgroundKey(q.id, "hint")) : "",
        required: q.required,
        isRadio: q.type === "single" || q.type === "yesno",
        isCheckbox: q.type === "multiple",
        isInteger: q.type === "integer",
        isText: q.type === "text",
        min: q.min !== undefined ? String(q.min) : "",
        max: q.max !== undefined ? String(q.max) : "",
        inputValue: q.type === "integer" || q.type === "text" ? (stored === preferNotToSay ? "" : stored) : "",
        options,
        declined: q.preferNotToSay ? { id: `bg-${q.id}-declined`, label: declinedLabel, checked: stored === preferNotToSay } : null,
        error: error ? translator.t(locale, error.key, error.values) : "",
      };
    });
    const errorSummary = questions.filter((q) => q.error).map((q) => ({ href: `#bg-${q.id}`, message: `${q.question}: ${q.error}` }));
    res.status(errorSummary.length ? 400 : 200).render("respond/about", {
      titleKey: "respond.background.title",
      respondentMode: true,
      action: `/r/${token}/about`,
      backHref: `/r/${token}`,
      instrumentTitle: text("instrument.title"),
      questions,
      shownIds: shown.map((q) => q.id).join(" "),
      errorSummary,
      hasPages: pages.length > 0,
    });
  };

  const isOpen = (res: Response) => {
    const { invitation } = res.locals.respondent as RespondentState;
    return acceptsAnswersAt(invitation.assessmentStatus, invitation.closesAt, context.clock()) && !invitation.revoked;
  };

  router.get("/r/:token/about", (_req, res) => {
    const { token, invitation } = res.locals.respondent as RespondentState;
    if (!isOpen(res)) return res.redirect(303, `/r/${token}`);
    view(res, loadBackground(database, invitation.responseId));
  });

  router.post("/r/:token/about", (req, res) => {
    const { token, invitation, instrument, pages } = res.locals.respondent as RespondentState;
    if (!isOpen(res)) return res.redirect(303, `/r/${token}`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const asked = backgroundQuestionsFor(instrument, invitation.levels);
    const before = loadBackground(database, invitation.responseId);
    // Only the questions shown (by the answers stored before this post) are read; the rest keep what they had.
    const shownBefore = relevantQuestions(asked, before);
    const { answers, errors, sent } = parseBackgroundFields(body, shownBefore);
    // Valid answers are saved even when another is wrong; a post that changes nothing and is refused writes nothing.
    const changes = answers.filter((a) => (before.get(a.questionId) ?? null) !== a.value);
    if (changes.length || !errors.size) saveBackground(database, invitation, changes, { source: "form", now: context.clock() });
    const after = loadBackground(database, invitation.responseId);
    if (errors.size) {
      for (const [id, value] of sent) after.set(id, value);
      return view(res, after, errors);
    }
    const sentShown = shownSchema.safeParse(body._shown).data;
    const seen = new Set(sentShown !== undefined ? sentShown.split(/\s+/) : shownBefore.map((q) => q.id));
    const appeared = relevantQuestions(asked, after).find((q) => !seen.has(q.id));
    if (appeared) return res.redirect(303, `/r/${token}/about#bg-${appeared.id}`);
    const intent = String(body.intent ?? "next");
    if (intent === "later") return res.redirect(303, `/r/${token}/saved`);
    if (intent === "back" || pages.length === 0) return res.redirect(303, `/r/${token}`);
    res.redirect(303, `/r/${token}/p/${pages[0].dimension.id}`);
  });
}
