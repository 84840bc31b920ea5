// Handlebars set-up: layouts, partials and the few helpers views may use (formatting, translation, comparisons).
import path from "node:path";
import type express from "express";
import { engine } from "express-handlebars";
import Handlebars from "handlebars";
import { formatDate, formatNumber, formatPercent } from "../i18n/format";
import type { Translator } from "../i18n/translate";

type HelperOptions = Handlebars.HelperOptions & { data: { root: Record<string, unknown> } };

function localeOf(options: HelperOptions): string {
  return String(options?.data?.root?.locale ?? "en");
}

/**
 * The one reviewed way to emit markup from text: the text is escaped first, then blank lines become paragraphs
 * and single newlines line breaks. Templates never use triple-stash (a test checks).
 */
export function renderParagraphs(text: unknown): Handlebars.SafeString {
  if (typeof text !== "string" || text.trim() === "") return new Handlebars.SafeString("");
  const html = text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${Handlebars.escapeExpression(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
  return new Handlebars.SafeString(html);
}

export function viewHelpers(translator: Translator) {
  return {
    t(key: string, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      return translator.t(localeOf(options), key, options.hash);
    },
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    gt: (a: number, b: number) => a > b,
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    not: (a: unknown) => !a,
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(""),
    number(value: unknown, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      const digits = typeof rest[0] === "number" ? rest[0] : 1;
      return typeof value === "number" && Number.isFinite(value) ? formatNumber(localeOf(options), value, digits) : "—";
    },
    percent(value: unknown, options: HelperOptions) {
      return typeof value === "number" && Number.isFinite(value) ? formatPercent(localeOf(options), value) : "—";
    },
    date(value: unknown, options: HelperOptions) {
      return formatDate(localeOf(options), value as string);
    },
    paragraphs: renderParagraphs,
  };
}

export function configureViews(app: express.Express, options: { rootDir: string; translator: Translator; cache: boolean }): void {
  const viewsDir = path.join(options.rootDir, "views");
  app.engine(
    "hbs",
    engine({
      extname: ".hbs",
      defaultLayout: "main",
      layoutsDir: path.join(viewsDir, "layouts"),
      partialsDir: path.join(viewsDir, "partials"),
      helpers: viewHelpers(options.translator),
    }),
  );
  app.set("view engine", "hbs");
  app.set("views", viewsDir);
  if (options.cache) app.enable("view cache");
}
