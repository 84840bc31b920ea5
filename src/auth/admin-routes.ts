// Administration of accounts under /admin/users (list, create, re-scope, disable/enable, reset links) and the audit log page.
import { Router, type Request, type Response } from "express";
import type express from "express";
import type { AppContext } from "../context";
import { roles } from "../db/schema";
import { InvalidInputError, NotFoundError } from "../errors";
import { flash, requireAction } from "./guards";
import { UNUSABLE_PASSWORD } from "./passwords";
import { issuePasswordReset, resetLink, RESET_LIFETIME_HOURS } from "./password-resets";
import { localiseFieldErrors, newUserSchema, parseAccountInput, updateUserSchema } from "./schemas";
import { countriesOf, findUserById, grantsOf } from "./user-repository";
import { userPage, userQuerySchema, userRoleCounts } from "./user-list";
import { pagerOf, parseListQuery, rawQuery } from "../list-query";
import { createUser, setUserDisabled, updateUser } from "./user-service";

function userIdParam(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

export function registerAdminRoutes(app: express.Express, context: AppContext): void {
  const router = Router();
  const { database, translator, config } = context;
  const deps = { database, clock: context.clock };
  const meta = (req: Request) => ({ ip: req.ip ?? null, sessionId: req.sessionID });
  const localise = (res: Response, error: InvalidInputError) => localiseFieldErrors(translator, String(res.locals.locale), error);
  const roleOptions = (selected: string) => roles.map((role) => ({ value: role, labelKey: `role.${role}`, selected: role === selected }));

  router.use("/admin/users", requireAction("users.manage"));

  router.get("/admin/users", (req, res) => {
    const locale = String(res.locals.locale);
    const query = parseListQuery(userQuerySchema, rawQuery(req.originalUrl));
    const filters = { role: query.role, q: query.q };
    const page = userPage(database, filters, query);
    const counts = userRoleCounts(database, filters);
    res.render("admin/users", {
      titleKey: "admin.users.title",
      users: page.rows.map((u) => ({ ...u, roleKey: `role.${u.role}`, countryList: u.countries.join(", ") })),
      list: {
        path: "/admin/users",
        filters,
        isFiltered: filters.role !== undefined || filters.q !== undefined,
        total: counts.total,
        roleOptions: roles.map((r) => ({
          value: r,
          label: translator.t(locale, "lists.optionCount", { label: translator.t(locale, `role.${r}`), count: counts.roles.get(r) ?? 0 }),
          selected: r === filters.role,
        })),
        pager: pagerOf("/admin/users", filters, query, page),
      },
    });
  });

  const renderNew = (res: Response, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) => {
    res.status(Object.keys(errors).length ? 400 : 200).render("admin/user-new", {
      titleKey: "admin.users.new.title",
      errors,
      values,
      roles: roleOptions(String(values.role ?? "expert")),
    });
  };

  /** Shows a freshly issued single-use link to the administrator, who passes it on. */
  const renderLink = (res: Response, user: { id: number; email: string }, token: string, isNewUser: boolean) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.render("admin/user-link", {
      titleKey: isNewUser ? "admin.users.link.createdTitle" : "admin.users.link.resetTitle",
      user,
      link: resetLink(config.baseUrl, token),
      hours: RESET_LIFETIME_HOURS,
      isNewUser,
    });
  };

  router.get("/admin/users/new", (_req, res) => renderNew(res));

  router.post("/admin/users", (req, res) => {
    try {
      const input = parseAccountInput(newUserSchema, req.body ?? {});
      // No password is chosen for the person: they set their own through the link, which only they should receive.
      const id = createUser(deps, req.actor!, { ...input, passwordHash: UNUSABLE_PASSWORD, mustChangePassword: false }, meta(req));
      const { token } = issuePasswordReset(deps, req.actor!, id, meta(req));
      renderLink(res, { id, email: input.email }, token, true);
    } catch (error) {
      if (error instanceof InvalidInputError) return renderNew(res, localise(res, error), req.body ?? {});
      throw error;
    }
  });

  const loadUser = (req: Request) => {
    const user = findUserById(database.db, userIdParam(req.params.userId));
    if (!user) throw new NotFoundError();
    return user;
  };

  const renderUser = (req: Request, res: Response, errors: Record<string, string> = {}, values?: Record<string, unknown>) => {
    const user = loadUser(req);
    const shown = values ?? { name: user.name, role: user.role, countries: countriesOf(database.db, user.id).join(", ") };
    res.status(Object.keys(errors).length ? 400 : 200).render("admin/user", {
      title: user.email,
      user: {
        id: user.id,
        email: user.email,
        isDisabled: Boolean(user.disabledAt),
        disabledAt: user.disabledAt,
        createdAt: user.createdAt,
        mustChangePassword: user.mustChangePassword,
      },
      isSelf: user.id === req.actor!.id,
      values: shown,
      roles: roleOptions(String(shown.role ?? user.role)),
      grants: grantsOf(database.db, user.id).map((g) => ({ ...g, roleKey: `membership.${g.role}` })),
      errors,
    });
  };

  router.get("/admin/users/:userId", (req, res) => renderUser(req, res));

  router.post("/admin/users/:userId", (req, res) => {
    const user = loadUser(req);
    try {
      updateUser(deps, req.actor!, user.id, parseAccountInput(updateUserSchema, req.body ?? {}), meta(req));
    } catch (error) {
      if (error instanceof InvalidInputError) return renderUser(req, res, localise(res, error), req.body ?? {});
      throw error;
    }
    flash(req, { kind: "success", key: "admin.users.saved" });
    res.redirect(303, `/admin/users/${user.id}`);
  });

  const toggle = (disabled: boolean) => (req: Request, res: Response) => {
    const user = loadUser(req);
    try {
      setUserDisabled(deps, req.actor!, user.id, disabled, meta(req));
      flash(req, { kind: "success", key: disabled ? "admin.users.disabled" : "admin.users.enabled" });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      for (const key of Object.values(error.fields)) flash(req, { kind: "error", key });
    }
    res.redirect(303, `/admin/users/${user.id}`);
  };

  router.post("/admin/users/:userId/disable", toggle(true));
  router.post("/admin/users/:userId/enable", toggle(false));

  router.post("/admin/users/:userId/reset", (req, res) => {
    const user = loadUser(req);
    if (user.disabledAt) {
      flash(req, { kind: "error", key: "admin.users.error.resetDisabled" });
      return res.redirect(303, `/admin/users/${user.id}`);
    }
    const { token } = issuePasswordReset(deps, req.actor!, user.id, meta(req));
    renderLink(res, { id: user.id, email: user.email }, token, false);
  });

  app.use(router);
}
