// The model flattened into arrays: item → dimension → level by index, so that the row pass looks
// things up by integer instead of walking objects. Items of a dimension, and dimensions of a
// level, are contiguous in document order.

import { assertSeverityThresholds } from "./severity";
import type { ScoringDimension, ScoringItem, ScoringModel } from "./types";

export interface ModelIndex {
  readonly levelCount: number;
  readonly dimensionCount: number;
  readonly itemCount: number;
  readonly levelIds: readonly string[];
  readonly dimensionIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly dimensions: readonly ScoringDimension[];
  /** The items in document order (index j). */
  readonly items: readonly ScoringItem[];
  readonly levelWeight: Float64Array;
  /** Dimensions of level l are levelFirstDimension[l] .. levelFirstDimension[l + 1] − 1. */
  readonly levelFirstDimension: Int32Array;
  readonly dimensionLevel: Int32Array;
  readonly dimensionWeight: Float64Array;
  /** Items of dimension d are dimensionFirstItem[d] .. dimensionFirstItem[d + 1] − 1. */
  readonly dimensionFirstItem: Int32Array;
  readonly itemDimension: Int32Array;
  readonly itemLevel: Int32Array;
  readonly itemWeight: Float64Array;
  readonly levelIndexById: ReadonlyMap<string, number>;
  readonly itemIndexById: ReadonlyMap<string, number>;
}

function assertWeight(weight: number, what: string): void {
  if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError(`${what} must have a finite weight > 0, got ${weight}`);
}

function assertUnique(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`${what} id "${id}" appears more than once in the model`);
    seen.add(id);
  }
}

/** Flattens and checks a model: unique ids, positive weights, ordered severity thresholds. */
export function indexModel(model: ScoringModel): ModelIndex {
  assertSeverityThresholds(model.severity);
  const levelIds: string[] = [];
  const dimensionIds: string[] = [];
  const itemIds: string[] = [];
  const dimensions: ScoringDimension[] = [];
  const items: ScoringItem[] = [];
  for (const level of model.levels) {
    assertWeight(level.weight, `level "${level.id}"`);
    levelIds.push(level.id);
    for (const dimension of level.dimensions) {
      assertWeight(dimension.weight, `dimension "${dimension.id}"`);
      dimensionIds.push(dimension.id);
      dimensions.push(dimension);
      for (const item of dimension.items) {
        assertWeight(item.weight, `item "${item.id}"`);
        itemIds.push(item.id);
        items.push(item);
      }
    }
  }
  assertUnique(levelIds, "level");
  assertUnique(dimensionIds, "dimension");
  assertUnique(itemIds, "item");

  const levelCount = levelIds.length;
  const dimensionCount = dimensionIds.length;
  const itemCount = itemIds.length;
  const levelWeight = new Float64Array(levelCount);
  const levelFirstDimension = new Int32Array(levelCount + 1);
  const dimensionLevel = new Int32Array(dimensionCount);
  const dimensionWeight = new Float64Array(dimensionCount);
  const dimensionFirstItem = new Int32Array(dimensionCount + 1);
  const itemDimension = new Int32Array(itemCount);
  const itemLevel = new Int32Array(itemCount);
  const itemWeight = new Float64Array(itemCount);

  let d = 0;
  let j = 0;
  model.levels.forEach((level, l) => {
    levelWeight[l] = level.weight;
    levelFirstDimension[l] = d;
    for (const dimension of level.dimensions) {
      dimensionLevel[d] = l;
      dimensionWeight[d] = dimension.weight;
      dimensionFirstItem[d] = j;
      for (const item of dimension.items) {
        itemDimension[j] = d;
        itemLevel[j] = l;
        itemWeight[j] = item.weight;
        j++;
      }
      d++;
    }
  });
  levelFirstDimension[levelCount] = d;
  dimensionFirstItem[dimensionCount] = j;

  return {
    levelCount,
    dimensionCount,
    itemCount,
    levelIds,
    dimensionIds,
    itemIds,
    dimensions,
    items,
    levelWeight,
    levelFirstDimension,
    dimensionLevel,
    dimensionWeight,
    dimensionFirstItem,
    itemDimension,
    itemLevel,
    itemWeight,
    levelIndexById: new Map(levelIds.map((id, i) => [id, i])),
    itemIndexById: new Map(itemIds.map((id, i) => [id, i])),
  };
}
