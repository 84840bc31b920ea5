// Results of costly read-only queries (the staff lists' grouped counts), kept until a table they read changes.
// The version has two parts: a counter per watched table, bumped by TEMP triggers on this connection's every insert,
// update and delete of it (triggers' own writes included; a rollback undoes the bump with the rows), and
// `PRAGMA data_version`, which changes whenever another connection (the command line, another process) commits
// anything. It is read before computing, so a kept value is never older than its version. Writes to other tables
// (a session seen, an answer saved) keep it. Nothing is kept inside a transaction.
import type { AppDatabase } from "./client";

const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  value: unknown;
}

interface Cache {
  entries: Map<string, Entry>;
  watched: Set<string>;
  dataVersion: { get(): unknown };
  counters: { all(): unknown[] };
}

const caches = new WeakMap<AppDatabase, Cache>();

function cacheOf(database: AppDatabase): Cache {
  let cache = caches.get(database);
  if (!cache) {
    database.sqlite.exec("create temp table if not exists cache_versions (name text primary key, n integer not null)");
    cache = {
      entries: new Map(),
      watched: new Set(),
      dataVersion: database.sqlite.prepare("pragma data_version").pluck(),
      counters: database.sqlite.prepare("select name || '=' || n from temp.cache_versions order by name").pluck(),
    };
    caches.set(database, cache);
  }
  return cache;
}

function watch(database: AppDatabase, cache: Cache, table: string): void {
  if (cache.watched.has(table)) return;
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const bump = `insert into temp.cache_versions (name, n) values ('${table}', 1) on conflict (name) do update set n = n + 1`;
  database.sqlite.exec(
    ["insert", "update", "delete"]
      .map((event) => `create temp trigger if not exists cache_${table}_${event} after ${event} on main.${table} begin ${bump}; end;`)
      .join("\n"),
  );
  cache.watched.add(table);
}

/** A value that changes whenever one of `tables` was written on this connection, or another connection committed. */
export function tablesVersion(database: AppDatabase, tables: readonly string[]): string {
  const cache = cacheOf(database);
  for (const table of tables) watch(database, cache, table);
  return `${cache.dataVersion.get() as number}:${(cache.counters.all() as string[]).join(",")}`;
}

/** `compute()`, or its result from an earlier call with the same key while none of `tables` has changed. */
export function cachedUntilWrite<T>(database: AppDatabase, tables: readonly string[], key: string, compute: () => T): T {
  // Inside a transaction what is read may yet be rolled back: never kept, never reused.
  if (database.sqlite.inTransaction) return compute();
  const cache = cacheOf(database).entries;
  const version = tablesVersion(database, tables);
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = compute();
  cache.delete(key);
  cache.set(key, { version, value });
  // Oldest first in a Map's order: drop the least recently computed beyond the bound.
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

/** What the staff lists' counts read: invitations, their organisations and assessment, and the mail outbox. */
export const LIST_TABLES = ["invitations", "organisations", "assessments", "outbox"] as const;
