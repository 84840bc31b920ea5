// The words of each message, in the recipient's language: a plain-text part and an HTML part built from the same
// blocks; Arabic HTML is laid out right to left. The link is a placeholder here (links.ts writes it in when sending).
import { formatClosing } from "../assessments/deadline";
import { directionOf, isLocale } from "../i18n/locales";
import type { Translator } from "../i18n/translate";
import { LINK_PLACEHOLDER } from "./links";

export type Block = { paragraph: string } | { heading: string } | { link: string; label: string } | { labelled: string; value: string };

export interface ComposedMessage {
  language: string;
  subject: string;
  textBody: string;
  htmlBody: string;
}

/** The language a message is written in: the recipient's when the interface speaks it, else English. */
export function mailLanguage(language: string | null | undefined): string {
  return isLocale(language) ? language : "en";
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function composeMessage(language: string, subject: string, blocks: Block[]): ComposedMessage {
  const text = blocks
    .map((b) => ("paragraph" in b ? b.paragraph : "heading" in b ? b.heading : "link" in b ? `${b.label}\n${b.link}` : `${b.labelled}: ${b.value}`))
    .join("\n\n");
  const dir = directionOf(language);
  const align = dir === "rtl" ? "right" : "left";
  const html = blocks
    .map((b) =>
      "paragraph" in b
        ? `<p>${escapeHtml(b.paragraph)}</p>`
        : "heading" in b
          ? `<h2 style="font-size:1.1em">${escapeHtml(b.heading)}</h2>`
          : "link" in b
            ? `<p>${escapeHtml(b.label)}<br><a href="${escapeHtml(b.link)}" style="font-weight:bold">${escapeHtml(b.link)}</a></p>`
            : `<p><strong>${escapeHtml(b.labelled)}:</strong> ${escapeHtml(b.value)}</p>`,
    )
    .join("\n");
  return {
    language,
    subject,
    textBody: `${text}\n`,
    htmlBody: `<!doctype html>\n<html lang="${language}" dir="${dir}">\n<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body dir="${dir}" style="font-family:sans-serif;line-height:1.5;text-align:${align}">\n${html}\n</body>\n</html>\n`,
  };
}

export interface InvitationMailFacts {
  kind: "invitation" | "reminder" | "announcement";
  language: string;
  name: string | null;
  countryName: string;
  roundLabel: string;
  organisationName: string;
  closesAt: string | null;
  timeZone: string;
  minutes: number;
}

/** An invitation, a reminder or the announcement of published results, to one invitation's respondent. */
export function invitationMessage(translator: Translator, facts: InvitationMailFacts): ComposedMessage {
  const lang = facts.language;
  const t = (key: string, params?: Record<string, unknown>) => translator.t(lang, key, params);
  const place = { country: facts.countryName, round: facts.roundLabel, organisation: facts.organisationName };
  const blocks: Block[] = [{ paragraph: facts.name ? t("mail.greeting.named", { name: facts.name }) : t("mail.greeting") }];
  if (facts.kind === "announcement") {
    blocks.push({ paragraph: t("mail.announcement.intro", place) }, { link: LINK_PLACEHOLDER, label: t("mail.announcement.link") });
  } else {
    blocks.push(
      { paragraph: facts.kind === "reminder" ? t("mail.reminder.intro", place) : t("respond.welcome.intro", place) },
      { link: LINK_PLACEHOLDER, label: t("mail.invitation.link") },
    );
    if (facts.closesAt) blocks.push({ labelled: t("respond.welcome.deadline"), value: formatClosing(lang, facts.closesAt, facts.timeZone) });
    blocks.push(
      { labelled: t("respond.welcome.length"), value: t("mail.invitation.minutes", { count: facts.minutes }) },
      { paragraph: t("respond.welcome.saving") },
      { heading: t("respond.welcome.confidentialityTitle") },
      { paragraph: t("respond.welcome.confidentiality") },
    );
  }
  blocks.push({ paragraph: t("mail.personalLink") });
  const subjectKey = { invitation: "mail.invitation.subject", reminder: "mail.reminder.subject", announcement: "mail.announcement.subject" }[facts.kind];
  return composeMessage(lang, t(subjectKey, place), blocks);
}

/** The message carrying a password link asked for on the "forgotten password" page. */
export function passwordResetMessage(translator: Translator, language: string, facts: { email: string; hours: number }): ComposedMessage {
  const t = (key: string, params?: Record<string, unknown>) => translator.t(language, key, params);
  return composeMessage(language, t("mail.reset.subject"), [
    { paragraph: t("mail.reset.intro", { email: facts.email }) },
    { link: LINK_PLACEHOLDER, label: t("mail.reset.link", { count: facts.hours }) },
    { paragraph: t("mail.reset.ignore") },
  ]);
}
