// Every word a view shows goes through {{t}}: this scans views/**/*.hbs for text, user-facing attributes and
// helper arguments that would reach a reader without passing through the catalogue.
import fs from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";

const viewsDir = path.resolve(import.meta.dirname, "../../views");

/** Non-words that may stand in a view as they are (they read the same in every language). */
const allowedLiterals = new Set(["·", "©", "—", "–", "→", "←", "×", "%", ":", "(", ")", "/", "s", "i"]);

// Attributes whose value a person reads or hears.
const userFacingAttributes = ["title", "placeholder", "aria-label", "aria-description", "aria-roledescription", "alt", "label", "summary"];

function viewFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return viewFiles(full);
    return entry.name.endsWith(".hbs") ? [full] : [];
  });
}

/** File-format names are the same in every language (they name the file, as on its extension). */
const formatNames = /\b(CSV|XLSX|PDF|JSON|OpenAPI|XLSForm)\b/g;

const hasLetters = (text: string) => /\p{L}/u.test(text.replace(formatNames, ""));

/** Finds text with letters in the static HTML of a template once every Handlebars expression is taken out. */
export function literalTextIn(template: string): string[] {
  const found: string[] = [];
  const html = template
    .replace(/\{\{!--[\s\S]*?--\}\}/g, "")
    .replace(/\{\{![\s\S]*?\}\}/g, "")
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, "\u0000")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<!doctype[^>]*>/gi, "")
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, "");

  const tagPattern = /<\/?([a-zA-Z][\w-]*)([^>]*)>/g;
  for (const match of html.matchAll(tagPattern)) {
    const [, tagName, attributes] = match;
    for (const attr of attributes.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      const name = attr[1].toLowerCase();
      const value = (attr[3] ?? attr[4] ?? attr[5] ?? "").replace(/\u0000/g, " ").trim();
      // An input button shows its value; a <button>'s value is only sent, its content is what shows.
      const isButtonValue = name === "value" && tagName.toLowerCase() === "input" && /type\s*=\s*["']?(submit|button|reset)/i.test(attributes);
      if ((userFacingAttributes.includes(name) || isButtonValue) && hasLetters(value) && !allowedLiterals.has(value)) {
        found.push(`<${tagName} ${name}="${value}">`);
      }
    }
  }
  const text = html.replace(tagPattern, "\u0000").replace(/&[a-z]+;|&#\d+;/gi, " ");
  for (const piece of text.split("\u0000")) {
    const trimmed = piece.trim();
    if (!trimmed || allowedLiterals.has(trimmed)) continue;
    if (hasLetters(trimmed)) found.push(trimmed);
  }
  return found;
}

/** String literals given to helpers and partials (other than catalogue keys, class names and codes) reach readers too. */
export function literalArgumentsIn(template: string): string[] {
  const found: string[] = [];
  // Keys ("respond.welcome.title"), class names and codes are single ASCII tokens that do not start with a capital.
  const looksLikeKeyOrCode = (value: string) => /^[a-z0-9_][\w.:/#-]*$/.test(value);
  const check = (node: hbs.AST.Expression | undefined) => {
    if (node?.type === "StringLiteral") {
      const value = (node as hbs.AST.StringLiteral).value;
      if (hasLetters(value) && !looksLikeKeyOrCode(value)) {
        found.push(value);
      }
    }
    if (node?.type === "SubExpression") visitCall(node as hbs.AST.SubExpression);
  };
  const visitCall = (call: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }) => {
    call.params.forEach(check);
    for (const pair of call.hash?.pairs ?? []) check(pair.value);
  };
  const Visitor = Handlebars.Visitor;
  const visitor = new Visitor();
  visitor.MustacheStatement = function (node) {
    visitCall(node);
  };
  visitor.PartialStatement = function (node) {
    visitCall(node);
  };
  const original = Visitor.prototype.BlockStatement;
  visitor.BlockStatement = function (node) {
    visitCall(node);
    original.call(this, node);
  };
  visitor.accept(Handlebars.parse(template));
  return found;
}

describe("views", () => {
  const files = viewFiles(viewsDir);

  it("are found", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [path.relative(viewsDir, file), file]))("%s shows no text outside the catalogue", (_name, file) => {
    const template = fs.readFileSync(file, "utf8");
    expect([...literalTextIn(template), ...literalArgumentsIn(template)]).toEqual([]);
  });
});

describe("the literal scanner", () => {
  it("finds plain text, user-facing attributes and button values", () => {
    expect(literalTextIn(`<p>Hello {{name}}</p>`)).toEqual(["Hello"]);
    expect(literalTextIn(`<input placeholder="Search" type="text">`)).toEqual([`<input placeholder="Search">`]);
    expect(literalTextIn(`<input type="submit" value="Send">`)).toEqual([`<input value="Send">`]);
    expect(literalTextIn(`<img alt="Logo" src="/x.png">`)).toEqual([`<img alt="Logo">`]);
  });

  it("lets translated text, expressions, class names and allowed non-words through", () => {
    expect(literalTextIn(`<p class="lead" aria-label="{{t "a.b"}}">{{t "home.lead"}} · {{count}}</p><input value="{{value}}" name="email">`)).toEqual([]);
    expect(literalTextIn(`<script>const words = "not shown";</script>{{!-- a comment --}}<!-- another -->`)).toEqual([]);
    expect(literalTextIn(`<a href="x.csv">{{t "download"}} (CSV)</a> · XLSX`)).toEqual([]);
    expect(literalTextIn(`<a href="x.csv">CSV file</a>`)).toEqual(["CSV file"]);
  });

  it("finds sentences passed to helpers and partials", () => {
    expect(literalArgumentsIn(`{{> field label="Your name"}}{{t "respond.welcome.title"}}{{#if (eq status "open")}}x{{/if}}`)).toEqual(["Your name"]);
  });
});
