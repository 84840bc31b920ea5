// Report models kept in memory while what they read has not changed. A model depends on its assessment's results and
// on those of the assessments it compares with (the previous round, the peer group), so an entry keeps the results
// versions (migration 0012: trigger-maintained counters, bumped by every writer) of exactly those assessments, plus row
// 0 (which assessments and countries exist, so which are peers). Versions are read before computing, so a kept model
// is never older than its versions; nothing is kept inside a transaction, where what is read may yet be rolled back.
import type { AppDatabase } from "../db/client";

/** Entries per database: a model of the 10,000-respondent assessment is about 1 MB of objects. */
const MAX_ENTRIES = 200;

interface Entry {
  /** assessment id → version, for every assessment the model read, and 0. */
  versions: Map<number, number>;
  value: unknown;
}

interface ReportCache {
  entries: Map<string, Entry>;
  readSome: { all(ids: string): unknown[] };
  readAll: { all(): unknown[] };
  hits: number;
  misses: number;
}

const caches = new WeakMap<AppDatabase, ReportCache>();

function cacheOf(database: AppDatabase): ReportCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = {
      entries: new Map(),
      readSome: database.sqlite.prepare("select assessment_id as id, version from results_versions where assessment_id in (select value from json_each(?))"),
      readAll: database.sqlite.prepare("select assessment_id as id, version from results_versions"),
      hits: 0,
      misses: 0,
    };
    caches.set(database, cache);
  }
  return cache;
}

/** Versions as read; an assessment without a row has never been written since the migration: version 0. */
function asMap(rows: unknown[]): Map<number, number> {
  return new Map((rows as { id: number; version: number }[]).map((r) => [r.id, r.version]));
}

function unchanged(cache: ReportCache, entry: Entry): boolean {
  const now = asMap(cache.readSome.all(JSON.stringify([...entry.versions.keys()])));
  for (const [id, version] of entry.versions) if ((now.get(id) ?? 0) !== version) return false;
  return true;
}

/**
 * `compute()`, or its result from an earlier call with the same key while none of the assessments it read changed.
 * `compute` returns the value and the ids of the assessments it read besides `assessmentId` (previous round, peers).
 */
export function cachedReport<T>(database: AppDatabase, assessmentId: number, key: string, compute: () => { value: T; alsoRead: readonly number[] }): T {
  if (database.sqlite.inTransaction) return compute().value;
  const cache = cacheOf(database);
  const fullKey = `${assessmentId}|${key}`;
  const hit = cache.entries.get(fullKey);
  if (hit && unchanged(cache, hit)) {
    cache.hits++;
    // Most recently used last, so the bound drops the least recently used.
    cache.entries.delete(fullKey);
    cache.entries.set(fullKey, hit);
    return hit.value as T;
  }
  cache.misses++;
  // Every version is read before computing (one row per assessment): which assessments the model reads is known only
  // after, and a write landing meanwhile must leave the entry older than the database, never newer.
  const before = asMap(cache.readAll.all());
  const { value, alsoRead } = compute();
  const versions = new Map([0, assessmentId, ...alsoRead].map((id) => [id, before.get(id) ?? 0]));
  cache.entries.delete(fullKey);
  cache.entries.set(fullKey, { versions, value });
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value as string);
  return value;
}

/** How often kept models were served (for the benchmark and tests). */
export function reportCacheStats(database: AppDatabase): { hits: number; misses: number; entries: number } {
  const cache = cacheOf(database);
  return { hits: cache.hits, misses: cache.misses, entries: cache.entries.size };
}
