// Administration of accounts under /admin/users (list, create, re-scope, disable/enable, reset links).
import type { Request, Response, Router } from "express";
import type { AppContext } from "../context";
import { roles } from "../db/schema";
import type { InvalidInputError } from "../errors";
import { pagerOf, parseListQuery, rawQuery } from "../list-query";
import { definePage, pageRouter, redirect, render, type Confirmation } from "../web/pages";
import { allowedTo, onUser } from "./access";
import { flash } from "./guards";
import { UNUSABLE_PASSWORD } from "./passwords";
import { issuePasswordReset, resetLink, RESET_LIFETIME_HOURS } from "./password-resets";
import type { Actor } from "./policy";
import { localiseFieldErrors, newUserSchema, parseAccountInput, updateUserSchema } from "./schemas";
import { accessFigures, countriesOf, grantsOf, type UserRow } from "./user-repository";
import { userPage, userQuerySchema, userRoleCounts } from "./user-list";
import { createUser, setUserDisabled, updateUser } from "./user-service";

const manage = "users.manage";

export function adminUserRouter(context: AppContext): Router {
  const { database, translator, config } = context;
  const deps = { database, clock: context.clock };
  const meta = (req: Request) => ({ ip: req.ip ?? null, sessionId: req.sessionID });
  const localise = (locale: string, error: InvalidInputError) => localiseFieldErrors(translator, locale, error);
  const roleOptions = (selected: string) => roles.map((role) => ({ value: role, labelKey: `role.${role}`, selected: role === selected }));

  const newUserView = (errors: Record<string, string> = {}, values: Record<string, unknown> = {}) =>
    render(
      "admin/user-new",
      { titleKey: "admin.users.new.title", errors, values, roles: roleOptions(String(values.role ?? "expert")) },
      Object.keys(errors).length ? 400 : 200,
    );

  /** Shows a freshly issued single-use link to the administrator, who passes it on. */
  const linkView = (res: Response, user: { id: number; email: string }, token: string, isNewUser: boolean) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    return render("admin/user-link", {
      titleKey: isNewUser ? "admin.users.link.createdTitle" : "admin.users.link.resetTitle",
      user,
      link: resetLink(config.baseUrl, token),
      hours: RESET_LIFETIME_HOURS,
      isNewUser,
    });
  };

  const userView = (actor: Actor, user: UserRow, errors: Record<string, string> = {}, values?: Record<string, unknown>) => {
    const shown = values ?? { name: user.name, role: user.role, countries: countriesOf(database.db, user.id).join(", ") };
    return render(
      "admin/user",
      {
        title: user.email,
        user: {
          id: user.id,
          email: user.email,
          isDisabled: Boolean(user.disabledAt),
          disabledAt: user.disabledAt,
          createdAt: user.createdAt,
          mustChangePassword: user.mustChangePassword,
        },
        isSelf: user.id === actor.id,
        values: shown,
        roles: roleOptions(String(shown.role ?? user.role)),
        grants: grantsOf(database.db, user.id).map((g) => ({ ...g, roleKey: `membership.${g.role}` })),
        errors,
      },
      Object.keys(errors).length ? 400 : 200,
    );
  };

  const toggle = (path: string, disabled: boolean) =>
    definePage({
      method: "post",
      path,
      access: onUser(manage),
      // Disabling ends the person's work at once: asked first, with what stops (no JavaScript needed).
      confirm: ({ actor, user }): Confirmation | undefined => {
        // Nothing to ask when it is refused anyway (oneself) or changes nothing.
        if (!disabled || user.disabledAt || user.id === actor.id) return undefined;
        const figures = accessFigures(context.database.db, user.id, context.clock());
        return {
          actionKey: "confirm.action.disableUser",
          consequences: [
            { key: "confirm.disableUser.who", params: { email: user.email } },
            { key: "confirm.disableUser.sessions", params: { count: figures.sessions } },
            { key: "confirm.apiTokens.stop", params: { count: figures.apiTokens } },
            { key: "confirm.disableUser.grants", params: { count: figures.grants } },
          ],
          back: `/admin/users/${user.id}`,
        };
      },
      handle: ({ actor, user, req }) => {
        setUserDisabled(deps, actor, user.id, disabled, meta(req));
        flash(req, { kind: "success", key: disabled ? "admin.users.disabled" : "admin.users.enabled" });
        return redirect(`/admin/users/${user.id}`);
      },
      onInvalid: ({ user, req }, error) => {
        for (const key of Object.values(error.fields)) flash(req, { kind: "error", key });
        return redirect(`/admin/users/${user.id}`);
      },
    });

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/admin/users",
      access: allowedTo(manage),
      view: "admin/users",
      handle: ({ req, locale }) => {
        const query = parseListQuery(userQuerySchema, rawQuery(req.originalUrl));
        const filters = { role: query.role, q: query.q };
        const page = userPage(database, filters, query);
        const counts = userRoleCounts(database, filters);
        return {
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
        };
      },
    }),

    definePage({ method: "get", path: "/admin/users/new", access: allowedTo(manage), handle: () => newUserView() }),

    definePage({
      method: "post",
      path: "/admin/users",
      access: allowedTo(manage),
      handle: ({ actor, req, res }) => {
        const input = parseAccountInput(newUserSchema, req.body ?? {});
        // No password is chosen for the person: they set their own through the link, which only they should receive.
        const id = createUser(deps, actor, { ...input, passwordHash: UNUSABLE_PASSWORD, mustChangePassword: false }, meta(req));
        const { token } = issuePasswordReset(deps, actor, id, meta(req));
        return linkView(res, { id, email: input.email }, token, true);
      },
      onInvalid: ({ locale, values }, error) => newUserView(localise(locale, error), values),
    }),

    definePage({ method: "get", path: "/admin/users/:userId", access: onUser(manage), handle: ({ actor, user }) => userView(actor, user) }),

    definePage({
      method: "post",
      path: "/admin/users/:userId",
      access: onUser(manage),
      handle: ({ actor, user, req }) => {
        updateUser(deps, actor, user.id, parseAccountInput(updateUserSchema, req.body ?? {}), meta(req));
        flash(req, { kind: "success", key: "admin.users.saved" });
        return redirect(`/admin/users/${user.id}`);
      },
      onInvalid: ({ actor, user, locale, values }, error) => userView(actor, user, localise(locale, error), values),
    }),

    toggle("/admin/users/:userId/disable", true),
    toggle("/admin/users/:userId/enable", false),

    definePage({
      method: "post",
      path: "/admin/users/:userId/reset",
      access: onUser(manage),
      handle: ({ actor, user, req, res }) => {
        if (user.disabledAt) {
          flash(req, { kind: "error", key: "admin.users.error.resetDisabled" });
          return redirect(`/admin/users/${user.id}`);
        }
        const { token } = issuePasswordReset(deps, actor, user.id, meta(req));
        return linkView(res, { id: user.id, email: user.email }, token, false);
      },
    }),
  ]);
}
