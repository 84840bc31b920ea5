// One term per concept in each language (issue 24, languages point 3): src/i18n/glossary.json names, per concept
// and language, the term to use and the variants not to use; the interface catalogue and the default instrument's
// translation use the term and none of the variants.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import glossary from "../../src/i18n/glossary.json";
import type { Locale } from "../../src/i18n/locales";
import { readCatalogue } from "../../src/i18n/translate";

const root = path.resolve(import.meta.dirname, "../..");
const entries = Object.entries(glossary as Record<string, Record<string, { term: string; forbidden: string[] }>>).flatMap(([concept, languages]) =>
  Object.entries(languages).map(([language, rule]) => ({ concept, language, ...rule })),
);

function textsOf(language: string): string {
  const instrument = path.join(root, "questionnaires/digital-government/translations", `${language}.yaml`);
  return [...Object.values(readCatalogue(language as Locale)), fs.existsSync(instrument) ? fs.readFileSync(instrument, "utf8") : ""].join("\n");
}

describe("the glossary", () => {
  it.each(entries.map((e) => [`${e.concept} (${e.language})`, e] as const))("%s: the term is used and no variant", (_, entry) => {
    const text = textsOf(entry.language).toLowerCase();
    expect(text).toContain(entry.term.toLowerCase());
    for (const variant of entry.forbidden) expect(text, variant).not.toContain(variant.toLowerCase());
  });
});
