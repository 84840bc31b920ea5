// The interface catalogues: English is the reference; fr, es, ar and pt hold exactly its keys; ru and zh hold at least
// the respondent journey and the report. Placeholders match across languages, and every key the code uses exists.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interfaceLocales, type Locale } from "../../src/i18n/locales";
import { pluralCategories, readCatalogue, Translator } from "../../src/i18n/translate";

const completeLocales: Locale[] = ["fr", "es", "ar", "pt"];
const partialLocales: Locale[] = ["ru", "zh"];

/** What a respondent and a report reader see: these prefixes must be translated in every interface language. */
export const respondentAndReportPrefixes = [
  "app.",
  "layout.",
  "language.",
  "errors.",
  "respond.",
  "message.",
  "report.",
  "pdf.",
  "severity.",
  "horizon.",
  "status.",
  "organisationType.",
] as const;

const english = readCatalogue("en");
const cldrCategories = ["zero", "one", "two", "few", "many", "other"];
/**
 * Messages that depend on a count (Translator.plural): `<stem>.<category>`, one key per plural category of the
 * language (Intl.PluralRules), so English has `.one` and `.other`, Arabic six, Chinese `.other` alone.
 */
const pluralStems = new Set(
  Object.keys(english)
    .filter((key) => key.endsWith(".other") && `${key.slice(0, -".other".length)}.one` in english)
    .map((key) => key.slice(0, -".other".length)),
);
const isPluralVariant = (key: string) => {
  const cut = key.lastIndexOf(".");
  return pluralStems.has(key.slice(0, cut)) && cldrCategories.includes(key.slice(cut + 1));
};
const englishKeys = Object.keys(english)
  .filter((key) => !isPluralVariant(key))
  .sort();
const isRespondentOrReportKey = (key: string) => respondentAndReportPrefixes.some((prefix) => key.startsWith(prefix));

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

function filesUnder(dir: string, ending: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, ending);
    return entry.name.endsWith(ending) ? [full] : [];
  });
}

