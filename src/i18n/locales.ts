// The interface languages, their direction, and negotiation from Accept-Language.
export const interfaceLocales = ["en", "fr", "es", "ar", "ru", "zh", "pt"] as const;
export type Locale = (typeof interfaceLocales)[number];

export const localeNames: Record<Locale, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  ar: "العربية",
  ru: "Русский",
  zh: "中文",
  pt: "Português",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (interfaceLocales as readonly string[]).includes(value);
}

export function directionOf(locale: string): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** Picks the best of `offered` for an Accept-Language header (q-values honoured), or the first offered. */
export function negotiateLocale(header: string | undefined, offered: readonly string[]): string {
  const fallback = offered[0] ?? "en";
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part, position) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, position };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  for (const { tag } of ranked) {
    if (offered.includes(tag)) return tag;
    const primary = tag.split("-")[0];
    if (offered.includes(primary)) return primary;
  }
  return fallback;
}
