// Builds the express app: security headers, assets, body limits, locale, routers, and the error funnel.
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { registerAccountRoutes, registerAdminRoutes, registerAuthRoutes, securityMiddleware, unauthenticatedRedirect } from "./auth/middleware";
import type { AppContext } from "./context";
import { directionOf, interfaceLocales, isLocale, localeNames, negotiateLocale } from "./i18n/locales";
import { errorHandler, notFoundHandler } from "./web/error-handler";
import { healthRouter } from "./web/health";
import { homeRouter } from "./web/home";
import { configureViews } from "./web/views";

export function createApp(context: AppContext): express.Express {
  const { config, database, logger, translator } = context;
  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", config.trustProxy);
  configureViews(app, { rootDir: config.rootDir, translator, cache: config.env !== "development" });

  app.use(
    helmet({
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
    }),
  );
  // Fast settings: a questionnaire page (24 KB of HTML) takes ~0.1 ms at gzip level 1 or brotli quality 1 against
  // ~0.4 ms at the defaults, for a result only ~0.6 KB larger (4.7 KB instead of 4.1 KB): on a slow line the
  // difference is noise, on the server it is most of a page's cost.
  app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }));
  const assetOptions = { maxAge: config.env === "production" ? "7d" : 0, fallthrough: false, index: false } as const;
  app.use("/assets/vendor/chart.umd.js", express.static(path.join(config.rootDir, "node_modules/chart.js/dist/chart.umd.js"), assetOptions));
  app.use("/assets", express.static(path.join(config.rootDir, "src/web/assets"), assetOptions));
  // The access log writes at "info": below that level the middleware would only build per-request loggers nobody reads.
  if (logger.isLevelEnabled("info")) app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/assets/") || req.url === "/healthz" },
      serializers: { req: (req) => ({ method: req.method, url: String(req.url).replace(/\/r\/[^/?#]+/, "/r/…") }) },
    }),
  );
  app.use(healthRouter(database));
  // Pages are rendered per request (and carry a fresh CSRF token), so an ETag would hash every body for nothing;
  // the static assets above keep theirs.
  app.set("etag", false);

  const chooseLocale: express.RequestHandler = (req, res, next) => {
    const chosen = req.query.lang;
    const locale = isLocale(chosen) ? chosen : isLocale(req.actor?.locale) ? req.actor.locale : negotiateLocale(req.headers["accept-language"], interfaceLocales);
    res.locals.locale = locale;
    res.locals.dir = directionOf(locale);
    res.locals.interfaceLocales = interfaceLocales.map((code) => ({ code, name: localeNames[code] }));
    next();
  };
  const bodyParsers = [express.urlencoded({ extended: false, limit: "200kb", parameterLimit: 2000 }), express.json({ limit: "200kb" })];
  const security = securityMiddleware(context);

  // Invitation links (/r/…) are the respondents' hot path (every page view and autosave, on slow phones): the link is
  // the credential, so they get their own short chain — cookies, language, body, CSRF — without the staff session,
  // API token and password gate. What no link route answers falls through to the staff chain (and its 404).
  const links = express.Router();
  links.use("/r/", security.respondent.identify, chooseLocale, bodyParsers, security.respondent.protect);
  for (const register of context.linkRoutes ?? []) register(links, context);
  app.use(links);

  // Who is asking (session or API token) comes first, so that even a 413 page knows the user and their language;
  // the CSRF check needs the parsed body, so it comes after the body parsers.
  app.use(security.identify);
  app.use(chooseLocale);
  app.use(bodyParsers);
  app.use(security.protect);
  registerAuthRoutes(app, context);
  registerAccountRoutes(app, context);
  registerAdminRoutes(app, context);

  for (const register of context.routes ?? []) register(app, context);
  app.use(homeRouter(context));

  app.use(notFoundHandler);
  app.use(unauthenticatedRedirect);
  app.use(errorHandler({ logger, exposeStack: config.env === "development", translator: context.translator }));
  return app;
}