describe("the English catalogue", () => {
  it("is a flat object of strings", () => {
    expect(englishKeys.length).toBeGreaterThan(300);
    for (const [key, value] of Object.entries(english)) {
      expect(typeof value, key).toBe("string");
      expect(key, key).toMatch(/^[a-zA-Z][\w-]*(\.[\w-]+)+$/);
    }
  });

  it('has a key for every literal {{t "key"}} in the views and every key named in the source', () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const used = new Set<string>();
    for (const file of filesUnder(path.join(root, "views"), ".hbs")) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/\{\{t "([^"]+)"/g)) used.add(m[1]);
      for (const m of fs.readFileSync(file, "utf8").matchAll(/\(plural "([^"]+)"/g)) used.add(m[1]);
    }
    for (const file of filesUnder(path.join(root, "src"), ".ts")) {
      const source = fs.readFileSync(file, "utf8");
      // Catalogue keys are dotted: `titleKey: "respond.welcome.title"`, flash `key: "…"`, `translator.t(locale, "…")`.
      for (const m of source.matchAll(/\b(?:titleKey|key)\s*:\s*"([a-zA-Z][\w-]*\.[\w.-]+)"/g)) used.add(m[1]);
      for (const m of source.matchAll(/\bt\([^()"]*?,\s*"([a-zA-Z][\w-]*\.[\w.-]+)"/g)) used.add(m[1]);
    }
    // A message that depends on a count is named by its stem: `t(…, "auth.signIn.tooMany", { count })` picks a variant.
    const missing = [...used].filter((key) => !(key in english) && !pluralStems.has(key));
    expect(missing).toEqual([]);
  });

  it("has every key that the views build from a prefix and a known value", () => {
    const built = [
      ...["draft", "open", "closed", "published"].map((s) => `status.${s}`),
      ...["draft", "open", "closed", "published"].map((s) => `lifecycle.hint.${s}`),
      ...["open", "close", "reopen", "publish", "unpublish"].map((s) => `transition.${s}`),
      ...["none", "low", "moderate", "high", "critical"].map((s) => `severity.${s}`),
      ...["short", "medium", "long"].map((s) => `horizon.${s}`),
      ...["suppressed", "insufficient-data", "scored"].map((s) => `report.cell.${s}`),
      ...["invited", "started", "submitted"].map((s) => `invitationStatus.${s}`),
      ...["admin", "expert", "focal_point", "analyst"].flatMap((r) => [`role.${r}`, `admin.users.roleHint.${r}`]),
    ];
    expect(built.filter((key) => !(key in english))).toEqual([]);
  });
});

describe("messages that depend on a count", () => {
  it("are in English as a .one and an .other variant each (the categories of English), and there are some", () => {
    expect(pluralStems.size).toBeGreaterThan(5);
    for (const stem of pluralStems) {
      const variants = Object.keys(english).filter((key) => key.startsWith(`${stem}.`) && isPluralVariant(key));
      expect(variants.map((key) => key.slice(stem.length + 1)).sort(), stem).toEqual(pluralCategories("en").sort());
    }
  });
});

describe.each(completeLocales)("the %s catalogue", (locale) => {
  const catalogue = readCatalogue(locale);

  it("has exactly the keys of English", () => {
    const keys = Object.keys(catalogue)
      .filter((key) => !isPluralVariant(key))
      .sort();
    expect({ missing: englishKeys.filter((k) => !(k in catalogue)), extra: keys.filter((k) => !(k in english)) }).toEqual({ missing: [], extra: [] });
  });

  it("translates every sentence (none left in English)", () => {
    const untranslated = englishKeys.filter((key) => catalogue[key] === english[key] && english[key].split(/\s+/).length >= 4);
    expect(untranslated).toEqual([]);
  });
});

describe.each(partialLocales)("the %s catalogue", (locale) => {
  const catalogue = readCatalogue(locale);

  it("has every key of the respondent journey and the report", () => {
    const required = englishKeys.filter(isRespondentOrReportKey);
    expect(required.length).toBeGreaterThan(100);
    expect(required.filter((k) => !(k in catalogue))).toEqual([]);
  });

  it("has no key that English lacks", () => {
    expect(Object.keys(catalogue).filter((k) => !(k in english) && !isPluralVariant(k))).toEqual([]);
  });

  it("falls back to English for the keys it does not have", () => {
    const translator = new Translator();
    const untranslated = englishKeys.find((k) => !(k in catalogue));
    if (untranslated) expect(translator.t(locale, untranslated)).toBe(english[untranslated]);
  });
});

describe.each([...completeLocales, ...partialLocales])("%s strings", (locale) => {
  const catalogue = readCatalogue(locale);

  it("keep the placeholders of English, no more and no fewer", () => {
    const mismatched = Object.entries(catalogue)
      .filter(([key, text]) => key in english && !isPluralVariant(key) && placeholdersOf(text).join(",") !== placeholdersOf(english[key]).join(","))
      .map(([key, text]) => `${key}: ${text}`);
    expect(mismatched).toEqual([]);
  });

  it("hold each message that depends on a count in exactly the plural categories of the language, with no placeholder English lacks", () => {
    const categories = pluralCategories(locale).sort();
    for (const stem of pluralStems) {
      const variants = Object.keys(catalogue)
        .filter((key) => key.startsWith(`${stem}.`) && isPluralVariant(key))
        .map((key) => key.slice(stem.length + 1))
        .sort();
      expect(variants, stem).toEqual(categories);
      const allowed = new Set(placeholdersOf(english[`${stem}.other`]));
      for (const category of variants) {
        const extra = placeholdersOf(catalogue[`${stem}.${category}`]).filter((name) => !allowed.has(name));
        expect(extra, `${stem}.${category}`).toEqual([]);
      }
    }
  });

  it("are non-empty strings with balanced braces (no ICU syntax: the catalogue uses plain {name} placeholders)", () => {
    for (const [key, text] of Object.entries(catalogue)) {
      expect(typeof text, key).toBe("string");
      if (english[key] !== "") expect(text.trim(), key).not.toBe("");
      expect(text.replace(/\{\w+\}/g, ""), key).not.toMatch(/[{}]/);
    }
  });

  it("name the language in itself", () => {
    expect(catalogue["language.name"]).not.toBe(english["language.name"]);
  });
});

describe("interface locales", () => {
  it("have a catalogue file each", () => {
    for (const locale of interfaceLocales) {
      expect(fs.existsSync(path.resolve(import.meta.dirname, `../../src/i18n/locales/${locale}.json`)), locale).toBe(true);
    }
  });
});
