// The module map stays true: the "depends on" column of docs/architecture.md is the set of src/ folders each folder
// really imports, and no service (anything but the HTTP adapters: web/, routes, pages and their access kinds,
// middleware, the API layer) imports
// express or web/.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const src = path.resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "assets" ? [] : sourceFiles(full);
    return /\.(ts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier a file imports (static, dynamic, re-exports, type-only alike). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The src/ folder a relative import lands in, or undefined for a top-level module (errors.ts, context.ts, …). */
function folderOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = path.relative(src, path.resolve(path.dirname(file), specifier));
  if (target.startsWith("..")) return undefined;
  const [first, ...rest] = target.split(path.sep);
  if (rest.length) return first;
  return fs.existsSync(path.join(src, first)) && fs.statSync(path.join(src, first)).isDirectory() ? first : undefined;
}

function realDependencies(): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const relative = path.relative(src, file).split(path.sep);
    if (relative.length === 1) continue;
    const folder = relative[0];
    const set = deps.get(folder) ?? new Set<string>();
    for (const specifier of importsOf(file)) {
      const target = folderOf(file, specifier);
      if (target && target !== folder) set.add(target);
    }
    deps.set(folder, set);
  }
  return deps;
}

/** The map's rows for one folder each: `| `name/` | … | a, b, c |` (or — for none). */
function documentedDependencies(): Map<string, Set<string>> {
  const doc = fs.readFileSync(path.resolve(src, "../docs/architecture.md"), "utf8");
  const rows = new Map<string, Set<string>>();
  for (const line of doc.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const folder = /^`([a-z0-9-]+)\/`$/.exec(cells[1] ?? "")?.[1];
    if (!folder) continue;
    const column = cells[cells.length - 2];
    rows.set(folder, new Set(column === "—" ? [] : column.split(",").map((d) => d.trim())));
  }
  return rows;
}

/** HTTP adapters may use express and web/; everything else is a service or pure logic. */
const isHttpAdapter = (relative: string) =>
  /^(web\/|api\/|cli\/|(app|main|workers|bootstrap|context|routes)\.ts$)/.test(relative) ||
  /(^|\/)(routes|[a-z-]+-routes|middleware|guards|csrf|api-auth|autosave|link-state|access)\.ts$/.test(relative) ||
  /^[a-z-]+\/pages\//.test(relative);

describe("the architecture map", () => {
  it("lists, for every folder of src/, exactly the folders it imports", () => {
    const real = realDependencies();
    const documented = documentedDependencies();
    expect([...documented.keys()].sort()).toEqual([...real.keys()].sort());
    const differences = [...real].flatMap(([folder, deps]) => {
      const listed = documented.get(folder) ?? new Set();
      const missing = [...deps].filter((d) => !listed.has(d)).sort();
      const extra = [...listed].filter((d) => !deps.has(d)).sort();
      return missing.length || extra.length
        ? [
            `${folder}/: ${missing.length ? `imports ${missing.join(", ")} (not listed)` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `lists ${extra.join(", ")} (not imported)` : ""}`,
          ]
        : [];
    });
    expect(differences).toEqual([]);
  });

  it("has no service import express or web/ (errors and parseInput are in src/errors.ts)", () => {
    const offenders = sourceFiles(src)
      .map((file) => ({ relative: path.relative(src, file).split(path.sep).join("/"), file }))
      .filter(({ relative }) => !isHttpAdapter(relative))
      .flatMap(({ relative, file }) =>
        importsOf(file)
          .filter((s) => s === "express" || folderOf(file, s) === "web")
          .map((s) => `${relative} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("declares every staff route with definePage (web/pages.ts) or defineOperation (api/), never as a plain express handler", () => {
    // Only two modules turn declarations into express routes: pageRouter and the API's router (its operations, and
    // its OpenAPI document and reference page). Invitation-link routes (/r/…) keep their own short chains
    // (docs/decisions/007-respondent-hot-path.md).
    const routeMakers = new Set(["web/pages.ts", "api/router.ts"]);
    const declaration = /\b[A-Za-z_$]*\s*\.\s*(?:get|post|put|patch|delete|all|route)\s*\(\s*(["'`][^"'`]*|[^)\s,]+)|\[\s*[A-Za-z_$.]*method\s*\]\s*\(/g;
    const offenders = sourceFiles(src)
      .map((file) => ({ relative: path.relative(src, file).split(path.sep).join("/"), file }))
      .filter(({ relative }) => !routeMakers.has(relative))
      .flatMap(({ relative, file }) =>
        fs
          .readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, index) =>
            [...line.matchAll(declaration)]
              .filter((m) => /^(?:[A-Za-z_$]*[Rr]outer|app|r)\s*\./.test(m[0]) || /^["'`]\//.test(m[1] ?? "") || m[0].startsWith("["))
              .filter((m) => !/^["'`]\/r\//.test(m[1] ?? ""))
              .map(() => `${relative}:${index + 1}: ${line.trim()}`),
          ),
      );
    expect(offenders, "declare these with definePage (src/web/pages.ts): see docs/architecture.md, Where do I add a page").toEqual([]);
  });

  it("has no cycle between audit and auth, assessments and exchange, api, auth or audit, nor reports and mail or validation", () => {
    const real = realDependencies();
    expect(real.get("audit")?.has("auth")).toBe(false);
    expect(real.get("assessments")?.has("exchange")).toBe(false);
    expect(real.get("assessments")?.has("api")).toBe(false);
    expect(real.get("reports")?.has("mail")).toBe(false);
    expect(real.get("auth")?.has("assessments")).toBe(false);
    expect(real.get("audit")?.has("assessments")).toBe(false);
    // Reports show validations; validation scores through responses/submitted-answers.ts, not through reports.
    expect(real.get("validation")?.has("reports")).toBe(false);
  });
});
