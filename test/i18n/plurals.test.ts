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
  name: "N",
  email: "e@example.org",
  individual: "5",
  selected: "3",
  evidenced: "4",
  share: "40%",
  organisation: "Org",
  answers: "A",
  background: "B",
  submitted: "9",
  limit: "10",
};

/**
 * Placeholders that never hold a number of things: names, texts, identifiers, ordinals ("page {page} of"), scores and
 * percentages. Every other placeholder holds a count. A new placeholder must be named here or counted (see below).
 */
const notCounts = new Set(
  `action name field country round status transition organisation language closing time column columns format row item template assessment
  invitation reason values level levels languages key what sheet value list question group expected found note dimension type extra id
  expression source message char token choice op file place dir fields code fallback chain range folder advice ch where example names fn
  index weakest weakestIndex strongest strongestIndex gap severity rate previous change dimensions organisations changes coverage self
  horizon current target critical high moderate low version top instrument date email codes label text share size options from to page
  number min max lowest highest`.split(/\s+/),
);
const counts_ = `count limit total answered pages minutes items shown submitted invited queued sending sent failed skipped respondents k
  seconds hours rows changed background units validated evidenced files imported answers individual above below selected`.split(/\s+/);
/** A number followed by one of these is not what the word agrees with: "3 of 5", "5 МБ", "2 in all". */
const notAgreeing = new Set(
  `MB Mo МБ KB Ko КБ ميغابايت كيلوبايت of on in and or per to for out sur de à et ou en par pour au des a y o por para del из в и или на по до от
  для против من في على و أو إلى لكل مقابل em e no na do da ao`.split(/\s+/),
);

/** The placeholders of `text` that a word follows, and the word ("{count} invitations" → count, invitations). */
function countedWords(text: string): { name: string; word: string }[] {
  return [...text.matchAll(/\{(\w+)\}[\s\u00a0\u202f]*(\p{L}[\p{L}\p{M}'’-]*)/gu)]
    .map(([, name, word]) => ({ name, word }))
    .filter(({ name, word }) => !notCounts.has(name) && !notAgreeing.has(word) && !notAgreeing.has(word.toLowerCase()));
}

/** The count phrases the catalogues hold, found by a scan of every language whose nouns change with the number. */
function countPhrasesOf(): { key: string; where: string }[] {
  const found: { key: string; where: string }[] = [];
  for (const locale of interfaceLocales.filter((l) => pluralCategories(l).length > 1)) {
    for (const [key, text] of Object.entries(readCatalogue(locale))) {
      const stem = key.replace(/\.(zero|one|two|few|many|other)$/, "");
      const isVariant = stem !== key && stems.includes(stem);
      // In a plural variant {count} chooses the words; another count there would need its own plural message.
      const words = countedWords(text).filter(({ name }) => !(isVariant && name === "count"));
      for (const { name, word } of words) found.push({ key: isVariant ? stem : key, where: `${locale}: {${name}} ${word}` });
    }
  }
  return found;
}

describe("the count phrases of the interface", () => {
  const translator = new Translator();

  it("are every placeholder that interpolates a number before words, each a plural stem chosen by {count}", () => {
    // Every placeholder of every catalogue is classed: a count, or a value that is not one.
    const names = new Set(interfaceLocales.flatMap((l) => Object.values(readCatalogue(l)).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))));
    expect(
      [...names].filter((name) => !notCounts.has(name) && !counts_.includes(name)),
      "placeholders to class as counts or not",
    ).toEqual([]);
    // A phrase where a count is followed by words that must agree with it is a plural stem, its count {count}.
    expect(countPhrasesOf().map(({ key, where }) => `${key} (${where})`)).toEqual([]);
    // The scan finds the phrases converted so far: it would have found them as plain texts.
    expect(countedWords("{count} invitations were withdrawn.")).toEqual([{ name: "count", word: "invitations" }]);
    expect(countedWords("Hidden: fewer than {k} respondents")).toEqual([{ name: "k", word: "respondents" }]);
    expect(countedWords("{validated} из {units}: {limit} МБ, {count} in all")).toEqual([]);
    expect(stems.length).toBeGreaterThan(60);
    for (const stem of stems) expect(english[stem], stem).toBeUndefined();
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
    expect(t("en", "lists.bulk.revoke.done", 1)).toBe("1 invitation was withdrawn.");
    expect(t("fr", "lists.bulk.revoke.done", 0)).toBe("0 invitation a été retirée.");
    expect(t("ru", "lists.bulk.revoke.done", 21)).toBe("Отозвано 21 приглашение.");
    expect(t("ru", "lists.bulk.revoke.done", 11)).toBe("Отозвано 11 приглашений.");
    expect(t("ru", "lists.bulk.revoke.done", 3)).toBe("Отозвано 3 приглашения.");
    expect(t("ar", "lists.bulk.revoke.done", 2)).toBe("سُحبت 2 دعوتان.");
    expect(t("ar", "lists.bulk.revoke.done", 5)).toBe("سُحبت 5 دعوات.");
    expect(t("ar", "lists.bulk.revoke.done", 11)).toBe("سُحبت 11 دعوةً.");
    expect(t("ar", "lists.bulk.revoke.done", 101)).toBe("سُحبت 101 دعوة.");
    expect(t("en", "report.withheld.group-size", 1)).toBe("Hidden: fewer than 1 respondent");
    expect(t("es", "admin.audit.entries", 1)).toBe("1 entrada");
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
