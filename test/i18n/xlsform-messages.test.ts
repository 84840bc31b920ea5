// The XLSForm import page's problems in the reader's language: every message the converter (xlsform-import.ts) can
// give has a `message.*` entry that French, Spanish and Arabic translate (read from the source, so that a new English
// message without an entry fails here), and over real HTTP a French-speaking expert sees the French text.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildXlsForm } from "../../src/exchange/xlsform-export";
import { Translator } from "../../src/i18n/translate";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";

const translator = new Translator();
const translatedLocales = ["fr", "es", "ar"] as const;
const sourceRoot = path.resolve(import.meta.dirname, "../../src");

function parse(relative: string): ts.SourceFile {
  const file = path.join(sourceRoot, relative);
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

/**
 * The sentences a message expression can produce: a string literal as is, a template literal with each `${…}`
 * replaced by a sample word (both branches of a `cond ? a : b` inside it, so optional parts are seen too).
 */
function sentencesOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return sentencesOf(node.expression);
  if (ts.isConditionalExpression(node)) return [...sentencesOf(node.whenTrue), ...sentencesOf(node.whenFalse)];
  if (ts.isTemplateExpression(node)) {
    let sentences = [node.head.text];
    for (const span of node.templateSpans) {
      const inner = ts.isConditionalExpression(span.expression) ? sentencesOf(span.expression) : ["sample"];
      sentences = sentences.flatMap((start) => inner.map((middle) => start + middle + span.literal.text));
    }
    return sentences;
  }
  return [];
}

