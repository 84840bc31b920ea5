// The one way to declare a page route (the HTML side of api/registry.ts's defineOperation): who may reach it and
// the object it loads (`access`), its path parameters, form body and query (zod), its view and its handler, once.
// `pageRouter` turns a list of pages into an express router; src/routes.ts mounts every router of the app.
import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { AppContext } from "../context";
import { InvalidInputError, NotFoundError, parseInput } from "../errors";
import type { CatalogueMessage } from "../i18n/translate";
import { singleFileUpload } from "../uploads/middleware";

type AnyObject = z.ZodObject<z.ZodRawShape>;
type Empty = z.ZodObject<{}>;

/**
 * Who may reach a page, and what it loads for it, asked once per request before anything of the request is read:
 * `params` are the path parameters it needs (a path whose ids do not parse names nothing: 404), `load` finds the
 * object (unknown → NotFoundError) and asks auth/policy.ts (UnauthenticatedError / ForbiddenError). What it returns
 * is spread into the handler's input (`actor`, `assessment`, …). The access kinds: `anyone`, `signedIn` and
 * `allowedTo(action)` in auth/access.ts; `onAssessment(action)` and `onOrganisation(action)` in assessments/access.ts.
 */
export interface PageAccess<P extends AnyObject = AnyObject, L extends object = object> {
  params: P;
  load(context: AppContext, actor: Request["actor"], params: z.output<P>): L;
}

const noParams = z.object({});

/**
 * Anyone, signed in or not (`actor` is undefined for anonymous requests): public pages (home, sign-in, password
 * links, health). It asks nothing of the policy, so it lives here; auth/access.ts re-exports it beside `allowedTo`.
 */
export const anyone: PageAccess<typeof noParams, { actor: Request["actor"] }> = {
  params: noParams,
  load: (_context, actor) => ({ actor }),
};

/** Everything a page handler gets: the request, the loaded objects of its access, its parsed input. */
export type PageInput<A extends PageAccess, P extends AnyObject, B extends z.ZodType | undefined, Q extends AnyObject | undefined> = ReturnType<A["load"]> & {
  context: AppContext;
  req: Request;
  res: Response;
  /** The page's interface language (res.locals.locale). */
  locale: string;
  params: z.output<A["params"]> & z.output<P>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends AnyObject ? z.output<Q> : undefined;
};

/** A redirect after a POST (303 unless told otherwise). */
export class Redirect {
  constructor(
    readonly url: string,
    readonly status: 301 | 302 | 303 | 307 = 303,
  ) {}
}

/** A view rendered with its model, when a page renders another view than its own (or with another status). */
export class Rendered {
  constructor(
    readonly view: string,
    readonly model: Record<string, unknown>,
    readonly status = 200,
  ) {}
}

export const redirect = (url: string, status?: Redirect["status"]) => new Redirect(url, status);
export const render = (view: string, model: Record<string, unknown>, status?: number) => new Rendered(view, model, status);

/**
 * What a handler returns: the view model of the page's `view`, a `render(…)` or a `redirect(…)`; or nothing when it
 * answered itself (a file, a CSV, a PDF).
 */
export type PageResult = Redirect | Rendered | Record<string, unknown> | void;

export interface Page<
  A extends PageAccess = PageAccess,
  P extends AnyObject = AnyObject,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
> {
  method: "get" | "post";
  /** Express path (":id" parameters). */
  path: string;
  access: A;
  /** Path parameters besides the access's own (parsed after the access check; unparsable → 404). */
  params?: P;
  /** The form body (urlencoded or JSON), parsed after the access check: a refusal never depends on what was sent. */
  body?: B;
  /** The query string (req.query), parsed like the body. */
  query?: Q;
  /** A file upload (field `file`), read by multer only once the access check has passed. */
  upload?: boolean;
  /** The view rendered with the model the handler returns. */
  view?: string;
  handle(input: PageInput<A, P, B, Q>): PageResult | Promise<PageResult>;
  /**
   * When the body or the service refuses the input (InvalidInputError): what to show instead, usually the form again
   * with its errors (`values` is the body as sent). A view model returned is rendered in `view` with status 400
   * (a `render(…)` keeps its own status). Without it the error page is shown.
   */
  onInvalid?(input: Omit<PageInput<A, P, B, Q>, "body"> & { values: Record<string, unknown> }, error: InvalidInputError): PageResult | Promise<PageResult>;
  /**
   * A staff form: when the body or the service refuses the input (InvalidInputError), the page that holds the form
   * comes back (`view`, status 400) with the values as sent (`values`) and each field's message in the page's language
   * (`errors`, by field name; `_` for the form as a whole), which the form/field partial ties to its control. `model`
   * builds the rest of that page; it is told the refused values and messages, and when it returns `values` or `errors`
   * itself (a row's form among others) those are used. Never the error page. Every staff form is listed in
   * test/web/forms.test.ts.
   */
  /**
   * An action that asks first (closing, publishing, revoking links, removing people): unless the form says
   * `confirmed=yes`, nothing happens and a confirmation page answers (200, views/confirm.hbs), stating the
   * consequences with their figures and posting the same fields again with the confirmation; no JavaScript needed.
   * Returns undefined when this request needs no confirmation (another transition, say). Asked after the access check.
   */
  confirm?(input: Omit<PageInput<A, P, B, Q>, "body">): Confirmation | undefined;
  form?: {
    view: string;
    model(input: Omit<PageInput<A, P, B, Q>, "body">, refused: RefusedForm): Record<string, unknown> | Promise<Record<string, unknown>>;
  };
}

