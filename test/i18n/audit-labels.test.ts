// Every action the audit log can record, and every kind of object it names, has a label in all six catalogues, so
// the audit page never has to show a code. The list itself is the type `recordAudit` accepts (src/audit/actions.ts).
import { describe, expect, it } from "vitest";
import { auditActions, auditObjectTypes } from "../../src/audit/actions";
import { interfaceLocales } from "../../src/i18n/locales";
import { readCatalogue } from "../../src/i18n/translate";

describe("audit labels", () => {
  const english = readCatalogue("en");

  it.each([...interfaceLocales])("names every recordable action and object type in %s", (locale) => {
    const catalogue = readCatalogue(locale);
    const keys = [
      ...auditActions.map((a) => `audit.action.${a}`),
      "audit.action.other",
      ...auditObjectTypes.map((o) => `audit.object.${o}`),
      "audit.object.other",
      "audit.object.numbered",
    ];
    expect(keys.filter((key) => !catalogue[key]?.trim())).toEqual([]);
    // Translated, not English copies (object names such as "Organisation" may legitimately be spelt alike).
    if (locale !== "en") expect(auditActions.filter((a) => catalogue[`audit.action.${a}`] === english[`audit.action.${a}`])).toEqual([]);
  });

  it("lists each action once, and no label reads as a code", () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
    for (const locale of interfaceLocales) {
      const catalogue = readCatalogue(locale);
      for (const a of auditActions) expect(catalogue[`audit.action.${a}`], `${locale} ${a}`).not.toMatch(/^[\w.]+\.[\w.]+$/);
    }
  });
});
