import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";
import { indexInstrument } from "../../src/questionnaires/lookup";
import type { Instrument } from "../../src/questionnaires/schema";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));
let instrument: Instrument;

beforeAll(async () => {
  const result = await loadInstrumentDir(sampleDir);
  if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
  instrument = result.instrument;
});

describe("indexInstrument", () => {
  it("lists the items in questionnaire order with their dimension, level and position", () => {
    const index = indexInstrument(instrument);
    expect(index.items.map((i) => [i.item.id, i.dimension.id, i.level.id, i.position])).toEqual([
      ["org-strategy-1", "org-strategy", "organisational", 0],
      ["org-strategy-2", "org-strategy", "organisational", 1],
      ["org-data-1", "org-data", "organisational", 2],
      ["ind-literacy-1", "ind-literacy", "individual", 3],
      ["ind-literacy-2", "ind-literacy", "individual", 4],
    ]);
    expect(index.dimensions.map((d) => [d.dimension.id, d.level.id, d.position])).toEqual([
      ["org-strategy", "organisational", 0],
      ["org-data", "organisational", 1],
      ["ind-literacy", "individual", 2],
    ]);
  });

  it("finds levels, dimensions, items and actions by id", () => {
    const index = indexInstrument(instrument);
    expect(index.levelById.get("individual")?.title).toBe("Individual level");
    expect(index.dimensionById.get("org-data")?.level.id).toBe("organisational");
    expect(index.itemById.get("ind-literacy-2")?.dimension.id).toBe("ind-literacy");
    expect(index.actionById.get("org-strategy-a2")?.action.horizon).toBe("medium");
    expect(index.itemById.get("nothing")).toBeUndefined();
  });

  it("groups items and dimensions per level and items per dimension", () => {
    const index = indexInstrument(instrument);
    expect(index.itemsByLevel.get("organisational")?.map((i) => i.item.id)).toEqual(["org-strategy-1", "org-strategy-2", "org-data-1"]);
    expect(index.dimensionsByLevel.get("individual")?.map((d) => d.dimension.id)).toEqual(["ind-literacy"]);
    expect(index.itemsByDimension.get("org-strategy")?.map((i) => i.item.id)).toEqual(["org-strategy-1", "org-strategy-2"]);
  });

  it("counts levels, dimensions, items and actions", () => {
    expect(indexInstrument(instrument).counts).toEqual({ levels: 2, dimensions: 3, items: 5, actions: 4 });
  });

  it("builds the index once per instrument object", () => {
    expect(indexInstrument(instrument)).toBe(indexInstrument(instrument));
  });
});