/**
 * What an action that asks first says before it runs: the action's name (a catalogue key, also the confirm button's),
 * its consequences with their figures (catalogue messages), and where Cancel goes.
 */
export interface Confirmation {
  actionKey: string;
  consequences: CatalogueMessage[];
  back: string;
}

/** The form field that confirms an action (web/pages.ts `confirm`, views/confirm.hbs). */
export const CONFIRMED_FIELD = "confirmed";

/** What a refused form comes back with: the values as sent and each field's message, translated. */
export interface RefusedForm {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * Declares a page with its types inferred from its access and schemas. A page belongs to the folder of its domain
 * (a `pages` list there, or a per-page module under `<domain>/pages/`); src/routes.ts mounts the lists.
 *
 * ```ts
 * export const membersPage = definePage({
 *   method: "get",
 *   path: "/assessments/:id/members",
 *   access: onAssessment("assessment.members"),
 *   view: "assessments/members",
 *   handle: ({ context, assessment }) => membersView(context, assessment),
 * });
 * ```
 */
export function definePage<
  const A extends PageAccess,
  P extends AnyObject = Empty,
  B extends z.ZodType | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
>(page: Page<A, P, B, Q>): Page {
  return page as unknown as Page;
}

/** A positive whole number in the path (an object's id); anything else names no object (404). */
export const pathId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Path parameters parse or name nothing. */
function parsePath<S extends AnyObject>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.params);
  if (!result.success) throw new NotFoundError();
  return result.data;
}

async function answer(res: Response, page: Page, result: PageResult, status?: number): Promise<void> {
  if (result instanceof Redirect) return res.redirect(result.status, result.url);
  if (result instanceof Rendered) return void res.status(result.status).render(result.view, result.model);
  if (result === undefined) return;
  if (!page.view) throw new Error(`The page ${page.method.toUpperCase()} ${page.path} returned a view model but declares no view.`);
  res.status(status ?? 200).render(page.view, result);
}

/** The confirmation page: the consequences in the page's language, and the fields of the request to send again. */
function confirmationView(context: AppContext, locale: string, req: Request, confirmation: Confirmation) {
  const sent = Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([name]) => name !== "_csrf" && name !== CONFIRMED_FIELD);
  return {
    titleKey: "confirm.title",
    actionKey: confirmation.actionKey,
    action: req.originalUrl,
    consequences: confirmation.consequences.map((message) => context.translator.render(locale, message)),
    fields: sent.flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: String(v) }))),
    back: confirmation.back,
  };
}

/** Each refused field's message in the page's language (catalogue keys and English sentences alike). */
function fieldMessages(context: AppContext, locale: string, error: InvalidInputError): Record<string, string> {
  const { translator } = context;
  const fields = Object.entries(error.fields);
  // A refusal that names no field is the form's as a whole.
  if (fields.length === 0) return { _: error.shown ? translator.render(locale, error.shown) : error.message };
  // A message about a part of a field (reminderDays.1, levels.0) is its control's.
  const shown: Record<string, string> = {};
  for (const [field, message] of fields) shown[field.split(".")[0]] ??= translator.field(locale, message, error.fieldParams[field]);
  return shown;
}

/** The express handlers of one page: access (then the upload, when it takes one), input, handler, answer. */
function pageHandlers(context: AppContext, page: Page): RequestHandler[] {
  const loaded = new WeakMap<Request, { params: object; objects: object }>();
  const checkAccess: RequestHandler = (req, _res, next) => {
    const params = parsePath(page.access.params, req);
    loaded.set(req, { params, objects: page.access.load(context, req.actor, params) });
    next();
  };
  const run: RequestHandler = async (req, res) => {
    const access = loaded.get(req)!;
    loaded.delete(req);
    const params = page.params ? { ...access.params, ...parsePath(page.params, req) } : access.params;
    const base = { ...access.objects, context, req, res, locale: res.locals.locale as string, params };
    if (page.confirm && req.body?.[CONFIRMED_FIELD] !== "yes") {
      const confirmation = page.confirm(base as never);
      if (confirmation) return void res.render("confirm", confirmationView(context, base.locale, req, confirmation));
    }
    try {
      const body = page.body ? parseInput(page.body, req.body ?? {}) : undefined;
      const query = page.query ? parseInput(page.query, req.query) : undefined;
      await answer(res, page, await page.handle({ ...base, body, query } as never));
    } catch (error) {
      if (!(error instanceof InvalidInputError) || !(page.form || page.onInvalid)) throw error;
      const values = (req.body ?? {}) as Record<string, unknown>;
      // A script that asks for JSON gets the funnel's problem+json; people get their form back.
      if (page.form && req.accepts("html")) {
        const refused = { values, errors: fieldMessages(context, base.locale, error) };
        // The model may place the values and messages itself (a row's form among others); by default they are the page's.
        const model = await page.form.model(base as never, refused);
        return void res.status(400).render(page.form.view, { values, errors: refused.errors, ...model });
      }
      if (!page.onInvalid) throw error;
      await answer(res, page, await page.onInvalid({ ...base, values } as never, error), 400);
    }
  };
  return page.upload ? [checkAccess, singleFileUpload(context.config.uploads), run] : [checkAccess, run];
}

/** One router for a list of pages, in their order. */
export function pageRouter(context: AppContext, pages: readonly Page[]): Router {
  const router = Router();
  for (const page of pages) router[page.method](page.path, ...pageHandlers(context, page));
  return router;
}
