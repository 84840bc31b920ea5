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
 * The values a few variable parts of messages take: words that are part of the sentence (a kind of id, a list's
 * name) and pieces that are sentences themselves; any other `${…}` is a value such as an id, shown as "sample".
 */
const knownValues: Record<string, string[]> = {
  kind: ["level", "dimension", "item", "action"],
  field: ["scale", "importance"],
  range: ["the scale lists the values 0 to 5, each once, in order", "the importance lists the values 1 to 3, each once, in order"],
  hint: ["", '; compare it, as in current("q1") >= 1'],
  "mistakenOperators[two]": ['use "=" to test equality', 'use "and"', 'use "or"', 'use "!="'],
  "mistakenOperators[ch]": ['use "not", or "!=" for "differs from"'],
  "describeToken(next)": ["the end of the condition", '"x"'],
  "describeToken(close)": ["the end of the condition", '"x"'],
  "describeToken(open)": ["the end of the condition", '"x"'],
  "describeToken(argument)": ["the end of the condition", '"x"'],
  "describeToken(token)": ["the end of the condition", '"x"'],
  "unmappableTypes[type]": [
    "a calculation",
    "a hidden value",
    "an acknowledgement",
    "a date",
    "a time",
    "a date and time",
    "a location",
    "a line on a map",
    "an area on a map",
    "a photo",
    "a recording",
    "a video",
    "a file",
    "a barcode",
    "a slider",
    "a ranking",
    "external data",
    "a choice from a file",
  ],
  "keyHint(instrument, key)": ["", ...["level", "dimension", "item", "action"].map((kind) => ` (there is no ${kind} "x")`), ' (item "x" has no guidance)'],
};

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
      const inner = ts.isConditionalExpression(span.expression) ? sentencesOf(span.expression) : (knownValues[span.expression.getText()] ?? ["sample"]);
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

/**
 * The messages of the XLSForm import (xlsform-import.ts and its steps): `problem`, `unmappable` and `warn` (sheet, row,
 * column, message), the `what` of a missing detail row, zod messages, the reasons an XPath is not translated.
 */
