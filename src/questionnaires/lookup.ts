// An index over an instrument: items in questionnaire order with their dimension and level, maps
// by id and per-level lists, so pages, scoring and reports never walk the tree themselves.
import type { Action, Dimension, Instrument, Item, Level } from "./schema";

export interface IndexedItem {
  item: Item;
  dimension: Dimension;
  level: Level;
  /** 0-based position among all items of the instrument. */
  position: number;
}

export interface IndexedDimension {
  dimension: Dimension;
  level: Level;
  /** 0-based position among all dimensions of the instrument. */
  position: number;
}

export interface IndexedAction {
  action: Action;
  dimension: Dimension;
  level: Level;
}

export interface InstrumentCounts {
  levels: number;
  dimensions: number;
  items: number;
  actions: number;
}

export interface InstrumentIndex {
  instrument: Instrument;
  levels: readonly Level[];
  dimensions: readonly IndexedDimension[];
  items: readonly IndexedItem[];
  levelById: ReadonlyMap<string, Level>;
  dimensionById: ReadonlyMap<string, IndexedDimension>;
  itemById: ReadonlyMap<string, IndexedItem>;
  actionById: ReadonlyMap<string, IndexedAction>;
  /** Keyed by level id, in questionnaire order. */
  dimensionsByLevel: ReadonlyMap<string, readonly IndexedDimension[]>;
  /** Keyed by level id, in questionnaire order. */
  itemsByLevel: ReadonlyMap<string, readonly IndexedItem[]>;
  /** Keyed by dimension id, in questionnaire order. */
  itemsByDimension: ReadonlyMap<string, readonly IndexedItem[]>;
  counts: InstrumentCounts;
}

function buildInstrumentIndex(instrument: Instrument): InstrumentIndex {
  const dimensions: IndexedDimension[] = [];
  const items: IndexedItem[] = [];
  const actionById = new Map<string, IndexedAction>();
  const dimensionsByLevel = new Map<string, IndexedDimension[]>();
  const itemsByLevel = new Map<string, IndexedItem[]>();
  const itemsByDimension = new Map<string, IndexedItem[]>();

  for (const level of instrument.levels) {
    const levelDimensions: IndexedDimension[] = [];
    const levelItems: IndexedItem[] = [];
    for (const dimension of level.dimensions) {
      const indexedDimension = { dimension, level, position: dimensions.length };
      dimensions.push(indexedDimension);
      levelDimensions.push(indexedDimension);
      const dimensionItems: IndexedItem[] = [];
      for (const item of dimension.items) {
        const indexedItem = { item, dimension, level, position: items.length };
        items.push(indexedItem);
        levelItems.push(indexedItem);
        dimensionItems.push(indexedItem);
      }
      itemsByDimension.set(dimension.id, dimensionItems);
      for (const action of dimension.actions) actionById.set(action.id, { action, dimension, level });
    }
    dimensionsByLevel.set(level.id, levelDimensions);
    itemsByLevel.set(level.id, levelItems);
  }

  return {
    instrument,
    levels: instrument.levels,
    dimensions,
    items,
    levelById: new Map(instrument.levels.map((level) => [level.id, level])),
    dimensionById: new Map(dimensions.map((d) => [d.dimension.id, d])),
    itemById: new Map(items.map((i) => [i.item.id, i])),
    actionById,
    dimensionsByLevel,
    itemsByLevel,
    itemsByDimension,
    counts: { levels: instrument.levels.length, dimensions: dimensions.length, items: items.length, actions: actionById.size },
  };
}

// Instruments are immutable once loaded, so each object is indexed once.
const indexes = new WeakMap<Instrument, InstrumentIndex>();

/** The index of an instrument, built on first use and kept as long as the instrument object lives. */
export function indexInstrument(instrument: Instrument): InstrumentIndex {
  let index = indexes.get(instrument);
  if (index === undefined) {
    index = buildInstrumentIndex(instrument);
    indexes.set(instrument, index);
  }
  return index;
}
