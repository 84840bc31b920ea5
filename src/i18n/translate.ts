// Interface strings: one flat JSON catalogue per locale, English the reference; missing keys fall back to English.
import fs from "node:fs";
import path from "node:path";
import { formatNumber, intlLocale } from "./format";
import { interfaceLocales, type Locale } from "./locales";

export type Catalogue = Record<string, string>;

/** A message named by its catalogue key; a parameter may itself be such a message (a status word, say). */
export interface CatalogueMessage {
  key: string;
  params?: Record<string, string | number | CatalogueMessage>;
}

const localesDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "locales");

export function readCatalogue(locale: Locale): Catalogue {
  const file = path.join(localesDir, `${locale}.json`);
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as Catalogue;
}

export class Translator {
  private readonly catalogues = new Map<string, Catalogue>();

  constructor() {
    for (const locale of interfaceLocales) this.catalogues.set(locale, readCatalogue(locale));
  }

  has(key: string): boolean {
    return key in (this.catalogues.get("en") ?? {});
  }

  /** Translates `key`; `{name}` placeholders take `params.name`. An unknown key is returned as is, so it shows up in tests. */
  t(locale: string, key: string, params?: Record<string, unknown>): string {
    const template = this.catalogues.get(locale)?.[key] ?? this.catalogues.get("en")?.[key];
    if (template !== undefined) return fill(template, params);
    // A message that depends on a count has no plain entry, only its plural variants: `{count}` chooses one.
    if (this.isPlural(key) && params && "count" in params) return this.plural(locale, key, Number(params.count), params);
    return key;
  }

  /** Whether `key` names a message with plural variants (`key.one`, `key.other`…) rather than one text. */
  isPlural(key: string): boolean {
    return `${key}.other` in (this.catalogues.get("en") ?? {});
  }

  /**
   * Translates a message that depends on a count: `key.<category>`, the category (zero, one, two, few, many, other)
   * chosen by Intl.PluralRules for `count` in `locale`; the catalogue of each language has exactly the categories
   * its rules name (test/i18n/catalogue.test.ts). `{count}` takes the count written the locale's way.
   */
  plural(locale: string, key: string, count: number, params: Record<string, unknown> = {}): string {
    const catalogue = this.catalogues.get(locale) ?? {};
    const english = this.catalogues.get("en") ?? {};
    const template =
      catalogue[`${key}.${pluralCategory(locale, count)}`] ??
      catalogue[`${key}.other`] ??
      english[`${key}.${pluralCategory("en", count)}`] ??
      english[`${key}.other`] ??
      key;
    return fill(template, { ...params, count: Number.isFinite(count) ? formatNumber(locale, count, 0) : String(params.count ?? count) });
  }

  /** Translates a catalogue message, its parameters that are messages too. */
  render(locale: string, message: CatalogueMessage): string {
    return this.t(
      locale,
      message.key,
      renderParams(message.params, (inner) => this.render(locale, inner)),
    );
  }

  /**
   * Translates a field message: a catalogue key (the account forms' schemas give keys), else an English sentence
   * looked up among the `message.*` and `errors.*` entries (see `message`).
   */
  field(locale: string, text: string, params?: Record<string, unknown>): string {
    return this.has(text) ? this.t(locale, text, params) : this.message(locale, text);
  }

