// Names of languages and countries, and lists of words, in the reader's language, with Intl (cached: formatters are
// costly to build). Codes are for machines: a page shows the name, never "fr" or "LA".
import { reviewedCountryNames } from "./country-names";
import { intlLocale } from "./format";
import { isLocale, type Locale } from "./locales";
import { readCatalogue, type Catalogue } from "./translate";

const languageNames = new Map<string, Intl.DisplayNames>();
const regionNames = new Map<string, Intl.DisplayNames>();
const listFormats = new Map<string, Intl.ListFormat>();

function cached<F>(cache: Map<string, F>, locale: string, make: () => F): F {
  let format = cache.get(locale);
  if (format === undefined) {
    format = make();
    cache.set(locale, format);
  }
  return format;
}

/** A language's name in `locale` ("fr" → "French" in English, "français" in French); the code when Intl has no name. */
export function languageName(locale: string, code: string): string {
  try {
    return cached(languageNames, locale, () => new Intl.DisplayNames([intlLocale(locale)], { type: "language", fallback: "code" })).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A region's name in `locale` from its ISO 3166-1 alpha-2 code; undefined when Intl has none (it then echoes the code). */
export function regionName(locale: string, iso2: string): string | undefined {
  try {
    const name = cached(regionNames, locale, () => new Intl.DisplayNames([intlLocale(locale)], { type: "region", fallback: "none" })).of(iso2);
    return name === undefined || name === iso2 ? undefined : name;
  } catch {
    return undefined;
  }
}

/** What a country name is made from: its codes and its UN short name in English. */
export interface CountryRef {
  iso3: string;
  iso2?: string | null;
  name: string;
}

/**
 * A country's name in `locale`: the UN short name in English; elsewhere the reviewed table (src/i18n/country-names.ts),
 * else Intl's name from the alpha-2 code, else the English name rather than a code.
 */
export function countryName(locale: string, country: CountryRef): string {
  const language = locale.split("-")[0];
  if (language === "en") return country.name;
  return reviewedCountryNames[country.iso3]?.[language] ?? (country.iso2 ? regionName(locale, country.iso2) : undefined) ?? country.name;
}

/** "a, b and c" the way `locale` writes it (Arabic joins with its own comma and و). */
export function formatList(locale: string, items: readonly string[]): string {
  return cached(listFormats, locale, () => new Intl.ListFormat([intlLocale(locale)], { style: "long", type: "conjunction" })).format(items);
}

/**
 * The catalogue key of a peer group's name, from the group's stable code as reports and URLs carry it ("group:LDC",
 * "region:Asia", "subregion:South-eastern Asia" → `report.peerGroupName.subregion.south-eastern-asia`).
 */
export function peerGroupNameKey(group: string): string {
  const separator = group.indexOf(":");
  const kind = group.slice(0, separator);
  const name = group.slice(separator + 1);
  return `report.peerGroupName.${kind}.${
    kind === "group"
      ? name
      : name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "")
  }`;
}

const catalogues = new Map<string, Catalogue>();

/**
 * A peer group's name in `locale` (the UN's M49 and UN-OHRLLS names, in the interface catalogues), from its code; the
 * English name, then the name in the code, when a catalogue lacks it (test/i18n/peer-group-names.test.ts keeps them all).
 */
export function peerGroupName(locale: string, group: string): string {
  const key = peerGroupNameKey(group);
  const language = locale.split("-")[0];
  const read = (code: Locale) => cached(catalogues, code, () => readCatalogue(code))[key];
  return (isLocale(language) ? read(language) : undefined) ?? read("en") ?? group.slice(group.indexOf(":") + 1);
}
