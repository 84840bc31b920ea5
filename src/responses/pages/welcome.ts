// GET /r/<token>: the welcome page (what the questionnaire is, how long it takes, where to resume); POST
// /r/<token>/language: the respondent's choice of language, remembered for the invitation.
import type { Response, Router } from "express";
import type { AppContext } from "../../context";
import { countryName } from "../../i18n/names";
import { instrumentText } from "../../questionnaires/i18n";
import { scaleEnds } from "../../questionnaires/scale";
import { estimatedMinutes } from "../questionnaire";
import { rememberLanguage } from "../service";
import { startsWithBackground } from "./about";
import { linkState, renderSummary, type LinkPageView } from "./common";

/** The welcome page's view model. */
export function welcomeView(context: AppContext, c: LinkPageView) {
  const resumeAt = c.pages.find((p) => p.dimension.id === c.invitation.lastPage) ?? c.pages[0];
  return {
    titleKey: "respond.welcome.title",
    respondentMode: true,
    ...c,
    organisationName: c.invitation.organisationName,
    // The country as the page's language names it (the reviewed names, else Intl's), as the report does.
    countryName: countryName(c.locale, {
      iso3: c.invitation.countryIso3,
      iso2: context.countries.byIso3(c.invitation.countryIso3)?.iso2 ?? null,
      name: c.invitation.countryName,
    }),
    roundLabel: c.invitation.roundLabel,
    minutes: estimatedMinutes(c.progress.total),
    itemCount: c.progress.total,
    pageCount: c.pages.length,
    hasStarted: c.invitation.responseId !== null,
    startHref: startsWithBackground(c) ? `${c.base}/about` : `${c.base}/p/${resumeAt?.dimension.id ?? ""}`,
    languages: c.invitation.languages.map((code) => ({ code, name: context.translator.t(code, "language.name"), selected: code === c.locale })),
    showLanguages: c.invitation.languages.length > 1,
    // The scale's ends as the instrument names them in the page's language, cited by the "how to answer" text.
    scaleEnds: scaleEnds(
      c.instrument.scale.map((s) => ({ value: s.value, label: instrumentText(c.instrument, `scale.${s.value}.label`, c.locale) })),
      c.locale,
    ),
  };
}

export function registerWelcomePages(router: Router, context: AppContext, linkPage: (res: Response) => LinkPageView): void {
  router.get("/r/:token", (_req, res) => {
    const c = linkPage(res);
    if (!c.isOpen) return renderSummary(res, c);
    res.render("respond/welcome", welcomeView(context, c));
  });

  router.post("/r/:token/language", (req, res) => {
    const { invitation, token } = linkState(res);
    const language = typeof req.body?.language === "string" ? req.body.language : "";
    if (invitation.languages.includes(language)) rememberLanguage(context.database, invitation, language);
    res.redirect(303, `/r/${token}`);
  });
}
