// Country reference data: loads data/countries.json once and answers look-ups and peer-group questions.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { COUNTRY_GROUPS, M49_REGIONS, subregionsOf, zCountriesFile, type CountriesFile, type Country, type CountryGroup, type PeerGroupSpec } from "./schema";

export const DEFAULT_COUNTRIES_PATH = fileURLToPath(new URL("../../data/countries.json", import.meta.url));

/** A data file that cannot be read, is not JSON, or does not match the schema. */
export class CountriesFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${filePath}: ${problem}`).join("\n"));
    this.name = "CountriesFileError";
  }
}

/** Renders a zod issue path the way one would write it in code: countries[12].iso3 */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return text === "" ? name : `${text}.${name}`;
  }, "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  return field === "" ? issue.message : `${field}: ${issue.message}`;
}

/** Reads and validates a countries file; every problem is reported with the file path and the field. */
export function loadCountries(path: string = DEFAULT_COUNTRIES_PATH): CountriesFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CountriesFileError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CountriesFileError(path, [`is not valid JSON: ${(error as Error).message}`]);
  }
  const parsed = zCountriesFile.safeParse(json);
  if (!parsed.success) {
    throw new CountriesFileError(path, parsed.error.issues.map(describeIssue));
  }
  return parsed.data;
}

export const COUNTRY_GROUP_LABELS: Record<CountryGroup, string> = {
  LDC: "Least developed countries (LDC)",
  LLDC: "Landlocked developing countries (LLDC)",
  SIDS: "Small island developing States (SIDS)",
};

export type PeerGroupCategory = "group" | "region" | "subregion";

export const PEER_GROUP_CATEGORY_LABELS: Record<PeerGroupCategory, string> = {
  group: "Special-situation groups",
  region: "Regions (M49)",
  subregion: "Sub-regions (M49)",
};

/** One choice in a peer-group select box. `value` round-trips through parsePeerGroupValue. */
export interface PeerGroupOption {
  value: string;
  label: string;
  category: PeerGroupCategory;
  spec: PeerGroupSpec;
  memberCount: number;
}

/** Encodes a spec as a single form value, e.g. "group:SIDS" or "subregion:Western Asia". */
export function peerGroupValue(spec: PeerGroupSpec): string {
  switch (spec.kind) {
    case "group":
      return `group:${spec.group}`;
    case "region":
      return `region:${spec.region}`;
    case "subregion":
      return `subregion:${spec.subregion}`;
  }
}

/** Decodes a form value made by peerGroupValue; undefined when it is not one. */
export function parsePeerGroupValue(value: string): PeerGroupSpec | undefined {
  const separator = value.indexOf(":");
  if (separator < 0) return undefined;
  const kind = value.slice(0, separator);
  const name = value.slice(separator + 1);
  if (name === "") return undefined;
  if (kind === "group") {
    return (COUNTRY_GROUPS as readonly string[]).includes(name) ? { kind, group: name as CountryGroup } : undefined;
  }
  if (kind === "region") return { kind, region: name };
  if (kind === "subregion") return { kind, subregion: name };
  return undefined;
}

function byName(a: Country, b: Country): number {
  return a.name.localeCompare(b.name, "en");
}

/**
 * Look-ups over the country reference data. The file is read and validated on first use and kept
 * in this object, so tests and the application each own their directory and nothing loads at import time.
 */
export class CountryDirectory {
  readonly #source: string | CountriesFile;
  #file: CountriesFile | undefined;
  #sorted: readonly Country[] | undefined;
  #byIso3: Map<string, Country> | undefined;

  /** @param source a path to a countries file (default: data/countries.json), or already parsed data */
  constructor(source: string | CountriesFile = DEFAULT_COUNTRIES_PATH) {
    this.#source = source;
  }

  /** The parsed file, loading it on first use. */
  file(): CountriesFile {
    if (this.#file === undefined) {
      this.#file = typeof this.#source === "string" ? loadCountries(this.#source) : this.#source;
    }
    return this.#file;
  }

  /** The date the LDC, LLDC and SIDS lists reflect (YYYY-MM-DD). */
  groupsAsOf(): string {
    return this.file().groupsAsOf;
  }

  /** The country with this ISO 3166-1 alpha-3 code (any letter case), or undefined. */
  byIso3(iso3: string): Country | undefined {
    if (this.#byIso3 === undefined) {
      this.#byIso3 = new Map(this.file().countries.map((country) => [country.iso3, country]));
    }
    return this.#byIso3.get(iso3.trim().toUpperCase());
  }

  /** Every country, sorted by name. */
  all(): readonly Country[] {
    if (this.#sorted === undefined) {
      this.#sorted = [...this.file().countries].sort(byName);
    }
    return this.#sorted;
  }

  /** The regions that have at least one country, in M49 order. */
  regions(): string[] {
    const present = new Set(this.file().countries.map((country) => country.region));
    return M49_REGIONS.filter((region) => present.has(region));
  }

  /** The sub-regions that have at least one country, grouped by region in M49 order. */
  subregions(): string[] {
    const present = new Set(this.file().countries.map((country) => country.subregion));
    return M49_REGIONS.flatMap((region) => subregionsOf(region)).filter((subregion) => present.has(subregion));
  }

  /**
   * The members of a peer group, sorted by name.
   * Throws when the region or sub-region names none in the data, since that is a caller's mistake, not an empty group.
   */
  peerGroup(spec: PeerGroupSpec): Country[] {
    this.#assertKnown(spec);
    return this.all().filter((country) => isMember(country, spec));
  }

  /** Whether a country belongs to a peer group. */
  isInPeerGroup(country: Country, spec: PeerGroupSpec): boolean {
    this.#assertKnown(spec);
    return isMember(country, spec);
  }

  /** Every group, region and sub-region, labelled for a select box: groups first, then regions, then sub-regions. */
  peerGroupOptions(): PeerGroupOption[] {
    const specs: PeerGroupSpec[] = [
      ...COUNTRY_GROUPS.map((group): PeerGroupSpec => ({ kind: "group", group })),
      ...this.regions().map((region): PeerGroupSpec => ({ kind: "region", region })),
      ...this.subregions().map((subregion): PeerGroupSpec => ({ kind: "subregion", subregion })),
    ];
    return specs.map((spec) => ({
      value: peerGroupValue(spec),
      label: this.peerGroupLabel(spec),
      category: spec.kind,
      spec,
      memberCount: this.peerGroup(spec).length,
    }));
  }

  /** The short name of a peer group, e.g. "Small island developing States (SIDS)" or "Western Asia". */
  peerGroupLabel(spec: PeerGroupSpec): string {
    this.#assertKnown(spec);
    switch (spec.kind) {
      case "group":
        return COUNTRY_GROUP_LABELS[spec.group];
      case "region":
        return spec.region;
      case "subregion":
        return spec.subregion;
    }
  }

  /** One sentence naming a peer group, its size and where its list comes from, for report headings and notes. */
  describePeerGroup(spec: PeerGroupSpec): string {
    const count = this.peerGroup(spec).length;
    const members = `${count} ${count === 1 ? "country" : "countries"}`;
    switch (spec.kind) {
      case "group":
        return `${COUNTRY_GROUP_LABELS[spec.group]}: ${members}, UN-OHRLLS list as of ${this.groupsAsOf()}`;
      case "region":
        return `${spec.region} (M49 region): ${members}`;
      case "subregion":
        return `${spec.subregion} (M49 sub-region): ${members}`;
    }
  }

  /** Throws when a spec names a group, region or sub-region that the data does not have. */
  #assertKnown(spec: PeerGroupSpec): void {
    switch (spec.kind) {
      case "group":
        if (!(COUNTRY_GROUPS as readonly string[]).includes(spec.group)) {
          throw new Error(`Unknown country group "${spec.group}": expected one of ${COUNTRY_GROUPS.join(", ")}`);
        }
        return;
      case "region":
        if (!this.regions().includes(spec.region)) {
          throw new Error(`Unknown region "${spec.region}": expected one of ${this.regions().join(", ")}`);
        }
        return;
      case "subregion":
        if (!this.subregions().includes(spec.subregion)) {
          throw new Error(`Unknown sub-region "${spec.subregion}": expected one of ${this.subregions().join(", ")}`);
        }
        return;
    }
  }
}

function isMember(country: Country, spec: PeerGroupSpec): boolean {
  switch (spec.kind) {
    case "group":
      return country.groups.includes(spec.group);
    case "region":
      return country.region === spec.region;
    case "subregion":
      return country.subregion === spec.subregion;
  }
}
