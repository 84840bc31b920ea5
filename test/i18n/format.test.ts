// Numbers, percentages and dates follow the page's locale through Intl.
import { describe, expect, it } from "vitest";
import { formatDate, formatNumber, formatPercent } from "../../src/i18n/format";
import { countryName } from "../../src/i18n/names";
import { pluralCategory, Translator } from "../../src/i18n/translate";

describe("locale formatting", () => {
  it("writes decimals with the locale's separator", () => {
    expect(formatNumber("en", 2.345, 1)).toBe("2.3");
    expect(formatNumber("fr", 2.345, 1)).toBe("2,3");
    expect(formatNumber("es", 1234.5, 1)).toMatch(/^1\.?234,5$/);
  });

  it("writes percentages the locale's way", () => {
    expect(formatPercent("en", 0.45)).toBe("45%");
    expect(formatPercent("fr", 0.45)).toMatch(/^45\s%$/);
    expect(formatPercent("zh", 0.45)).toBe("45%");
  });

  it("keeps Western digits in Arabic, as the PDF and exports do", () => {
    expect(formatNumber("ar", 3.25, 2)).toMatch(/^3[.٫,]25$/);
    expect(formatPercent("ar", 0.45)).toContain("45");
    expect(formatDate("ar", "2026-03-05")).toContain("2026");
  });

  it("names the month in the locale", () => {
    expect(formatDate("en", "2026-03-05")).toBe("March 5, 2026");
    expect(formatDate("fr", "2026-03-05")).toBe("5 mars 2026");
    expect(formatDate("ru", "2026-03-05")).toContain("марта");
    expect(formatDate("zh", "2026-03-05")).toBe("2026年3月5日");
  });

  it("writes Portuguese the European and African way (CLDR pt-PT), not the Brazilian one bare pt means to Intl", () => {
    expect(formatNumber("pt", 1234.5, 1)).toBe("1234,5");
    expect(formatNumber("pt", 1234567, 0)).toMatch(/^1\s234\s567$/);
    expect(formatDate("pt", "2026-03-05")).toBe("5 de março de 2026");
    expect(countryName("pt", { iso3: "KEN", iso2: "KE", name: "Kenya" })).toBe("Quénia");
    expect(countryName("pt", { iso3: "MOZ", iso2: "MZ", name: "Mozambique" })).toBe("Moçambique");
    // pt-PT: "0 minutos", where Brazilian rules would say "0 minuto".
    expect(pluralCategory("pt", 0)).toBe("other");
    expect(new Translator().t("pt", "count.minutes", { count: 0 })).toBe("0 minutos");
    expect(new Translator().t("pt", "count.minutes", { count: 1 })).toBe("1 minuto");
  });

  it("shows nothing for a missing or unreadable date", () => {
    expect(formatDate("en", null)).toBe("");
    expect(formatDate("en", "not a date")).toBe("");
  });
});
