// Helpers for the account and security tests, over the one app harness (test/support/app.ts): a cookie-keeping HTTP
// client that sends CSRF tokens like a browser page would, users inserted with cheap hashes, a movable clock.
import { hashPasswordSync } from "../../src/auth/passwords";
import type { AppContext } from "../../src/context";
import { countries, userCountries, users, type Role } from "../../src/db/schema";
import { startTestApp, type TestApp, type TestAppOptions } from "../support/app";

export const PASSWORD = "a long and Unguessable passphrase";
/** Cheap scrypt parameters for the many users tests create; the production ones are checked in passwords.test.ts. */
export const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface MovableClock {
  (): Date;
  advance(minutes: number): void;
}

export function movableClock(start = new Date("2026-03-02T09:00:00Z")): MovableClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as MovableClock;
  clock.advance = (minutes: number) => {
    now += minutes * 60_000;
  };
  return clock;
}

/** The app harness of test/support/app.ts (the one harness); kept under this name for the account and security tests. */
export type AuthTestApp = TestApp;

export function startApp(options: { env?: Record<string, string> } & TestAppOptions = {}): Promise<AuthTestApp> {
  const { env = {}, ...rest } = options;
  return startTestApp(env, { dataDirPrefix: "cna-auth-", ...rest });
}

export function ensureCountry(context: AppContext, iso3: string, name = iso3): void {
  context.database.db.insert(countries).values({ iso3, m49: "999", name, region: "Test", subregion: "Test", groups: [] }).onConflictDoNothing().run();
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: Role;
}

export function insertUser(
  context: AppContext,
  options: { role: Role; email?: string; password?: string; countries?: string[]; disabled?: boolean; mustChangePassword?: boolean; locale?: string },
): TestUser {
  const email = options.email ?? `${options.role}.${Math.random().toString(36).slice(2, 9)}@example.org`;
  const password = options.password ?? PASSWORD;
  const { db } = context.database;
  const row = db
    .insert(users)
    .values({
      email,
      name: `${options.role} tester`,
      role: options.role,
      passwordHash: hashPasswordSync(password, CHEAP_SCRYPT),
      disabledAt: options.disabled ? new Date().toISOString() : null,
      mustChangePassword: options.mustChangePassword ?? false,
      locale: options.locale ?? "en",
    })
    .returning({ id: users.id })
    .get();
  for (const iso3 of options.countries ?? []) {
    ensureCountry(context, iso3);
    db.insert(userCountries).values({ userId: row.id, countryIso3: iso3 }).run();
  }
  return { id: row.id, email, password, role: options.role };
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

export const STAFF_CSRF_COOKIE = "cna.csrf";
export const RESPONDENT_CSRF_COOKIE = "cna.rcsrf";
export const SESSION_COOKIE = "cna.sid";

/**
 * A browser without JavaScript: keeps cookies by path, does not follow redirects (tests look at them), and before a
 * POST reads a page of the same area so that it can send the CSRF token that page's forms would carry.
 */
export class Browser {
  cookies: StoredCookie[] = [];

  constructor(readonly baseUrl: string) {}

  cookie(name: string, forPath = "/"): string | undefined {
    return this.cookiesFor(forPath).find((c) => c.name === name)?.value;
  }

  private cookiesFor(path: string): StoredCookie[] {
    // Longest path first, as browsers order them.
    return this.cookies.filter((c) => pathMatches(path, c.path)).sort((a, b) => b.path.length - a.path.length);
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith("path="));
      const path = pathAttribute ? pathAttribute.slice(5) : "/";
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      const isExpired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=.*1970/i.test(a));
      if (!isExpired && value !== "") this.cookies.push({ name, value, path });
    }
  }

  forget(name: string): void {
    this.cookies = this.cookies.filter((c) => c.name !== name);
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const requestPath = path.split("?")[0];
    const cookieHeader = this.cookiesFor(requestPath)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      body: init.body,
      headers: { ...(cookieHeader ? { cookie: cookieHeader } : {}), ...(init.headers ?? {}) },
      redirect: "manual",
    });
    this.remember(res.headers);
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get("location") };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request("GET", path, { headers });
  }

  /** The token a page in `path`'s area would put in its forms (read from the double-submit cookie, which holds the same value). */
  async csrfTokenFor(path: string): Promise<string> {
    const respondent = /^\/r\/[^/?#]+/.exec(path)?.[0];
    const page = await this.get(respondent ?? "/");
    // A user who must change their password is sent to that page first: it has forms too.
    if (page.location && page.status >= 300 && page.status < 400) await this.get(page.location);
    const token = this.cookie(respondent ? RESPONDENT_CSRF_COOKIE : STAFF_CSRF_COOKIE, respondent ?? "/");
    if (!token) throw new Error(`no CSRF cookie after reading ${respondent ?? "/"}`);
    return token;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const form = new URLSearchParams();
    if (options.csrf !== false) form.set("_csrf", typeof options.csrf === "string" ? options.csrf : await this.csrfTokenFor(path));
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    return this.request("POST", path, { body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...(options.headers ?? {}) } });
  }

  async signIn(email: string, password: string, next?: string): Promise<Reply> {
    return this.post("/sign-in", { email, password, ...(next ? { next } : {}) });
  }
}

/** The text content of an HTML page with tags removed and whitespace collapsed, for assertions on what people read. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
