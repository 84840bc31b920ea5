// The instruments the app offers (loaded from questionnaires/ at start-up) and the pinned versions assessments use
// (read from the database, immutable, so cached forever once parsed).
import { eq } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { instrumentVersions } from "../db/schema";
import { loadCompiled } from "./compiled-instruments";
import { formatLocated, loadInstrumentsRoot } from "./loader";
import { parseStoredInstrument, type Instrument } from "./schema";

export class InstrumentCatalog {
  private readonly pinnedCache = new Map<string, Instrument>();

  constructor(private readonly instruments: readonly Instrument[]) {}

  /**
   * Loads every instrument folder; any error stops start-up with located messages (file, line, field). With a
   * `cacheDir`, a folder whose files are byte for byte those of an earlier start is read from the instrument that
   * start validated (compiled-instruments.ts), not parsed again.
   */
  static async load(rootDir: string, options: { cacheDir?: string } = {}): Promise<InstrumentCatalog> {
    const { cacheDir } = options;
    const results = await loadInstrumentsRoot(rootDir, cacheDir ? (dir) => loadCompiled(dir, cacheDir) : undefined);
    const errors = results.flatMap((r) => (r.ok ? [] : r.errors));
    if (errors.length) throw new Error(`Instrument files have errors:\n${errors.map((e) => `  ${formatLocated(e)}`).join("\n")}`);
    return new InstrumentCatalog(results.flatMap((r) => (r.ok ? [r.instrument] : [])));
  }

  list(): readonly Instrument[] {
    return this.instruments;
  }

  /** The version of an instrument currently in the files. */
  current(id: string): Instrument | undefined {
    return this.instruments.find((i) => i.id === id);
  }

  /** Languages an instrument can be answered in: its source language and its declared translations. */
  languagesOf(instrument: Instrument): string[] {
    return [instrument.sourceLanguage, ...instrument.languages.map((l) => l.code)];
  }

  /** Stores the instrument version (idempotent): assessments reference it by hash and never change meaning. */
  pin(database: AppDatabase, instrument: Instrument): void {
    database.db
      .insert(instrumentVersions)
      .values({ version: instrument.version, instrumentId: instrument.id, title: instrument.title, content: JSON.stringify(instrument) })
      .onConflictDoNothing()
      .run();
    this.pinnedCache.set(instrument.version, instrument);
  }

  /** The instrument version an assessment pinned, whatever the files say today. */
  pinned(database: AppDatabase, version: string): Instrument {
    const cached = this.pinnedCache.get(version);
    if (cached) return cached;
    const row = database.db.select({ content: instrumentVersions.content }).from(instrumentVersions).where(eq(instrumentVersions.version, version)).get();
    if (!row) throw new Error(`Instrument version ${version} is not in the database.`);
    const instrument = parseStoredInstrument(JSON.parse(row.content));
    this.pinnedCache.set(version, instrument);
    return instrument;
  }
}