/** Every node of a file that `pick` turns into message expressions. */
function collect(file: ts.SourceFile, pick: (node: ts.Node) => ts.Expression | undefined): { line: number; sentences: string[] }[] {
  const found: { line: number; sentences: string[] }[] = [];
  const visit = (node: ts.Node) => {
    const expression = pick(node);
    if (expression) found.push({ line: file.getLineAndCharacterOfPosition(expression.getStart()).line + 1, sentences: sentencesOf(expression) });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const isCallOf = (node: ts.Node, name: string): node is ts.CallExpression =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name;

/** The messages of xlsform-import.ts: `problem(sheet, row, column, message)`, the `what` of a missing detail row, zod messages. */
function xlsFormMessages() {
  const file = parse("exchange/xlsform-import.ts");
  const problems = collect(file, (node) => (isCallOf(node, "problem") ? node.arguments[3] : undefined));
  const whats = collect(file, (node) => (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === "what" ? node.initializer : undefined));
  // `z.coerce.number({ message: "…" }).positive("…")`: the string arguments of the zod calls and their `message:`.
  const zod = collect(file, (node) => {
    if (!ts.isCallExpression(node) || !node.getText().startsWith("z.")) return undefined;
    const [first] = node.arguments;
    if (first && ts.isStringLiteral(first)) return first;
    if (first && ts.isObjectLiteralExpression(first)) {
      const message = first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === "message");
      return message?.initializer;
    }
    return undefined;
  });
  // The workbook that cannot be read: its message is built inline, not through `problem`.
  const unreadable = collect(file, (node) => (ts.isPropertyAssignment(node) && node.name.getText() === "message" && ts.isTemplateExpression(node.initializer) ? node.initializer : undefined));
  return { problems, whats, zod, unreadable };
}

/** The sentences no French, Spanish or Arabic entry translates: `line: sentence (locale)`. */
function untranslated(found: { line: number; sentences: string[] }[]): string[] {
  return found.flatMap(({ line, sentences }) =>
    sentences.flatMap((sentence) => translatedLocales.filter((locale) => translator.message(locale, sentence) === sentence).map((locale) => `${line}: ${sentence} (${locale})`)),
  );
}

describe("the XLSForm import's messages", () => {
  it("are found in the source: every problem, the parts of a message, the zod messages", () => {
    const { problems, whats, zod, unreadable } = xlsFormMessages();
    expect(problems.length).toBeGreaterThan(40);
    expect(problems.every((p) => p.sentences.length > 0), "a problem() whose message is neither a literal nor a template").toBe(true);
    expect(whats.length).toBeGreaterThanOrEqual(4);
    expect(zod.flatMap((z) => z.sentences).sort()).toEqual(["must be a number", "must be a number greater than 0"]);
    expect(unreadable.flatMap((u) => u.sentences)).toEqual(["not a readable XLSX workbook: sample"]);
  });

  it("each have a message entry that French, Spanish and Arabic translate", () => {
    const { problems, whats, zod, unreadable } = xlsFormMessages();
    expect(untranslated([...problems, ...whats, ...zod, ...unreadable])).toEqual([]);
  });

  it("are translated whole, with their values: the parts and the values that are sentences too", () => {
    expect(translator.message("fr", 'the workbook has no "choices" sheet')).toBe("le classeur n’a pas de feuille « choices »");
    expect(translator.message("fr", 'level lvl needs a description of its respondents: add a row "level.lvl.respondents" to the cna_details sheet')).toBe(
      "le niveau lvl doit avoir une description de ses répondants : ajoutez une ligne « level.lvl.respondents » à la feuille cna_details",
    );
    expect(translator.message("es", "the value of severity.high must be a number greater than 0")).toBe("el valor de severity.high debe ser un número mayor que 0");
    expect(translator.message("ar", 'inside the item group "q1" the questions are select_one q1_current, q1_target, q1_importance and text q1_comment')).toBe(
      "داخل مجموعة السؤال «q1» تكون الأسئلة: select_one q1_current وq1_target وq1_importance، وtext q1_comment",
    );
    // The shorter note message is not taken for the longer one with its "(here …)".
    expect(translator.message("fr", "a note is supported only as the description of a level or dimension, named <group name>_description (here lvl_description)")).toMatch(/\(ici lvl_description\)$/);
  });
});

describe("the XLSForm import page", () => {
  let app: AuthTestApp;
  let french: Browser;

  beforeAll(async () => {
    app = await startApp();
    const expert = insertUser(app.context, { role: "expert", locale: "fr" });
    french = new Browser(app.url);
    expect((await french.signIn(expert.email, expert.password)).status).toBe(303);
  });
  afterAll(() => app.close());

  /** Posts a workbook as the page's form does, with the CSRF token of the page. */
  const upload = async (browser: Browser, workbook: Buffer) => {
    const csrf = await browser.csrfTokenFor("/instruments/xlsform");
    const form = new FormData();
    form.set("_csrf", csrf);
    form.set("file", new Blob([new Uint8Array(workbook)]), "form.xlsx");
    const encoded = new Response(form);
    return browser.request("POST", `/instruments/xlsform?_csrf=${encodeURIComponent(csrf)}`, {
      body: Buffer.from(await encoded.arrayBuffer()) as unknown as string,
      headers: { "content-type": encoded.headers.get("content-type")! },
    });
  };

  /** The XLSForm of the app's instrument, edited: an id that is not one, an unsupported column. */
  const brokenWorkbook = async () => {
    const instrument = app.context.instruments.list()[0];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildXlsForm(instrument)) as unknown as ArrayBuffer);
    const settings = workbook.getWorksheet("settings")!;
    settings.getRow(1).eachCell((cell, column) => {
      if (cell.value === "form_id") settings.getRow(2).getCell(column).value = "Not An Id";
    });
    const survey = workbook.getWorksheet("survey")!;
    const free = survey.getRow(1).cellCount + 1;
    survey.getRow(1).getCell(free).value = "calculation";
    survey.getRow(2).getCell(free).value = "1 + 1";
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };

  it("lists a broken workbook's problems in French to a French-speaking expert", async () => {
    const refused = await upload(french, await brokenWorkbook());
    expect(refused.status).toBe(400);
    const text = textOf(refused.text);
    expect(text).toContain("doit être l’identifiant de l’instrument : lettres minuscules et chiffres reliés par un seul « - » (par exemple my-instrument)");
    expect(text).toContain("la colonne « calculation » n’est pas prise en charge (voir docs/exchange.md pour le sous-ensemble pris en charge)");
    expect(text).not.toMatch(/must be the instrument id|is not supported/);
  });

  it("lists the problems of a workbook without its sheets in Arabic to an Arabic-speaking expert", async () => {
    const expert = insertUser(app.context, { role: "expert", locale: "ar" });
    const arabic = new Browser(app.url);
    expect((await arabic.signIn(expert.email, expert.password)).status).toBe(303);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("survey").addRows([["type", "name", "label"]]);
    const csrf = await arabic.csrfTokenFor("/instruments/xlsform");
    const form = new FormData();
    form.set("_csrf", csrf);
    form.set("file", new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())]), "form.xlsx");
    const encoded = new Response(form);
    const refused = await arabic.request("POST", `/instruments/xlsform?_csrf=${encodeURIComponent(csrf)}`, {
      body: Buffer.from(await encoded.arrayBuffer()) as unknown as string,
      headers: { "content-type": encoded.headers.get("content-type")! },
    });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain("لا يحتوي المصنَّف على ورقة «choices»");
    expect(textOf(refused.text)).not.toContain("the workbook has no");
  });
});
