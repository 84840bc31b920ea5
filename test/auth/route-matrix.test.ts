// The route authorisation matrix: every route registered on the app, requested as every kind of user, must answer
// as route-table.ts says. A new route fails this test until it has a line in the table.
import type express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokenHash } from "../../src/auth/api-tokens";
import { buildRouteFixture, roleNames, type RoleName, type RouteFixture, type StaffRole } from "./route-fixture";
import { defaultParams, routeTable, type Outcome } from "./route-table";
import { Browser, PASSWORD, startApp, type AuthTestApp, type Reply } from "./support";

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** "METHOD /path" for every route, walking mounted routers (express 5 keeps a router's mount path in rawPath). */
export function listRoutes(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== "_all")) {
          for (const path of paths) found.push(`${method.toUpperCase()} ${prefix}${path}`);
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return [...new Set(found)];
}

const isSignInRedirect = (reply: Reply) => reply.status >= 300 && reply.status < 400 && /^\/sign-in(\?next=|\?notice=expired|$)/.test(reply.location ?? "");

function outcomeOf(path: string, reply: Reply): Outcome | `unexpected ${number}` {
  if (path.startsWith("/api/") ? reply.status === 401 : isSignInRedirect(reply)) return "signIn";
  if (reply.status === 403) return "forbidden";
  if (reply.status >= 500 || reply.status === 401 || reply.status === 404) return `unexpected ${reply.status}`;
  return "ok";
}

function concretePath(key: string, fixture: RouteFixture, role: RoleName): string {
  const [, pattern] = key.split(" ");
  const overrides = routeTable[key]?.params ?? {};
  return pattern.replace(/:(\w+)/g, (_whole, name: string) => {
    const fill = overrides[name] ?? defaultParams[name];
    if (!fill) throw new Error(`${key}: no value for :${name}; add it to defaultParams or to the route's params in test/auth/route-table.ts`);
    return encodeURIComponent(String(fill(fixture, role)));
  });
}

/** The API is used with personal tokens, not the session: each role sends its own (anonymous none), without cookies. */
async function apiRequest(method: string, path: string, role: RoleName): Promise<Reply> {
  const token = role === "anonymous" ? undefined : fixture.apiTokens[role];
  const res = await fetch(new URL(path, app.url), {
    method,
    headers: {
      accept: "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === "GET" ? {} : { "content-type": "application/json" }),
    },
    body: method === "GET" ? undefined : "{}",
    redirect: "manual",
  });
  return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get("location") };
}

let app: AuthTestApp;
let fixture: RouteFixture;
let routes: string[];
const browsers = {} as Record<RoleName, Browser>;

async function signInAs(role: RoleName): Promise<void> {
  browsers[role] = new Browser(app.url);
  if (role === "anonymous") return;
  const reply = await browsers[role].signIn(fixture.users[role as StaffRole].email, PASSWORD);
  if (reply.status !== 303) throw new Error(`could not sign in as ${role}: ${reply.status}`);
}

beforeAll(async () => {
  app = await startApp();
  fixture = buildRouteFixture(app.context);
  routes = listRoutes(app.express);
  for (const role of roleNames) await signInAs(role);
});
afterAll(() => app.close());

describe("the route authorisation matrix", () => {
  it("finds the app's routes", () => {
    expect(routes).toContain("GET /admin/users");
    expect(routes).toContain("POST /sign-in");
  });

  it("has a line in test/auth/route-table.ts for every route", () => {
    const missing = routes.filter((route) => !(route in routeTable));
    expect(
      missing,
      `These routes are not in test/auth/route-table.ts. Add a line for each, saying who may use it (see the presets at the top of that file):\n${missing.map((r) => `  "${r}": …,`).join("\n")}`,
    ).toEqual([]);
  });

  it("has no lines for routes that no longer exist", () => {
    const stale = Object.keys(routeTable).filter((key) => !routes.includes(key));
    expect(stale, `Remove these lines from test/auth/route-table.ts (no such route):\n${stale.join("\n")}`).toEqual([]);
  });

  it("answers every route as the table says, for every role", async () => {
    const mismatches: string[] = [];
    const uncached: string[] = [];
    for (const key of routes) {
      const expectation = routeTable[key];
      if (!expectation) continue;
      const method = key.split(" ")[0];
      for (const role of roleNames) {
        const path = concretePath(key, fixture, role);
        const browser = browsers[role];
        const reply = path.startsWith("/api/")
          ? await apiRequest(method, path, role)
          : method === "GET"
            ? await browser.get(path, { accept: "text/html" })
            : await browser.post(path, {}, { headers: { accept: "text/html" } });
        const actual = outcomeOf(path, reply);
        // Signed-in pages and answers seen through a link hold personal data, links or tokens: never stored by caches.
        // Pages everyone may see (sign-in, health, the API's description) are not private.
        const showsPrivateData = path.startsWith("/r/") || (role !== "anonymous" && expectation.outcomes.anonymous !== "ok");
        if (method === "GET" && reply.status === 200 && showsPrivateData && !/\bno-store\b/.test(reply.headers.get("cache-control") ?? "")) {
          uncached.push(`${key} as ${role}: Cache-Control ${reply.headers.get("cache-control") ?? "(none)"}`);
        }
        const expected = expectation.outcomes[role];
        if (actual !== expected)
          mismatches.push(
            `${key} as ${role} (${method} ${path}): expected ${expected}, got ${actual} (status ${reply.status}${reply.location ? ` → ${reply.location}` : ""})`,
          );
        if (expectation.endsSession) await signInAs(role);
        if (expectation.revokesApiTokens && role !== "anonymous") {
          app.context.database.sqlite.prepare("update api_tokens set revoked_at = null where token_hash = ?").run(apiTokenHash(fixture.apiTokens[role]));
        }
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
    expect(uncached, `These answers may be kept by a browser or proxy cache (they need Cache-Control: no-store):\n${uncached.join("\n")}`).toEqual([]);
    // Hundreds of requests (every route × every role, PDFs among them): a limit well above the default 30 s.
  }, 180_000);
});
