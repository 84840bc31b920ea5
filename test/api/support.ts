// Helpers for the API tests: the real app on a temporary database, real personal API tokens, and a small JSON client.
import type express from "express";
import { createApiToken } from "../../src/auth/api-tokens";
import type { Actor } from "../../src/auth/policy";
import type { AppContext } from "../../src/context";

export { startApp } from "../auth/support";

/** A real personal token of `actor`, made the way the account page makes one. */
export function tokenOf(context: AppContext, actor: Actor): string {
  return createApiToken({ database: context.database, clock: context.clock }, actor, "API test").token;
}

export interface ApiReply {
  status: number;
  contentType: string;
  location: string | null;
  cacheControl: string | null;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request(method: string, path: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiReply> {
    const headers: Record<string, string> = { accept: "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...headers, ...(options.headers ?? {}) },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: "manual",
    });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    return {
      status: res.status,
      contentType,
      location: res.headers.get("location"),
      cacheControl: res.headers.get("cache-control"),
      text,
      body: /json/.test(contentType) && text ? JSON.parse(text) : undefined,
    };
  }

  get(path: string): Promise<ApiReply> {
    return this.request("GET", path);
  }

  post(path: string, body: unknown): Promise<ApiReply> {
    return this.request("POST", path, { body });
  }
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** "METHOD /path" of every route the express app serves, walking mounted routers. */
export function expressRoutes(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== "_all"))
          for (const path of paths) found.push(`${method.toUpperCase()} ${prefix}${path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : ""));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return [...new Set(found)];
}
