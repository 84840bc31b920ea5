// Country reference data: the shipped file's facts, and the directory's look-ups and peer groups.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CountriesFileError, CountryDirectory, loadCountries, parsePeerGroupValue, peerGroupValue } from "../../src/countries/repository";
import type { CountriesFile, CountryGroup } from "../../src/countries/schema";

const file = loadCountries();
const directory = new CountryDirectory(file);

function groupsOf(iso3: string): CountryGroup[] {
  const country = directory.byIso3(iso3);
  if (!country) throw new Error(`${iso3} is missing from data/countries.json`);
  return country.groups;
}

function membersOf(group: CountryGroup): string[] {
  return directory.peerGroup({ kind: "group", group }).map((country) => country.iso3);
}

describe("data/countries.json", () => {
  it("lists the 193 UN member states and the 2 observer States", () => {
    expect(file.countries).toHaveLength(195);
    expect(file.countries.filter((country) => !country.observer)).toHaveLength(193);
    const observers = file.countries.filter((country) => country.observer).map((country) => country.name);
    expect(observers.sort()).toEqual(["Holy See", "State of Palestine"]);
  });

  it("uses each ISO alpha-3 code and each M49 code once", () => {
    expect(new Set(file.countries.map((country) => country.iso3)).size).toBe(195);
    expect(new Set(file.countries.map((country) => country.m49)).size).toBe(195);
  });

  it("uses the names the UN uses", () => {
    expect(directory.byIso3("LAO")?.name).toBe("Lao People's Democratic Republic");
    expect(directory.byIso3("TUR")?.name).toBe("Türkiye");
    expect(directory.byIso3("CIV")?.name).toBe("Côte d'Ivoire");
    expect(directory.byIso3("BOL")?.name).toBe("Bolivia (Plurinational State of)");
  });

  it("keeps M49 codes as three-digit strings with leading zeros", () => {
    expect(directory.byIso3("AFG")?.m49).toBe("004");
    expect(directory.byIso3("SLB")?.m49).toBe("090");
    expect(directory.byIso3("PSE")?.m49).toBe("275");
  });

  it("places countries in their M49 region, sub-region and intermediate region", () => {
    expect(directory.byIso3("AFG")).toMatchObject({ region: "Asia", subregion: "Southern Asia" });
    expect(directory.byIso3("KEN")).toMatchObject({
      region: "Africa",
      subregion: "Sub-Saharan Africa",
      intermediateRegion: "Eastern Africa",
    });
    expect(directory.byIso3("HTI")).toMatchObject({
      region: "Americas",
      subregion: "Latin America and the Caribbean",
      intermediateRegion: "Caribbean",
    });
    expect(directory.byIso3("EGY")).toMatchObject({ region: "Africa", subregion: "Northern Africa" });
    expect(directory.byIso3("EGY")?.intermediateRegion).toBeUndefined();
    expect(directory.byIso3("FJI")).toMatchObject({ region: "Oceania", subregion: "Melanesia" });
  });

  it("dates the group lists", () => {
    expect(file.groupsAsOf).toBe("2025-01-01");
    expect(file.source).toContain("M49");
    expect(file.source).toContain("UN-OHRLLS");
  });
});

describe("special-situation groups", () => {
  it("counts 44 LDCs, 32 LLDCs and 38 SIDS", () => {
    expect(membersOf("LDC")).toHaveLength(44);
    expect(membersOf("LLDC")).toHaveLength(32);
    expect(membersOf("SIDS")).toHaveLength(38);
  });

  it.each([
    ["AFG", "Afghanistan", ["LDC", "LLDC"]],
    ["FJI", "Fiji", ["SIDS"]],
    ["MNG", "Mongolia", ["LLDC"]],
    ["HTI", "Haiti", ["LDC", "SIDS"]],
    ["BTN", "Bhutan, which graduated from LDC in December 2023", ["LLDC"]],
    ["STP", "Sao Tome and Principe, which graduated from LDC in December 2024", ["SIDS"]],
    ["TLS", "Timor-Leste", ["LDC", "SIDS"]],
    ["NPL", "Nepal", ["LDC", "LLDC"]],
    ["LAO", "Lao People's Democratic Republic", ["LDC", "LLDC"]],
    ["BGD", "Bangladesh, graduating only in November 2026", ["LDC"]],
    ["SGP", "Singapore", ["SIDS"]],
    ["KAZ", "Kazakhstan", ["LLDC"]],
    ["VUT", "Vanuatu, which graduated from LDC in 2020", ["SIDS"]],
    ["BOL", "Bolivia", ["LLDC"]],
    ["KEN", "Kenya", []],
  ])("puts %s (%s) in exactly %j", (iso3, _name, groups) => {
    expect([...groupsOf(iso3)].sort()).toEqual([...groups].sort());
  });

  it("leaves the observer States outside every group", () => {
    expect(groupsOf("VAT")).toEqual([]);
    expect(groupsOf("PSE")).toEqual([]);
  });
});

