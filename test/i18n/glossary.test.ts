// One term per concept in each language (issue 24, languages point 3): src/i18n/glossary.json names, per concept
// and language, the term to use and the variants not to use; the interface catalogue and the default instrument's
// translation use the term and none of the variants. An entry may name instrument strings where a variant still
// stands, with the reason (work that rewrites them); each must still hold it, so the list stays exact.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import glossary from "../../src/i18n/glossary.json";
import type { Locale } from "../../src/i18n/locales";
import { readCatalogue } from "../../src/i18n/translate";

interface Rule {
  term: string;
  forbidden: string[];
  instrumentExceptions?: { reason: string; keys: string[] };
}

const root = path.resolve(import.meta.dirname, "../..");
const entries = Object.entries(glossary as Record<string, Record<string, Rule>>).flatMap(([concept, languages]) =>
  Object.entries(languages).map(([language, rule]) => ({ concept, language, ...rule })),
);

/** The default instrument's translated strings in `language`, by key (none when it has no translation). */
function instrumentStrings(language: string): Record<string, string> {
  const file = path.join(root, "questionnaires/digital-government/translations", `${language}.yaml`);
  if (!fs.existsSync(file)) return {};
  const strings = (parse(fs.readFileSync(file, "utf8")) as { strings: Record<string, { text: string }> }).strings;
  return Object.fromEntries(Object.entries(strings).map(([key, { text }]) => [key, text]));
}

describe("the glossary", () => {
  it.each(entries.map((e) => [`${e.concept} (${e.language})`, e] as const))("%s: the term is used and no variant", (_, entry) => {
    const instrument = instrumentStrings(entry.language);
    const excepted = new Set(entry.instrumentExceptions?.keys ?? []);
    const texts = [
      ...Object.entries(readCatalogue(entry.language as Locale)).map(([key, text]) => [`interface ${key}`, text] as const),
      ...Object.entries(instrument).map(([key, text]) => [`instrument ${key}`, text] as const),
    ];
    expect(texts.map(([, text]) => text.toLowerCase()).join("\n")).toContain(entry.term.toLowerCase());
    for (const variant of entry.forbidden) {
      const uses = texts.filter(([where, text]) => text.toLowerCase().includes(variant.toLowerCase()) && !excepted.has(where.slice("instrument ".length)));
      expect(
        uses.map(([where]) => where),
        variant,
      ).toEqual([]);
    }
    for (const key of excepted) {
      expect(entry.instrumentExceptions?.reason).toBeTruthy();
      expect(
        entry.forbidden.some((variant) => instrument[key]?.toLowerCase().includes(variant.toLowerCase())),
        `${key} no longer needs its exception`,
      ).toBe(true);
    }
  });
});
