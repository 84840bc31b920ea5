// What the XLSForm export and import agree on: sheet and column names, how instrument ids become XLSForm names,
// the fields of an item's current/target/importance triple, and language column headers ("label::French (fr)").

export const SURVEY = "survey";
export const CHOICES = "choices";
export const SETTINGS = "settings";
/** Our extension sheet (KoboToolbox and ODK ignore sheets they do not know): what XLSForm has no column for. */
export const DETAILS = "cna_details";

export const SCALE_LIST = "scale";
export const IMPORTANCE_LIST = "importance";
export const anchorListOf = (itemId: string) => `anchors_${xformName(itemId)}`;

export const itemFields = ["current", "target", "importance", "comment"] as const;
export type ItemField = (typeof itemFields)[number];

/** XLSForm names must start with a letter or underscore; our ids may start with a digit, so those get a leading "_". */
export function xformName(id: string): string {
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

export function idOfXformName(name: string): string {
  return name.startsWith("_") ? name.slice(1) : name;
}

export function fieldName(itemId: string, field: ItemField): string {
  return `${xformName(itemId)}_${field}`;
}

/** "<item>_current" → { itemId, field }; undefined for any other name. Our ids never contain "_", so the split is exact. */
export function parseFieldName(name: string): { itemId: string; field: ItemField } | undefined {
  const at = name.lastIndexOf("_");
  if (at <= 0) return undefined;
  const field = name.slice(at + 1) as ItemField;
  if (!itemFields.includes(field)) return undefined;
  return { itemId: idOfXformName(name.slice(0, at)), field };
}

/** The note that carries a level's or dimension's description, right after its begin_group row. */
export function descriptionName(id: string): string {
  return `${xformName(id)}_description`;
}

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The XLSForm way to name a language in column headers: "English (en)". */
export function languageLabel(code: string): string {
  return `${languageName(code)} (${code})`;
}

let languagesByName: Map<string, string> | undefined;

/** Two-letter language codes by their English and their own name, lower-cased ("french" and "français" → fr). */
function languageByName(name: string): string | undefined {
  if (!languagesByName) {
    languagesByName = new Map();
    const english = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
    const letters = "abcdefghijklmnopqrstuvwxyz";
    for (const a of letters)
      for (const b of letters) {
        const code = a + b;
        const inEnglish = english.of(code);
        if (!inEnglish) continue;
        languagesByName.set(inEnglish.toLowerCase(), code);
        const own = new Intl.DisplayNames([code], { type: "language", fallback: "none" }).of(code);
        if (own && !languagesByName.has(own.toLowerCase())) languagesByName.set(own.toLowerCase(), code);
      }
  }
  return languagesByName.get(name.trim().toLowerCase());
}

/** The language code of a column suffix: "French (fr)" → fr, "fr" → fr, "French" or "Français" → fr; else undefined. */
export function languageCodeOf(suffix: string): string | undefined {
  const inParens = /\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)\s*$/.exec(suffix);
  if (inParens) return inParens[1];
  if (/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(suffix.trim())) return suffix.trim();
  return languageByName(suffix);
}

/**
 * The catalogue keys of the triple's question labels and the two non-level choices: interface words, not instrument
 * texts, so they come from the interface catalogues (the words respondents see in the app) in each language column.
 */
export const fixedLabelKeys = {
  current: "respond.item.current",
  target: "respond.item.target",
  importance: "respond.item.importance",
  comment: "respond.item.comment",
  dk: "respond.item.dontKnow",
  na: "respond.item.notApplicable",
} as const;
