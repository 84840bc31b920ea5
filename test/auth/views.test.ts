// Templates escape everything: the only triple-stash allowed is {{{body}}} in layouts (markup from text goes through
// the reviewed `paragraphs` helper instead).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? templates(full) : entry.name.endsWith(".hbs") ? [full] : [];
  });
}

describe("view templates", () => {
  it("use no triple-stash except {{{body}}} in layouts", () => {
    const viewsDir = path.join(projectRoot, "views");
    const offences: string[] = [];
    for (const file of templates(viewsDir)) {
      const relative = path.relative(viewsDir, file);
      const lines = fs.readFileSync(file, "utf8").split("\n");
      lines.forEach((line, index) => {
        for (const match of line.matchAll(/\{\{\{?\s*[^}]*\}?\}\}/g)) {
          const isTriple = match[0].startsWith("{{{") || /^\{\{~?\{/.test(match[0]) || /^\{\{&/.test(match[0]);
          if (!isTriple) continue;
          const isLayoutBody = relative.startsWith(`layouts${path.sep}`) && /^\{\{\{\s*body\s*\}\}\}$/.test(match[0]);
          if (!isLayoutBody) offences.push(`${relative}:${index + 1}: ${match[0]}`);
        }
      });
    }
    expect(offences, `Unescaped output in views (use {{…}}, or the paragraphs helper for text with line breaks):\n${offences.join("\n")}`).toEqual([]);
  });

  it("finds the layout's body outlet, so the check above is looking at real files", () => {
    expect(fs.readFileSync(path.join(projectRoot, "views/layouts/main.hbs"), "utf8")).toContain("{{{body}}}");
  });
});
