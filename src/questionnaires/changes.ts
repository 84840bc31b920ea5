// What changed between two versions of an instrument, item by item: what a new round on the newer version asks that
// the previous round did not (added), no longer asks (removed) or asks in other words (reworded: question or anchors).
import { instrumentText, itemKey } from "./i18n";
import type { Instrument, Item } from "./schema";

export interface ItemChange {
  id: string;
  /** The question as the version that has it words it, in the reader's language. */
  question: string;
}

export interface InstrumentChanges {
  added: ItemChange[];
  removed: ItemChange[];
  reworded: ItemChange[];
  isUnchanged: boolean;
}

function itemsOf(instrument: Instrument): Map<string, Item> {
  const items = new Map<string, Item>();
  for (const level of instrument.levels) for (const dimension of level.dimensions) for (const item of dimension.items) items.set(item.id, item);
  return items;
}

const wording = (item: Item): string => JSON.stringify([item.question, item.anchors]);

/** The item-level difference from `before` to `after`, with questions in `locale` (falling back as the instrument says). */
export function instrumentChanges(before: Instrument, after: Instrument, locale: string): InstrumentChanges {
  const old = itemsOf(before);
  const current = itemsOf(after);
  const change = (instrument: Instrument, id: string): ItemChange => ({ id, question: instrumentText(instrument, itemKey(id, "question"), locale) });
  const added = [...current.keys()].filter((id) => !old.has(id)).map((id) => change(after, id));
  const removed = [...old.keys()].filter((id) => !current.has(id)).map((id) => change(before, id));
  const reworded = [...current.entries()].filter(([id, item]) => old.has(id) && wording(old.get(id)!) !== wording(item)).map(([id]) => change(after, id));
  return { added, removed, reworded, isUnchanged: added.length + removed.length + reworded.length === 0 };
}
