// Builds the express app: security headers, assets, body limits, locale, routers, and the error funnel.
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { renderWithSecurityLocals, securityMiddleware, unauthenticatedRedirect } from "./auth/middleware";
import type { AppContext } from "./context";
import { appRoutes, type LinkChains, type RouteMount } from "./routes";
import { directionOf, interfaceLocales, isLocale, negotiateLocale } from "./i18n/locales";
import { composeHandlers } from "./web/compose";
import { errorHandler, notFoundHandler } from "./web/error-handler";
import { healthRouter } from "./web/health";
import { serializeRequest, serializeResponse } from "./web/logger";
import { configureViews } from "./web/views";

/**
 * Headers of the JSON a page's own script exchanges (autosave): never rendered as a document, so the page policy
 * (helmet) reduces to refusing sniffing, framing and any content, and keeping it out of caches.
 */
const JSON_RESPONSE_HEADERS: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Referrer-Policy", "no-referrer"],
  ["Cache-Control", "no-store"],
];

export interface AppOptions {
  /** Mounted after the app's own routes, before the 404 (tests add probe routes this way). */
  extraRoutes?: RouteMount[];
}

export function createApp(context: AppContext, options: AppOptions = {}): express.Express {
  const { config, database, logger, translator } = context;
  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", config.trustProxy);
  configureViews(app, { rootDir: config.rootDir, translator, cache: config.env !== "development" });

  // Pages are rendered per request (and carry a fresh CSRF token), so an ETag would hash every body for nothing;
  // the static assets keep theirs.
  app.set("etag", false);
  // The access log writes at "info": below that level the middleware would only build per-request loggers nobody reads.
  if (logger.isLevelEnabled("info"))
    app.use(
      pinoHttp({
        logger,
        autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/assets/") || req.url === "/healthz" },
        // Method, redacted URL and status only: headers carry the session cookie, Set-Cookie and Authorization.
        serializers: { req: serializeRequest, res: serializeResponse },
      }),
    );

  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Plain-HTTP installs on a LAN must keep working; HSTS only when the public URL is https.
    strictTransportSecurity: config.baseUrl.startsWith("https://"),
  });
  // Fast settings: a questionnaire page (24 KB of HTML) takes ~0.1 ms at gzip level 1 or brotli quality 1 against
  // ~0.4 ms at the defaults, for a result only ~0.6 KB larger (4.7 KB instead of 4.1 KB): on a slow line the
  // difference is noise, on the server it is most of a page's cost.
  const compressResponse = compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } });
  // Once per response: a link request that no link route answers meets it again in the staff chain.
  const compress: express.RequestHandler = (req, res, next) => {
    if (res.locals.compressing) return next();
    res.locals.compressing = true;
    // Nothing to negotiate without Accept-Encoding: the response goes out as written, without compression's hooks
    // on every write (as compression itself would send it, Vary included).
    if (!req.headers["accept-encoding"]) {
      res.vary("Accept-Encoding");
      return next();
    }
    compressResponse(req, res, next);
  };
  const chooseLocale: express.RequestHandler = (req, res, next) => {
    const chosen = req.query.lang;
    const locale = isLocale(chosen)
      ? chosen
      : isLocale(req.actor?.locale)
        ? req.actor.locale
        : negotiateLocale(req.headers["accept-language"], interfaceLocales);
    res.locals.locale = locale;
    res.locals.dir = directionOf(locale);
    next();
  };
  const bodyParsers = [express.urlencoded({ extended: false, limit: "200kb", parameterLimit: 2000 }), express.json({ limit: "200kb" })];
  const security = securityMiddleware(context);
  renderWithSecurityLocals(app);

  // Invitation links (/r/…) are the respondents' hot path (every page view and autosave, on slow phones): the link is
  // the credential, so they get their own short chains — without the staff session, API token and password gate —
  // ahead of everything else. What no link route answers falls through to the staff chain (and its 404).
  const jsonResponseHeaders = config.baseUrl.startsWith("https://")
    ? [...JSON_RESPONSE_HEADERS, ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]]
    : JSON_RESPONSE_HEADERS;
  const jsonHeaders: express.RequestHandler = (_req, res, next) => {
    for (const [name, value] of jsonResponseHeaders) res.setHeader(name, value);
    next();
  };
  const routes = appRoutes(context);
  const chains: LinkChains = {
    page: composeHandlers([securityHeaders, compress, ...security.respondent.identify, chooseLocale, ...bodyParsers, ...security.respondent.protect]),
    json: composeHandlers([jsonHeaders, security.respondent.cookies, chooseLocale, ...bodyParsers, ...security.respondent.protect]),
  };
  app.use(routes.links(chains));

  app.use(securityHeaders);
  app.use(compress);
  const assetOptions = { maxAge: config.env === "production" ? "7d" : 0, fallthrough: false, index: false } as const;
  app.use("/assets/vendor/chart.umd.js", express.static(path.join(config.rootDir, "node_modules/chart.js/dist/chart.umd.js"), assetOptions));
  // Browsers that ignore the page's icon links ask for /favicon.ico.
  app.use("/favicon.ico", express.static(path.join(config.rootDir, "src/web/assets/favicon.ico"), assetOptions));
  app.use("/assets", express.static(path.join(config.rootDir, "src/web/assets"), assetOptions));
  app.use(healthRouter(context));

  // Who is asking (session or API token) comes first, so that even a 413 page knows the user and their language;
  // the CSRF check needs the parsed body, so it comes after the body parsers.
  app.use(security.identify);
  app.use(chooseLocale);
  app.use(bodyParsers);
  app.use(security.protect);
  for (const mount of [...routes.staff, ...(options.extraRoutes ?? [])]) mount(app, context);

  app.use(notFoundHandler);
  app.use(unauthenticatedRedirect);
  app.use(errorHandler({ logger, exposeStack: config.env === "development", translator: context.translator }));
  return app;
}
