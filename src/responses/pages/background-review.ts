// The About you answers on the review page: each question the respondent is shown, with the answer as the page
// words it, and the required questions still unanswered, which keep the response from being submitted.
import type { Translator } from "../../i18n/translate";
import { backgroundQuestionsFor, preferNotToSay, type BackgroundQuestion } from "../../questionnaires/background";
import { backgroundKey, backgroundOptionKey, instrumentText } from "../../questionnaires/i18n";
import type { AppDatabase } from "../../db/client";
import { loadBackground, relevantQuestions } from "../background";
import type { RespondentState } from "../link-state";

export interface BackgroundReview {
  /** Empty when the respondent is asked no background question. */
  questions: { id: string; question: string; answer: string; isAnswered: boolean; isRequired: boolean; href: string }[];
  aboutHref: string;
  /** Required questions shown but not answered: links to each on the About you page. */
  missing: { question: string; href: string }[];
}

/** A stored answer in the respondent's words: option labels, yes/no, "prefer not to say", the number or the text. */
function answerText(translator: Translator, state: Pick<RespondentState, "instrument">, locale: string, q: BackgroundQuestion, value: string): string {
  if (value === preferNotToSay) return translator.t(locale, "respond.background.preferNotToSay");
  if (q.type === "yesno") return translator.t(locale, value === "yes" ? "respond.background.yes" : "respond.background.no");
  if (q.type === "single" || q.type === "multiple")
    return value
      .split(" ")
      .map((option) => instrumentText(state.instrument, backgroundOptionKey(q.id, option), locale))
      .join(", ");
  return value;
}

export function backgroundReview(
  deps: { database: AppDatabase; translator: Translator },
  state: Pick<RespondentState, "instrument" | "invitation" | "token">,
  locale: string,
): BackgroundReview {
  const aboutHref = `/r/${state.token}/about`;
  const asked = backgroundQuestionsFor(state.instrument, state.invitation.levels);
  if (asked.length === 0) return { questions: [], aboutHref, missing: [] };
  const values = loadBackground(deps.database, state.invitation.responseId);
  // Only the questions the respondent is shown: one hidden by its condition is neither listed nor required.
  const questions = relevantQuestions(asked, values).map((q) => {
    const value = values.get(q.id);
    return {
      id: q.id,
      question: instrumentText(state.instrument, backgroundKey(q.id, "question"), locale),
      answer: value === undefined ? deps.translator.t(locale, "respond.review.notAnswered") : answerText(deps.translator, state, locale, q, value),
      isAnswered: value !== undefined,
      isRequired: q.required,
      href: `${aboutHref}#bg-${q.id}`,
    };
  });
  return {
    questions,
    aboutHref,
    missing: questions.filter((q) => q.isRequired && !q.isAnswered).map((q) => ({ question: q.question, href: q.href })),
  };
}
