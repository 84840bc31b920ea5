// The shape of data/countries.json: UN member and observer States with their M49 geography and special-situation groups.
import { z } from "zod";

/** The UN special-situation groups a country can belong to (lists kept by UN-OHRLLS). */
export const COUNTRY_GROUPS = ["LDC", "LLDC", "SIDS"] as const;

export const zCountryGroup = z.enum(COUNTRY_GROUPS);
export type CountryGroup = z.infer<typeof zCountryGroup>;

/**
 * The M49 geographic hierarchy: region → sub-region → intermediate regions.
 * Written out so that a misspelt region in the data file is caught when it is loaded,
 * and a sub-region can never end up under two regions.
 */
export const M49_HIERARCHY = {
  Africa: {
    "Northern Africa": [],
    "Sub-Saharan Africa": ["Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa"],
  },
  Americas: {
    "Latin America and the Caribbean": ["Caribbean", "Central America", "South America"],
    "Northern America": [],
  },
  Asia: {
    "Central Asia": [],
    "Eastern Asia": [],
    "South-eastern Asia": [],
    "Southern Asia": [],
    "Western Asia": [],
  },
  Europe: {
    "Eastern Europe": [],
    "Northern Europe": ["Channel Islands"],
    "Southern Europe": [],
    "Western Europe": [],
  },
  Oceania: {
    "Australia and New Zealand": [],
    Melanesia: [],
    Micronesia: [],
    Polynesia: [],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type M49Region = keyof typeof M49_HIERARCHY;
export const M49_REGIONS = Object.keys(M49_HIERARCHY) as M49Region[];

/** Sub-regions of a region, in the order M49 lists them. */
export function subregionsOf(region: M49Region): string[] {
  return Object.keys(M49_HIERARCHY[region]);
}

function intermediateRegionsOf(region: M49Region, subregion: string): readonly string[] | undefined {
  const subregions: Record<string, readonly string[]> = M49_HIERARCHY[region];
  return Object.hasOwn(subregions, subregion) ? subregions[subregion] : undefined;
}

export const zCountry = z
  .object({
    iso3: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code: three capital letters, e.g. "FJI"'),
    /** ISO 3166-1 alpha-2: what Intl.DisplayNames names countries by (fictional demo countries have none). */
    iso2: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code: two capital letters, e.g. "FJ"')
      .optional(),
    m49: z.string().regex(/^\d{3}$/, 'must be a three-digit M49 code as a string, with leading zeros, e.g. "004"'),
    name: z.string().trim().min(1, "must not be empty"),
    region: z.enum(M49_REGIONS as [M49Region, ...M49Region[]]),
    subregion: z.string().min(1, "must not be empty"),
    intermediateRegion: z.string().min(1, "must not be empty").optional(),
    groups: z.array(zCountryGroup),
    /** True for the non-member observer States (Holy See, State of Palestine). */
    observer: z.boolean().optional(),
  })
  .strict()
  .superRefine((country, ctx) => {
    const intermediates = intermediateRegionsOf(country.region, country.subregion);
    if (intermediates === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["subregion"],
        message: `"${country.subregion}" is not an M49 sub-region of ${country.region}; expected one of: ${subregionsOf(country.region).join(", ")}`,
      });
      return;
    }
    if (country.intermediateRegion !== undefined && !intermediates.includes(country.intermediateRegion)) {
      ctx.addIssue({
        code: "custom",
        path: ["intermediateRegion"],
        message:
          intermediates.length === 0
            ? `M49 defines no intermediate regions in ${country.subregion}; remove the field`
            : `"${country.intermediateRegion}" is not an M49 intermediate region of ${country.subregion}; expected one of: ${intermediates.join(", ")}`,
      });
    }
    const seen = new Set<CountryGroup>();
    country.groups.forEach((group, index) => {
      if (seen.has(group)) {
        ctx.addIssue({ code: "custom", path: ["groups", index], message: `"${group}" is listed twice` });
      }
      seen.add(group);
    });
  });

export type Country = z.infer<typeof zCountry>;

export const zCountriesFile = z
  .object({
    /** Where the codes, names, regions and group lists were taken from, including what they do not yet reflect. */
    source: z.string().trim().min(1, "must name the sources of the data"),
    /** The date the LDC, LLDC and SIDS lists reflect. */
    groupsAsOf: z.iso.date("must be a date written YYYY-MM-DD"),
    countries: z.array(zCountry).min(1, "must list at least one country"),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const key of ["iso3", "m49"] as const) {
      const firstIndex = new Map<string, number>();
      file.countries.forEach((country, index) => {
        const earlier = firstIndex.get(country[key]);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["countries", index, key],
            message: `"${country[key]}" is already used by countries[${earlier}] (${file.countries[earlier].name})`,
          });
        } else {
          firstIndex.set(country[key], index);
        }
      });
    }
  });

export type CountriesFile = z.infer<typeof zCountriesFile>;

/** Which countries to compare with: a special-situation group, an M49 region or an M49 sub-region. */
export const zPeerGroupSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("group"), group: zCountryGroup }),
  z.object({ kind: z.literal("region"), region: z.string().min(1) }),
  z.object({ kind: z.literal("subregion"), subregion: z.string().min(1) }),
]);

export type PeerGroupSpec = z.infer<typeof zPeerGroupSpec>;
