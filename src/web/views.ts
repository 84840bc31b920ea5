// Handlebars set-up: layouts, partials and the few helpers views may use (formatting, translation, comparisons).
import fs from "node:fs";
import path from "node:path";
import type express from "express";
import Handlebars from "handlebars";
import { formatDate, formatNumber, formatPercent } from "../i18n/format";
import type { Translator } from "../i18n/translate";
import { scaleEnds } from "../questionnaires/scale";

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
    /** A message that depends on a count, in the variant of the count's plural category (`plural "count.minutes" 12`). */
    plural(key: string, count: unknown, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      return translator.plural(localeOf(options), key, Number(count), options.hash);
    },
    /** The name of the scale's lowest or highest value as a sentence cites it (`scaleEnd model.scale "lowest"`). */
    scaleEnd(scale: { value: number; label: string }[], end: "lowest" | "highest", ...rest: unknown[]) {
      return scaleEnds(scale ?? [], localeOf(rest.pop() as HelperOptions))[end];
    },
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    gt: (a: number, b: number) => a > b,
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    not: (a: unknown) => !a,
    /** The whole number nearest a figure: the shade class of a heatmap cell from the level printed in it. */
    round: (value: unknown) => Math.round(Number(value)),
    // A content hash as people may be shown it: 12 hex digits, as shortVersion in questionnaires/hash.ts.
    shortVersion: (version: unknown) => String(version).slice(0, 12),
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(""),
    /** One field of each object of a list, joined (`joinField gaps "dimensionTitle" "; "`). */
    joinField: (list: unknown, field: unknown, separator: unknown) =>
      Array.isArray(list) ? list.map((x) => String((x as Record<string, unknown>)[String(field)] ?? "")).join(String(separator)) : "",
    /** Whether an object (a form's errors) has any entry. */
    hasEntries: (value: unknown) => typeof value === "object" && value !== null && Object.keys(value).length > 0,
    /** The first of its values that is set (`either id name`). */
    either: (...args: unknown[]) => args.slice(0, -1).find((v) => v !== undefined && v !== null && v !== ""),
    /** The ids a form control's aria-describedby names: its hint's and its message's, when it has them (form/field partial). */
    describedBy: (id: unknown, hint: unknown, error: unknown) => [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" "),
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

/**
 * A small synchronous view engine over one Handlebars instance: every view, partial and the layout are compiled once
 * (when caching, i.e. outside development) and rendered in one call. express-handlebars did the same work through
 * promise chains, a glob and per-render object merges, which cost about a third of the respondent page's render time
 * (docs/decisions/007-respondent-hot-path.md).
 */
export class ViewEngine {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly compileOptions: CompileOptions;
  private partialsLoaded = false;

  constructor(private readonly options: { viewsDir: string; helpers: Record<string, Handlebars.HelperDelegate>; cache: boolean }) {
    this.handlebars.registerHelper(options.helpers);
    // Known helpers are called directly instead of being looked up on every use.
    this.compileOptions = { knownHelpers: Object.fromEntries(Object.keys(options.helpers).map((name) => [name, true])) };
  }

  /** The engine function express calls: renders the view, then the main layout around it. */
  readonly render = (filePath: string, context: object, callback: (error: unknown, html?: string) => void): void => {
    let html: string;
    try {
      html = this.renderFile(filePath, context);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, html);
  };

  /** The view (a name under views/, without extension) inside the layout, as a string: `render` without the callback. */
  renderToString(viewName: string, context: object): string {
    return this.renderFile(path.join(this.options.viewsDir, `${viewName}.hbs`), context);
  }

  /** The view without the layout: a fragment placed into another page (the report's sections, src/reports/html.ts). */
  renderFragment(viewName: string, context: object): string {
    if (!this.options.cache || !this.partialsLoaded) this.loadPartials();
    return this.template(path.join(this.options.viewsDir, `${viewName}.hbs`))(context).trim();
  }

  private renderFile(filePath: string, context: object): string {
    if (!this.options.cache || !this.partialsLoaded) this.loadPartials();
    const body = this.template(filePath)(context).trim();
    return this.template(path.join(this.options.viewsDir, "layouts", "main.hbs"))({ ...context, body }).trim();
  }

  private template(filePath: string): Handlebars.TemplateDelegate {
    const cached = this.compiled.get(filePath);
    if (cached) return cached;
    const template = this.handlebars.compile(fs.readFileSync(filePath, "utf8").trim(), this.compileOptions);
    if (this.options.cache) this.compiled.set(filePath, template);
    return template;
  }

  /** Partials are named by their path under views/partials without the extension (e.g. "progress"). */
  private loadPartials(): void {
    const dir = path.join(this.options.viewsDir, "partials");
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".hbs")) continue;
      const name = file.slice(0, -".hbs".length).split(path.sep).join("/");
      this.handlebars.registerPartial(name, this.handlebars.compile(fs.readFileSync(path.join(dir, file), "utf8").trim(), this.compileOptions));
    }
    this.partialsLoaded = true;
  }
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

const enginesOfApps = new WeakMap<express.Express, ViewEngine>();

/**
 * Renders a view with its layout synchronously, with the app's locals as `res.render` merges them (app, then the
 * given locals) — for a page that is not sent as is (the respondent's cached page, src/responses/page-skeleton.ts).
 */
export function renderView(app: express.Application, viewName: string, locals: object): string {
  const engine = enginesOfApps.get(app as express.Express);
  if (!engine) throw new Error("renderView: views are not configured on this app");
  return engine.renderToString(viewName, { ...app.locals, ...locals });
}

/** A view rendered without the layout, with the app's locals as `res.render` merges them. */
export function renderFragment(app: express.Application, viewName: string, locals: object): string {
  const engine = enginesOfApps.get(app as express.Express);
  if (!engine) throw new Error("renderFragment: views are not configured on this app");
  return engine.renderFragment(viewName, { ...app.locals, ...locals });
}

export function configureViews(app: express.Express, options: { rootDir: string; translator: Translator; cache: boolean }): void {
  const viewsDir = path.join(options.rootDir, "views");
  const views = new ViewEngine({ viewsDir, helpers: viewHelpers(options.translator) as Record<string, Handlebars.HelperDelegate>, cache: options.cache });
  app.engine("hbs", views.render);
  enginesOfApps.set(app, views);
  app.set("view engine", "hbs");
  app.set("views", viewsDir);
  if (options.cache) app.enable("view cache");
}
