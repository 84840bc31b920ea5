// Numbers and dates formatted for the reader's locale with Intl (cached formatters: they are costly to build).
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function intlLocale(locale: string): string {
  // Arabic reports use Western digits, as most Arab governments' statistics do.
  if (locale === "ar") return "ar-u-nu-latn";
  // Portuguese as written in Africa and Timor-Leste follows the European norm (CLDR pt-PT: "1234,5", "0 minutos"),
  // not the Brazilian one that bare "pt" means to Intl.
  if (locale === "pt") return "pt-PT";
  return locale;
}

export function formatNumber(locale: string, value: number, fractionDigits = 1): string {
  const key = `${locale}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** A ratio as a whole percentage, written the locale's way ("45 %" in French, "45%" in English). */
export function formatPercent(locale: string, ratio: number): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(ratio);
}

export function formatDate(locale: string, iso: string | Date | null | undefined): string {
  if (!iso) return "";
  const date = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return "";
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}
