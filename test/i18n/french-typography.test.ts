// French typography (issue 24, languages point 2): a narrow no-break space (U+202F) before : ; ? ! and inside « »,
// and one apostrophe, the typographic ’, in the interface catalogue and in the default instrument's French text.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readCatalogue } from "../../src/i18n/translate";

const instrumentFile = path.resolve(import.meta.dirname, "../../questionnaires/digital-government/translations/fr.yaml");

/** Every string of a parsed YAML document, named by its path. */
function stringsOf(value: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => stringsOf(item, `${where}[${i}]`, out));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) stringsOf(item, `${where}.${key}`, out);
  return out;
}

const letter = "A-Za-zÀ-ÖØ-öø-ÿŒœ";
const faults: [string, RegExp][] = [
  ["straight apostrophe", new RegExp(`[${letter}]'[${letter}]`)],
  ["ordinary or no-break space before : ; ? !", /[ \u00a0][:;?!]/],
  ["no space before ; ? !", new RegExp(`[${letter})][;?!](\\s|$)`)],
  ["« without a narrow no-break space after it", /«(?!\u202f)/],
  ["» without a narrow no-break space before it", /(?<!\u202f)»/],
];

function faultsIn(texts: [string, string][]): string[] {
  return texts.flatMap(([where, text]) => faults.filter(([, pattern]) => pattern.test(text)).map(([fault]) => `${where}: ${fault}: ${text.slice(0, 80)}`));
}

describe("French typography", () => {
  it("holds in the interface catalogue", () => {
    expect(faultsIn(Object.entries(readCatalogue("fr")))).toEqual([]);
  });

  it("holds in the default instrument's French translation", () => {
    const texts = stringsOf(parse(fs.readFileSync(instrumentFile, "utf8")), "fr.yaml").filter(([where]) => where.endsWith(".text"));
    expect(texts.length).toBeGreaterThan(100);
    expect(faultsIn(texts)).toEqual([]);
  });

  it("finds each fault it checks for", () => {
    const samples: [string, string][] = [
      ["a", "l'écart"],
      ["b", "Statut : ouvert"],
      ["c", "Prêt ?"],
      ["d", "Prêt? oui"],
      ["e", "« ouvert\u202f»"],
      ["f", "«\u202fouvert »"],
    ];
    expect(faultsIn(samples)).toHaveLength(6);
    expect(faultsIn([["g", "l’écart\u202f: «\u202fouvert\u202f»\u202f; prêt\u202f?"]])).toEqual([]);
  });
});