  /** Every message of a field-error map, translated (see `field`). */
  fields(locale: string, errors: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(errors).map(([name, text]) => [name, this.field(locale, text)]));
  }

  /** File problems (rows, cells) with their messages translated (see `field`). */
  problems<P extends { message: string }>(locale: string, problems: P[]): P[] {
    return problems.map((problem) => ({ ...problem, message: this.field(locale, problem.message) }));
  }

  /**
   * Translates a validation message that code states in English (a zod message shared with imports and the API):
   * the English catalogue's `message.*` entries name such sentences, gettext-style, and their translations are
   * used; an entry with `{placeholders}` matches every sentence of its shape. A sentence without an entry is
   * returned unchanged (and `test/i18n` lists the ones respondents and staff forms can give).
   */
  message(locale: string, english: string): string {
    const key = this.messageKeys.exact.get(english);
    if (key) return this.t(locale, key);
    // An entry with placeholders ("must be at most {max} characters") matches any sentence of its shape.
    // Its values may be such sentences themselves ("invitation 12: This assessment is closed: …").
    for (const { pattern, names, key: patternKey } of this.messageKeys.patterns) {
      const match = pattern.exec(english);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, this.message(locale, match[i + 1])]));
      // A plural variant's sentence ("must be at most 200 characters"): the count chooses the language's variant.
      const stem = patternKey.replace(/\.(zero|one|two|few|many|other)$/, "");
      if (stem !== patternKey && this.isPlural(stem) && /^\d+$/.test(match[names.indexOf("count") + 1] ?? "")) {
        return this.plural(locale, stem, Number(match[names.indexOf("count") + 1]), params);
      }
      return this.t(locale, patternKey, params);
    }
    return english;
  }

  private get messageKeys(): MessageIndex {
    if (!this.messageIndex) {
      // Error sentences too: a refusal's English text can end up inside a file problem (see answer imports).
      const entries = Object.entries(this.catalogues.get("en") ?? {}).filter(([key]) => key.startsWith("message.") || key.startsWith("errors."));
      this.messageIndex = {
        exact: new Map(entries.filter(([, text]) => !/\{\w+\}/.test(text)).map(([key, text]) => [text, key])),
        // The most specific shape first: "must be at most {max} characters" before "must be at most {max}".
        patterns: entries
          .filter(([, text]) => /\{\w+\}/.test(text))
          .sort(([, a], [, b]) => literalLength(b) - literalLength(a))
          .map(([key, text]) => ({ key, ...patternOf(text) })),
      };
    }
    return this.messageIndex;
  }

  private messageIndex: MessageIndex | undefined;

  catalogue(locale: Locale): Catalogue {
    return this.catalogues.get(locale) ?? {};
  }
}

interface MessageIndex {
  exact: Map<string, string>;
  patterns: { key: string; pattern: RegExp; names: string[] }[];
}

/** A whole-sentence pattern for a template: each `{name}` captures some text. */
function patternOf(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const placeholder = /^\{(\w+)\}$/.exec(part);
      if (!placeholder) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(placeholder[1]);
      return "(.+?)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`, "s"), names };
}

function literalLength(template: string): number {
  return template.replace(/\{\w+\}/g, "").length;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The CLDR plural category of `count` in `locale` (cached rules: they are costly to build). */
export function pluralCategory(locale: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(intlLocale(locale));
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/** The plural categories `locale` distinguishes (`other` always among them). */
export function pluralCategories(locale: string): Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(intlLocale(locale)).resolvedOptions().pluralCategories;
}

function fill(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function renderParams(params: CatalogueMessage["params"], render: (inner: CatalogueMessage) => string): Record<string, unknown> | undefined {
  if (!params) return undefined;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === "object" ? render(value) : value]));
}

let englishCatalogue: Catalogue | undefined;

/**
 * A catalogue message in English, for the text of an error (logs, the CLI, the API's `detail`); read on first use,
 * as errors are made far from any translator.
 */
export function englishText(message: CatalogueMessage): string {
  englishCatalogue ??= readCatalogue("en");
  const catalogue = englishCatalogue;
  const render = (m: CatalogueMessage): string => {
    const params = renderParams(m.params, render);
    // A message that depends on a count names its stem: the count chooses the English variant.
    const variant = params && "count" in params ? catalogue[`${m.key}.${pluralCategory("en", Number(params.count))}`] : undefined;
    return fill(catalogue[m.key] ?? variant ?? catalogue[`${m.key}.other`] ?? m.key, params);
  };
  return render(message);
}