describe("CountryDirectory", () => {
  it("finds a country by its alpha-3 code in any letter case", () => {
    expect(directory.byIso3("fji")?.name).toBe("Fiji");
    expect(directory.byIso3("XXX")).toBeUndefined();
  });

  it("lists all countries sorted by name", () => {
    const names = directory.all().map((country) => country.name);
    expect(names).toHaveLength(195);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    expect(names[0]).toBe("Afghanistan");
    expect(names.indexOf("Côte d'Ivoire")).toBeLessThan(names.indexOf("Croatia"));
  });

  it("returns the members of a group, a region and a sub-region", () => {
    expect(membersOf("SIDS")).toContain("FJI");
    const africa = directory.peerGroup({ kind: "region", region: "Africa" });
    expect(africa).toHaveLength(54);
    expect(africa.every((country) => country.region === "Africa")).toBe(true);
    const westernAsia = directory.peerGroup({ kind: "subregion", subregion: "Western Asia" }).map((c) => c.iso3);
    expect(westernAsia).toContain("TUR");
    expect(westernAsia).toContain("PSE");
    expect(westernAsia).not.toContain("IRN");
  });

  it("sizes the regions so that they add up to every country", () => {
    const sizes = directory.regions().map((region) => directory.peerGroup({ kind: "region", region }).length);
    expect(directory.regions()).toEqual(["Africa", "Americas", "Asia", "Europe", "Oceania"]);
    expect(sizes).toEqual([54, 35, 48, 44, 14]);
    const subregionTotal = directory.subregions().reduce((sum, subregion) => sum + directory.peerGroup({ kind: "subregion", subregion }).length, 0);
    expect(subregionTotal).toBe(195);
  });

  it("refuses a region or sub-region that does not exist rather than returning nobody", () => {
    expect(() => directory.peerGroup({ kind: "region", region: "Antarctica" })).toThrow(/Unknown region "Antarctica"/);
    expect(() => directory.peerGroup({ kind: "subregion", subregion: "Caribbean" })).toThrow(/Unknown sub-region/);
  });

  it("offers every group, region and sub-region as a labelled option", () => {
    const options = directory.peerGroupOptions();
    expect(options.filter((option) => option.category === "group").map((option) => option.label)).toEqual([
      "Least developed countries (LDC)",
      "Landlocked developing countries (LLDC)",
      "Small island developing States (SIDS)",
    ]);
    expect(options.filter((option) => option.category === "region")).toHaveLength(5);
    expect(options.filter((option) => option.category === "subregion")).toHaveLength(17);
    expect(options.find((option) => option.value === "group:SIDS")?.memberCount).toBe(38);
    for (const option of options) {
      expect(parsePeerGroupValue(option.value)).toEqual(option.spec);
      expect(peerGroupValue(option.spec)).toBe(option.value);
    }
  });

  it("rejects form values that name no peer group", () => {
    expect(parsePeerGroupValue("group:G77")).toBeUndefined();
    expect(parsePeerGroupValue("continent:Asia")).toBeUndefined();
    expect(parsePeerGroupValue("region:")).toBeUndefined();
    expect(parsePeerGroupValue("Asia")).toBeUndefined();
  });

  it("describes a peer group with its size and the date of its list", () => {
    expect(directory.describePeerGroup({ kind: "group", group: "LDC" })).toBe("Least developed countries (LDC): 44 countries, UN-OHRLLS list as of 2025-01-01");
    expect(directory.describePeerGroup({ kind: "subregion", subregion: "Northern America" })).toBe("Northern America (M49 sub-region): 2 countries");
    expect(directory.describePeerGroup({ kind: "region", region: "Oceania" })).toBe("Oceania (M49 region): 14 countries");
  });

  it("reads its file only once", () => {
    const fromDisk = new CountryDirectory();
    expect(fromDisk.file()).toBe(fromDisk.file());
    expect(fromDisk.byIso3("NPL")?.groups).toEqual(["LDC", "LLDC"]);
  });
});

describe("loadCountries with a broken file", () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "countries-test-"));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function writeVariant(name: string, change: (copy: CountriesFile) => unknown): string {
    const copy = structuredClone(file);
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(change(copy) ?? copy));
    return path;
  }

  function loadError(path: string): CountriesFileError {
    try {
      loadCountries(path);
    } catch (error) {
      if (error instanceof CountriesFileError) return error;
      throw error;
    }
    throw new Error(`${path} loaded without error`);
  }

  it("names the file and the field of a malformed code", () => {
    const path = writeVariant("lowercase.json", (copy) => {
      copy.countries[12].iso3 = "bhr";
    });
    const error = loadError(path);
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: countries\\[12\\]\\.iso3: `));
    expect(error.problems).toHaveLength(1);
  });

  it("reports a repeated code at the second occurrence, pointing to the first", () => {
    const path = writeVariant("duplicate.json", (copy) => {
      copy.countries[3].m49 = copy.countries[0].m49;
    });
    expect(loadError(path).message).toContain(`countries[3].m49: "004" is already used by countries[0] (Afghanistan)`);
  });

  it("reports a sub-region that does not belong to the region", () => {
    const path = writeVariant("subregion.json", (copy) => {
      copy.countries[0].subregion = "Western Europe";
    });
    expect(loadError(path).message).toContain('countries[0].subregion: "Western Europe" is not an M49 sub-region of Asia');
  });

  it("reports an unknown group and an undated list", () => {
    const path = writeVariant("group.json", (copy) => ({
      ...copy,
      groupsAsOf: "January 2025",
      countries: copy.countries.map((country, index) => (index === 7 ? { ...country, groups: ["LDC", "G20"] } : country)),
    }));
    const { problems } = loadError(path);
    expect(problems.some((problem) => problem.startsWith("groupsAsOf: "))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("countries[7].groups[1]: "))).toBe(true);
  });

  it("reports a field the schema does not know", () => {
    const path = writeVariant("extra.json", (copy) => {
      Object.assign(copy.countries[2], { capital: "Algiers" });
    });
    expect(loadError(path).message).toContain("countries[2]: ");
    expect(loadError(path).message).toContain("capital");
  });

  it("says when the file is not JSON or cannot be read", () => {
    const path = join(folder, "truncated.json");
    writeFileSync(path, '{"source": "x", "countries": [');
    expect(loadError(path).message).toMatch(/truncated\.json: is not valid JSON/);
    expect(loadError(join(folder, "missing.json")).message).toMatch(/missing\.json: cannot be read/);
  });
});