function xlsFormMessages() {
  const files = [
    "exchange/xlsform-import.ts",
    "exchange/xlsform-sheets.ts",
    "exchange/xlsform-survey.ts",
    "exchange/xlsform-drafts.ts",
    "exchange/xlsform-background-import.ts",
    "exchange/xlsform-details.ts",
    "exchange/xlsform-xpath.ts",
    "exchange/xlsform-base.ts",
  ].map(parse);
  const inAll = (pick: (node: ts.Node) => ts.Expression | undefined) =>
    files.flatMap((file) => collect(file, pick).map((found) => ({ ...found, where: `${path.basename(file.fileName)}:${found.line}` })));
  const problems = inAll((node) =>
    ["problem", "unmappable", "warn"].some((name) => isCallOf(node, name)) ? (node as ts.CallExpression).arguments[3] : undefined,
  );
  const xpath = inAll((node) => (ts.isNewExpression(node) && node.expression.getText() === "XpathError" ? node.arguments?.[0] : undefined));
  const whats = inAll((node) => (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === "what" ? node.initializer : undefined));
  // `z.coerce.number({ message: "…" }).positive("…")`: the string arguments of the zod calls and their `message:`.
  const zod = inAll((node) => {
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
  const unreadable = inAll((node) =>
    ts.isPropertyAssignment(node) && node.name.getText() === "message" && ts.isTemplateExpression(node.initializer) ? node.initializer : undefined,
  );
  return { problems: [...problems, ...xpath], whats, zod, unreadable };
}

/** The sentences no French, Spanish or Arabic entry translates: `line: sentence (locale)`. */
function untranslated(found: { line: number; sentences: string[] }[]): string[] {
  return found.flatMap(({ line, sentences }) =>
    sentences.flatMap((sentence) =>
      translatedLocales.filter((locale) => translator.message(locale, sentence) === sentence).map((locale) => `${line}: ${sentence} (${locale})`),
    ),
  );
}

describe("the XLSForm import's messages", () => {
  it("are found in the source: every problem, the parts of a message, the zod messages", () => {
    const { problems, whats, zod, unreadable } = xlsFormMessages();
    expect(problems.length).toBeGreaterThan(40);
    expect(
      problems.every((p) => p.sentences.length > 0),
      "a problem() whose message is neither a literal nor a template",
    ).toBe(true);
    expect(whats.length).toBeGreaterThanOrEqual(4);
    expect(zod.flatMap((z) => z.sentences).sort()).toEqual(["must be a number", "must be a number greater than 0"]);
    expect(unreadable.flatMap((u) => u.sentences)).toEqual(["sample (skipped)", "not a readable XLSX workbook: sample"]);
  });

  it("each have a message entry that French, Spanish and Arabic translate", () => {
    const { problems, whats, zod, unreadable } = xlsFormMessages();
    expect(untranslated([...problems, ...whats, ...zod, ...unreadable])).toEqual([]);
  });

  it("are translated whole, with their values: the parts and the values that are sentences too", () => {
    expect(translator.message("fr", 'the workbook has no "survey" sheet: an XLSForm needs at least its survey sheet')).toBe(
      "le classeur n’a pas de feuille « survey » : un XLSForm doit avoir au moins sa feuille survey",
    );
    expect(translator.message("fr", 'level lvl needs a description of its respondents: add a row "level.lvl.respondents" to the cna_details sheet')).toBe(
      "le niveau lvl doit avoir une description de ses répondants : ajoutez une ligne « level.lvl.respondents » à la feuille cna_details",
    );
    expect(translator.message("es", "the value of severity.high must be a number greater than 0")).toBe(
      "el valor de severity.high debe ser un número mayor que 0",
    );
    expect(translator.message("ar", 'inside the item group "q1" the questions are select_one q1_current, q1_target, q1_importance and text q1_comment')).toBe(
      "داخل مجموعة السؤال «q1» تكون الأسئلة: select_one q1_current وq1_target وq1_importance، وtext q1_comment",
    );
    // The values that are words or sentences themselves: what a type is, why an XPath is not translated, a skip.
    expect(translator.message("fr", '"geopoint" (a location) has no place in an instrument (skipped)')).toBe(
      "« geopoint » (une localisation) n’a pas sa place dans un instrument (laissé de côté)",
    );
    expect(translator.message("es", '"${age} > ${other}" is not translated: age is a number: compare it with a number')).toBe(
      "«${age} > ${other}» no se traduce: age es un número: compárelo con un número",
    );
  });
});

const isMessageProperty = (node: ts.Node): node is ts.PropertyAssignment => ts.isPropertyAssignment(node) && node.name.getText() === "message";
const isWarning = (node: ts.Node) =>
  ts.isObjectLiteralExpression(node.parent) &&
  node.parent.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === "severity" && p.initializer.getText() === '"warning"');

/**
 * The messages an instrument folder written from an XLSForm can be refused with (writeInstrumentFolder loads it back
 * with the instrument loader): the writer's own, the schema's zod messages, the document-wide checks (errors; the
 * warnings are not shown on the page), the relevance condition parser's, and the loader's about fields and files.
 */
function validatorMessages() {
  const schema = collect(parse("questionnaires/schema.ts"), (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ["min", "max", "regex", "positive", "int"].includes(node.expression.name.text)
    ) {
      const last = node.arguments[node.arguments.length - 1];
      return last && (ts.isStringLiteral(last) || ts.isTemplateExpression(last) || ts.isNoSubstitutionTemplateLiteral(last)) ? last : undefined;
    }
    // `z.string({ error: (issue) => (… ? "…" : "…") })`
    if (ts.isPropertyAssignment(node) && node.name.getText() === "error" && ts.isArrowFunction(node.initializer) && ts.isExpression(node.initializer.body))
      return node.initializer.body;
    // The consistency problems are added with their own message and suffixes, the version check with a literal.
    return isMessageProperty(node) && ts.isStringLiteral(node.initializer) ? node.initializer : undefined;
  });
  const consistency = collect(parse("questionnaires/consistency.ts"), (node) => (isMessageProperty(node) && !isWarning(node) ? node.initializer : undefined));
  const expression = collect(parse("questionnaires/expression.ts"), (node) =>
    ts.isNewExpression(node) && node.expression.getText() === "ExpressionError" ? node.arguments?.[0] : undefined,
  );
  const loaderFiles = [parse("questionnaires/loader.ts"), parse("questionnaires/yaml-source.ts")];
  const inLoader = (pick: (node: ts.Node) => ts.Expression | undefined) => loaderFiles.flatMap((file) => collect(file, pick));
  const unknownField = inLoader((node) => {
    const inUnknownFieldMessage = (n: ts.Node): boolean =>
      (ts.isFunctionDeclaration(n) && n.name?.text === "unknownFieldMessage") || (n.parent !== undefined && inUnknownFieldMessage(n.parent));
    return ts.isReturnStatement(node) && node.expression && inUnknownFieldMessage(node) ? node.expression : undefined;
  });
  // The loader's messages about the folder's files (its YAML and I/O errors pass on the parser's own English text).
  const loader = inLoader((node) =>
    isMessageProperty(node) &&
    (ts.isTemplateExpression(node.initializer) || ts.isStringLiteral(node.initializer)) &&
    !/YAML|untranslated|stale/.test(node.initializer.getText())
      ? node.initializer
      : undefined,
  );
  const writer = collect(parse("exchange/instrument-writer.ts"), (node) =>
    isMessageProperty(node) && ts.isTemplateExpression(node.initializer) ? node.initializer : undefined,
  );
  return { schema, consistency, expression, unknownField, loader, writer };
}

