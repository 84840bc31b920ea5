// Messages that depend on a count (issue 24, languages point 1): each is a plural stem whose variants are exactly the
// CLDR categories of the language (Intl.PluralRules), and Translator.t, .plural, .message and the views' `plural`
// helper choose the variant of the count's category, so nouns agree: "1 minute", Russian 21/31/41, Arabic 1/2/3-10/11-99/100.
import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/i18n/format";
import { interfaceLocales } from "../../src/i18n/locales";
import { pluralCategories, pluralCategory, readCatalogue, Translator } from "../../src/i18n/translate";
import { viewHelpers } from "../../src/web/views";

const counts = [0, 1, 2, 3, 5, 11, 21, 101];
const english = readCatalogue("en");
const stems = Object.keys(english)
  .filter((key) => key.endsWith(".other") && `${key.slice(0, -".other".length)}.one` in english)
  .map((key) => key.slice(0, -".other".length));
const slots: Record<string, string> = {
  dimensions: "D",
  organisations: "O",
  previous: "2024",
  changes: "C",
  group: "G",
  above: "7",
  below: "4",
  coverage: "50%",
  validated: "40",
  self: "41",
};

/** The interface's count phrases: each must stay a plural stem (a plain "{count} minutes" entry is the bug). */
const countPhrases = [
  "count.minutes",
  "count.questions",
  "count.pages",
  "mail.invitation.minutes",
  "auth.signIn.tooMany",
  "respond.background.errors.tooLong",
  "message.maxCharacters",
  "message.minCharacters",
  "message.requiredMin",
  "exchange.offline.invitations",
  "invitations.imported",
  "report.peersIntro",
];

describe("the count phrases of the interface", () => {
  const translator = new Translator();

  it("are plural stems, none left as one plain text", () => {
    for (const phrase of countPhrases) {
      expect(stems, phrase).toContain(phrase);
      expect(english[phrase], phrase).toBeUndefined();
    }
  });

  describe.each(interfaceLocales)("in %s", (locale) => {
    const catalogue = readCatalogue(locale);
    it("have every plural category of the language and no other", () => {
      const categories = pluralCategories(locale).sort();
      for (const stem of stems) {
        const present = ["zero", "one", "two", "few", "many", "other"].filter((category) => `${stem}.${category}` in catalogue);
        expect(present.sort(), stem).toEqual(categories);
      }
    });

    it.each(stems)("%s renders each count in the variant of its category, the number written", (stem) => {
      for (const count of counts) {
        const category = pluralCategory(locale, count);
        const template = catalogue[`${stem}.${category}`];
        expect(template, `${stem}.${category} (${count})`).toBeDefined();
        const number = formatNumber(locale, count, 0);
        const expected = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "count" ? number : slots[name]));
        expect(translator.t(locale, stem, { ...slots, count }), `${stem} ${count}`).toBe(expected);
        expect(translator.plural(locale, stem, count, slots)).toBe(expected);
        expect(expected).not.toMatch(/[{}]/);
        // Arabic may say "no gap" or "two questions" (the dual) in words, without the figure.
        if (!(template.indexOf("{count}") < 0 && ["zero", "one", "two"].includes(category))) expect(expected, `${stem} ${count}`).toContain(number);
      }
    });
  });

  it("agree nouns with the count", () => {
    const t = (locale: string, key: string, count: number) => translator.t(locale, key, { count });
    expect(t("en", "mail.invitation.minutes", 1)).toBe("about 1 minute");
    expect(t("en", "mail.invitation.minutes", 21)).toBe("about 21 minutes");
    expect(t("ru", "count.minutes", 21)).toBe("21 минута");
    expect(t("ru", "count.minutes", 22)).toBe("22 минуты");
    expect(t("ru", "count.minutes", 25)).toBe("25 минут");
    expect(t("ru", "auth.signIn.tooMany", 31)).toContain("Подождите 31 минуту");
    expect(t("ar", "message.maxCharacters", 1)).toBe("يجب ألا يتجاوز 1 حرف");
    expect(t("ar", "message.maxCharacters", 2)).toBe("يجب ألا يتجاوز 2 حرفين");
    expect(t("ar", "message.maxCharacters", 3)).toBe("يجب ألا يتجاوز 3 أحرف");
    expect(t("ar", "message.maxCharacters", 11)).toBe("يجب ألا يتجاوز 11 حرفًا");
    expect(t("ar", "message.maxCharacters", 200)).toBe("يجب ألا يتجاوز 200 حرف");
    expect(t("fr", "count.questions", 0)).toBe("0 question");
    expect(t("zh", "count.pages", 5)).toBe("5 页");
  });

  it("are chosen from an English validation sentence too (the count read back from it)", () => {
    expect(translator.message("ar", "must be at most 200 characters")).toBe("يجب ألا يتجاوز 200 حرف");
    expect(translator.message("ar", "must be at most 20 characters")).toBe("يجب ألا يتجاوز 20 حرفًا");
    expect(translator.message("ru", "must be at least 21 characters")).toBe("не менее 21 символа");
    expect(translator.message("en", "must be at least 1 character")).toBe("must be at least 1 character");
  });

  it("are chosen in the views through the plural helper", () => {
    const helpers = viewHelpers(translator);
    const options = (locale: string) => ({ hash: {}, data: { root: { locale } } }) as never;
    expect(helpers.plural("count.minutes", 1, options("en"))).toBe("1 minute");
    expect(helpers.plural("count.questions", 11, options("ar"))).toBe("11 سؤالًا");
    expect(helpers.plural("count.pages", 3, options("ru"))).toBe("3 страницы");
  });
});
