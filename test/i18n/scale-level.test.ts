// The 0–5 scale's column is headed "scale level", never with the word of the four assessment levels (issue 24,
// languages point 4): in Chinese 等级, not 层级; the labels in that column are the instrument's own scale labels.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interfaceLocales } from "../../src/i18n/locales";
import { readCatalogue } from "../../src/i18n/translate";

const root = path.resolve(import.meta.dirname, "../..");
const scaleTables = ["views/partials/report/methodology.hbs", "src/reports/docx/sections/methodology.ts", "src/reports/pdf/sections/methodology.ts"];

describe("the scale table's heading", () => {
  it.each(interfaceLocales)("differs from the assessment levels' heading in %s", (locale) => {
    const catalogue = readCatalogue(locale);
    expect(catalogue["report.scaleLevel"]).toBeTruthy();
    expect(catalogue["report.scaleLevel"]).not.toBe(catalogue["report.level"]);
  });

  it("is 等级 in Chinese", () => {
    expect(readCatalogue("zh")["report.scaleLevel"]).toBe("等级");
  });

  it.each(scaleTables)("is used by the scale table of %s, which no longer uses report.level", (file) => {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    expect(source).toContain("report.scaleLevel");
    expect(source).not.toContain('"report.level"');
  });
});