describe("the instrument checks' messages an XLSForm upload can be refused with", () => {
  it("are found in the source", () => {
    const found = validatorMessages();
    expect(found.schema.flatMap((m) => m.sentences).length).toBeGreaterThan(15);
    expect(found.consistency.flatMap((m) => m.sentences).length).toBeGreaterThan(15);
    expect(found.expression.length).toBeGreaterThan(14);
    expect(found.unknownField.flatMap((m) => m.sentences).length).toBe(4);
    expect(found.loader.flatMap((m) => m.sentences)).toEqual(expect.arrayContaining(["level file levels/sample.yaml not found", "the file is empty"]));
    expect(found.writer.flatMap((m) => m.sentences)).toEqual([
      'an instrument folder "sample" already exists in sample: choose another form_id',
      "sample: sample",
      'an instrument folder "sample" already exists in sample',
    ]);
  });

  it("each have a message entry that French, Spanish and Arabic translate", () => {
    const { schema, consistency, expression, unknownField, loader, writer } = validatorMessages();
    // The writer prefixes each of the loader's messages with its file: "levels/x.yaml: …" (checked below).
    const own = writer.map((w) => ({ ...w, sentences: w.sentences.filter((s) => s !== "sample: sample") }));
    expect(untranslated([...schema, ...consistency, ...expression, ...unknownField, ...loader, ...own])).toEqual([]);
  });

  it("are translated with the place the writer and the loader add: the file, the first occurrence, the column", () => {
    expect(translator.message("fr", 'levels/lvl.yaml: duplicate item id "q1" (first at levels/lvl.yaml:12)')).toBe(
      "levels/lvl.yaml : identifiant de question en double « q1 » (première occurrence : levels/lvl.yaml:12)",
    );
    expect(translator.message("es", 'levels/lvl.yaml: the condition refers to unknown item "q9" (column 10 of the condition)')).toBe(
      "levels/lvl.yaml: la condición remite a una pregunta desconocida «q9» (columna 10 de la condición)",
    );
    expect(translator.message("ar", "instrument.yaml: must be below moderate (1): thresholds fall from critical to low")).toBe(
      "instrument.yaml: يجب أن يكون أقل من moderate (1): تتناقص العتبات من critical إلى low",
    );
    expect(
      translator.message("fr", 'levels/lvl.yaml: a relevance condition must be true or false, but this is a number; compare it, as in current("q1") >= 1'),
    ).toBe('levels/lvl.yaml : une condition de pertinence doit être vrai ou faux, mais ceci est un nombre ; comparez-le, comme dans current("q1") >= 1');
    // An exact entry wins over a shape that would take only part of the sentence ("must be at most {max}").
    expect(translator.message("fr", "must be at most 5, the largest possible gap")).toBe("doit valoir au plus 5, le plus grand écart possible");
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
    await workbook.xlsx.load((await buildXlsForm(instrument, app.context.translator)) as unknown as ArrayBuffer);
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
    expect(text).toContain("la colonne « calculation » n’a pas sa place dans un instrument (voir docs/exchange.md pour le sous-ensemble pris en charge)");
    expect(text).not.toMatch(/must be the instrument id|has no place/);
  });

  /** The XLSForm of the app's instrument under a new form_id, with `edit` applied to its sheets. */
  const editedWorkbook = async (formId: string, edit: (workbook: ExcelJS.Workbook) => void = () => {}) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildXlsForm(app.context.instruments.list()[0], app.context.translator)) as unknown as ArrayBuffer);
    const settings = workbook.getWorksheet("settings")!;
    settings.getRow(1).eachCell((cell, column) => {
      if (cell.value === "form_id") settings.getRow(2).getCell(column).value = formId;
    });
    edit(workbook);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };

  it("lists in French the instrument checks' refusal of a converted workbook, and an instrument that already exists", async () => {
    // Severity thresholds out of order: the converter takes them, the instrument's own rules refuse them.
    const unordered = await upload(
      french,
      await editedWorkbook("unordered-thresholds", (workbook) => {
        const details = workbook.getWorksheet("cna_details")!;
        details.eachRow((row) => {
          if (row.getCell(1).value === "severity.low") row.getCell(2).value = "1.8";
        });
      }),
    );
    expect(unordered.status).toBe(400);
    expect(textOf(unordered.text)).toContain("instrument.yaml : doit être inférieur à moderate (1) : les seuils décroissent de critical à low");
    expect(textOf(unordered.text)).not.toContain("thresholds fall");

    const first = await upload(french, await editedWorkbook("imported-twice"));
    expect(first.status).toBe(200);
    const again = await upload(french, await editedWorkbook("imported-twice"));
    expect(again.status).toBe(400);
    expect(textOf(again.text)).toMatch(/un dossier d’instrument « imported-twice » existe déjà dans .+ : choisissez un autre form_id/);
  });

  it("lists the problem of a workbook without a rating item in Arabic to an Arabic-speaking expert", async () => {
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
    expect(textOf(refused.text)).toContain("لا يحتوي الاستبيان على أي بند تقييم");
    expect(textOf(refused.text)).not.toContain("the survey has no rating item");
  });
});
