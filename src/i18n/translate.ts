// Interface strings: one flat JSON catalogue per locale, English the reference; missing keys fall back to English.
import fs from "node:fs";
import path from "node:path";
import { interfaceLocales, type Locale } from "./locales";

export type Catalogue = Record<string, string>;

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
    const template = this.catalogues.get(locale)?.[key] ?? this.catalogues.get("en")?.[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /**
   * Translates a validation message that code states in English (a zod message shared with imports and the API):
   * the English catalogue's `message.*` entries name such sentences, gettext-style, and their translations are
   * used. A sentence without an entry is returned unchanged (and `test/i18n` lists the ones respondents can meet).
   */
  message(locale: string, english: string): string {
    const key = this.messageKeys.get(english);
    return key ? this.t(locale, key) : english;
  }

  private get messageKeys(): Map<string, string> {
    if (!this.messageIndex) {
      const english = this.catalogues.get("en") ?? {};
      this.messageIndex = new Map(Object.entries(english).filter(([key]) => key.startsWith("message.")).map(([key, text]) => [text, key]));
    }
    return this.messageIndex;
  }

  private messageIndex: Map<string, string> | undefined;

  catalogue(locale: Locale): Catalogue {
    return this.catalogues.get(locale) ?? {};
  }
}
