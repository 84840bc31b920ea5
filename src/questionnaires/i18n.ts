// Instrument texts by key and language: the English source strings, their translations from
// translations/<lang>.yaml, and which translations are missing or out of date.
import { sha256Hex } from "./hash";
import type { Instrument } from "./schema";

export type InstrumentField = "title" | "description";
export type ScaleField = "label" | "description";
export type LevelField = "title" | "description" | "respondents";
export type DimensionField = "title" | "description";
export type ItemField = "question" | "guidance";

export const instrumentKey = (field: InstrumentField): string => `instrument.${field}`;
export const scaleKey = (value: number, field: ScaleField): string => `scale.${value}.${field}`;
export const importanceKey = (value: number): string => `importance.${value}.label`;
export const levelKey = (id: string, field: LevelField): string => `level.${id}.${field}`;
export const dimensionKey = (id: string, field: DimensionField): string => `dimension.${id}.${field}`;
export const itemKey = (id: string, field: ItemField): string => `item.${id}.${field}`;
export const anchorKey = (itemId: string, value: number | string): string => `item.${itemId}.anchor.${value}`;
export const actionKey = (id: string): string => `action.${id}.text`;
export const backgroundKey = (id: string, field: "question" | "hint"): string => `background.${id}.${field}`;
export const backgroundOptionKey = (id: string, option: string): string => `background.${id}.option.${option}`;

/** The `source` a translation records: the first 8 hex digits of the SHA-256 of the English text. */
export function sourceHash(text: string): string {
  return sha256Hex(text).slice(0, 8);
}

export interface SourceString {
  key: string;
  text: string;
}

/** Every translatable English string of the instrument, in reading order. */
export function allSourceStrings(instrument: Instrument): SourceString[] {
  const out: SourceString[] = [];
  const add = (key: string, text: string | undefined): void => {
    if (text !== undefined) out.push({ key, text });
  };
  add(instrumentKey("title"), instrument.title);
  add(instrumentKey("description"), instrument.description);
  for (const step of instrument.scale) {
    add(scaleKey(step.value, "label"), step.label);
    add(scaleKey(step.value, "description"), step.description);
  }
  for (const step of instrument.importance) add(importanceKey(step.value), step.label);
  for (const level of instrument.levels) {
    add(levelKey(level.id, "title"), level.title);
    add(levelKey(level.id, "description"), level.description);
    add(levelKey(level.id, "respondents"), level.respondents);
    for (const dimension of level.dimensions) {
      add(dimensionKey(dimension.id, "title"), dimension.title);
      add(dimensionKey(dimension.id, "description"), dimension.description);
      for (const item of dimension.items) {
        add(itemKey(item.id, "question"), item.question);
        add(itemKey(item.id, "guidance"), item.guidance);
        for (const [value, text] of Object.entries(item.anchors)) add(anchorKey(item.id, value), text);
      }
      for (const action of dimension.actions) add(actionKey(action.id), action.text);
    }
  }
  for (const question of instrument.background ?? []) {
    add(backgroundKey(question.id, "question"), question.question);
    add(backgroundKey(question.id, "hint"), question.hint);
    for (const option of question.options ?? []) add(backgroundOptionKey(question.id, option.id), option.label);
  }
  return out;
}

// Instruments are immutable once loaded, so their key → text map is built once per object.
const sourceTextCache = new WeakMap<Instrument, Map<string, string>>();

/** The English text of every key, for look-ups. */
export function sourceTexts(instrument: Instrument): ReadonlyMap<string, string> {
  let texts = sourceTextCache.get(instrument);
  if (texts === undefined) {
    texts = new Map(allSourceStrings(instrument).map((s) => [s.key, s.text]));
    sourceTextCache.set(instrument, texts);
  }
  return texts;
}

/**
 * The text of a key in a language: its translation when there is one (following the language's
 * fallback chain), else the source text. An unknown key is a programming error and throws.
 */
export function instrumentText(instrument: Instrument, key: string, lang: string): string {
  const source = sourceTexts(instrument).get(key);
  if (source === undefined) throw new Error(`instrument ${instrument.id} has no text "${key}"`);
  const visited = new Set<string>();
  let language: string | undefined = lang;
  while (language !== undefined && language !== instrument.sourceLanguage && !visited.has(language)) {
    visited.add(language);
    const translated = instrument.translations[language]?.[key];
    if (translated !== undefined) return translated.text;
    const current: string = language;
    language = instrument.languages.find((l) => l.code === current)?.fallback;
  }
  return source;
}

export interface TranslationStatus {
  /** Keys with no translation in this language, in reading order. */
  untranslated: string[];
  /** Keys translated from an English text that has since changed, in reading order. */
  stale: string[];
}

/** What is left to translate in a language. The source language is always complete. */
export function translationStatus(instrument: Instrument, lang: string): TranslationStatus {
  if (lang === instrument.sourceLanguage) return { untranslated: [], stale: [] };
  const translations = instrument.translations[lang] ?? {};
  const untranslated: string[] = [];
  const stale: string[] = [];
  for (const { key, text } of allSourceStrings(instrument)) {
    const entry = translations[key];
    if (entry === undefined) untranslated.push(key);
    else if (entry.source !== sourceHash(text)) stale.push(key);
  }
  return { untranslated, stale };
}

/** Complete in a language: nothing untranslated, nothing stale (what `questionnaires check --strict` requires). */
export function isCompleteIn(instrument: Instrument, lang: string): boolean {
  const { untranslated, stale } = translationStatus(instrument, lang);
  return untranslated.length === 0 && stale.length === 0;
}

// Respondent pages ask on every request; instruments are immutable, so the answer is kept per instrument and language.
const fallbackShown = new WeakMap<Instrument, Map<string, string | null>>();

/**
 * The language untranslated texts of `lang` are shown in (the language's fallback, else the source language), or
 * null when every text has a translation.
 */
export function fallbackShownIn(instrument: Instrument, lang: string): string | null {
  let byLanguage = fallbackShown.get(instrument);
  if (!byLanguage) fallbackShown.set(instrument, (byLanguage = new Map()));
  let shown = byLanguage.get(lang);
  if (shown === undefined) {
    shown =
      translationStatus(instrument, lang).untranslated.length > 0
        ? (instrument.languages.find((l) => l.code === lang)?.fallback ?? instrument.sourceLanguage)
        : null;
    byLanguage.set(lang, shown);
  }
  return shown;
}
