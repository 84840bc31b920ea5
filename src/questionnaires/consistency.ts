// Rules that span the whole instrument (and so its files): the 0-5 scale, unique ids, relevance
// conditions that parse and resolve, languages and translation keys. Used by the file loader, which
// maps each problem to a file and line, and by the stored-instrument parser.
import { checkBackground, checkItemCallsBackground } from "./background";
import { ExpressionError, parseExpression, referencedItems } from "./expression";
import { allSourceStrings } from "./i18n";
import { importanceValues, scaleValues } from "./scale";
import type { Instrument } from "./schema";

export type FieldPath = readonly (string | number)[];

export interface Problem {
  severity: "error" | "warning";
  /** Where in the assembled instrument, e.g. ["levels", 0, "dimensions", 2, "items", 0, "relevance"]. */
  path: FieldPath;
  message: string;
  /** 1-based column inside the string at `path` (relevance conditions). */
  column?: number;
  /** The other place involved, e.g. the first use of a duplicated id. */
  related?: FieldPath;
}

/** Renders a path as `dimensions[2].items[0].anchors.3`; keys that are not plain words are quoted. */
export function formatField(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z0-9_-]+$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Every document-wide problem of an instrument whose files (or stored JSON) already have the right shape. */
export function checkConsistency(instrument: Instrument): Problem[] {
  return [
    ...checkSteps(instrument.scale, "scale", scaleValues),
    ...checkSteps(instrument.importance, "importance", importanceValues),
    ...checkSeverity(instrument),
    ...checkLanguages(instrument),
    ...checkIds(instrument),
    ...checkRelevance(instrument),
    ...checkBackgroundOf(instrument),
    ...checkTranslationKeys(instrument),
  ];
}

function checkBackgroundOf(instrument: Instrument): Problem[] {
  const itemIds = new Set<string>();
  const problems: Problem[] = [];
  instrument.levels.forEach((level, l) =>
    level.dimensions.forEach((dimension, d) =>
      dimension.items.forEach((item, i) => {
        itemIds.add(item.id);
        if (item.relevance === undefined) return;
        for (const { message, column } of checkItemCallsBackground(item.relevance, instrument.background)) {
          problems.push({ severity: "error", path: ["levels", l, "dimensions", d, "items", i, "relevance"], message, column });
        }
      }),
    ),
  );
  return [...problems, ...checkBackground(instrument.background, itemIds, new Set(instrument.levels.map((level) => level.id)))];
}

function checkSteps(steps: readonly { value: number }[], field: "scale" | "importance", expected: readonly number[]): Problem[] {
  const min = expected[0];
  const max = expected[expected.length - 1];
  const range = `the ${field} lists the values ${min} to ${max}, each once, in order`;
  const problems: Problem[] = [];
  const seen = new Map<number, number>();
  steps.forEach((step, index) => {
    if (!expected.includes(step.value)) {
      problems.push({ severity: "error", path: [field, index, "value"], message: `${step.value} is outside the ${field}: ${range}` });
    } else if (seen.has(step.value)) {
      problems.push({
        severity: "error",
        path: [field, index, "value"],
        message: `${step.value} is listed twice: ${range}`,
        related: [field, seen.get(step.value)!, "value"],
      });
    } else {
      seen.set(step.value, index);
    }
  });
  const missing = expected.filter((value) => !seen.has(value));
  if (missing.length > 0) {
    problems.push({ severity: "error", path: [field], message: `value${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing: ${range}` });
  }
  if (problems.length === 0) {
    const outOfOrder = steps.findIndex((step, index) => step.value !== expected[index]);
    if (outOfOrder !== -1) {
      problems.push({ severity: "error", path: [field, outOfOrder, "value"], message: `expected ${expected[outOfOrder]} here: ${range}` });
    }
  }
  return problems;
}

function checkSeverity(instrument: Instrument): Problem[] {
  const order = ["critical", "high", "moderate", "low"] as const;
  const problems: Problem[] = [];
  for (let i = 1; i < order.length; i += 1) {
    const above = order[i - 1];
    const name = order[i];
    if (instrument.severity[name] >= instrument.severity[above]) {
      problems.push({
        severity: "error",
        path: ["severity", name],
        message: `must be below ${above} (${instrument.severity[above]}): thresholds fall from critical to low`,
      });
    }
  }
  return problems;
}

function checkLanguages(instrument: Instrument): Problem[] {
  const problems: Problem[] = [];
  const declared = new Map<string, number>();
  instrument.languages.forEach((language, index) => {
    if (language.code === instrument.sourceLanguage) {
      problems.push({
        severity: "error",
        path: ["languages", index, "code"],
        message: `"${language.code}" is the source language; list only the languages translated into`,
      });
    } else if (declared.has(language.code)) {
      problems.push({
        severity: "error",
        path: ["languages", index, "code"],
        message: `"${language.code}" is listed twice`,
        related: ["languages", declared.get(language.code)!, "code"],
      });
    } else {
      declared.set(language.code, index);
    }
  });

  instrument.languages.forEach((language, index) => {
    const fallbackPath = ["languages", index, "fallback"];
    if (language.fallback !== undefined) {
      if (language.fallback === language.code) {
        problems.push({ severity: "error", path: fallbackPath, message: "a language cannot fall back to itself" });
      } else if (language.fallback !== instrument.sourceLanguage && !declared.has(language.fallback)) {
        problems.push({
          severity: "error",
          path: fallbackPath,
          message: `"${language.fallback}" is neither the source language (${instrument.sourceLanguage}) nor a declared language`,
        });
      } else {
        const chain = [language.code];
        let next: string | undefined = language.fallback;
        while (next !== undefined && next !== instrument.sourceLanguage && !chain.includes(next)) {
          chain.push(next);
          const current: string = next;
          next = instrument.languages.find((l) => l.code === current)?.fallback;
        }
        if (next === language.code) {
          problems.push({ severity: "error", path: fallbackPath, message: `fallbacks loop: ${[...chain, next].join(" → ")}` });
        }
      }
    }
    if (instrument.translations[language.code] === undefined && language.fallback === undefined && language.code !== instrument.sourceLanguage) {
      problems.push({
        severity: "error",
        path: ["languages", index, "code"],
        message: `language "${language.code}" has no translations/${language.code}.yaml and no fallback; add the file, or "fallback: ${instrument.sourceLanguage}"`,
      });
    }
  });

  for (const lang of Object.keys(instrument.translations)) {
    if (lang === instrument.sourceLanguage) {
      problems.push({
        severity: "error",
        path: ["translations", lang],
        message: `"${lang}" is the source language; its text is in the instrument files themselves`,
      });
    } else if (!declared.has(lang)) {
      problems.push({ severity: "error", path: ["translations", lang], message: `language "${lang}" is not declared in the instrument's languages` });
    }
  }
  return problems;
}

function checkIds(instrument: Instrument): Problem[] {
  const problems: Problem[] = [];
  const firstUse = {
    level: new Map<string, FieldPath>(),
    dimension: new Map<string, FieldPath>(),
    item: new Map<string, FieldPath>(),
    action: new Map<string, FieldPath>(),
  };
  const claim = (kind: keyof typeof firstUse, id: string, path: FieldPath): void => {
    const first = firstUse[kind].get(id);
    if (first !== undefined) problems.push({ severity: "error", path, message: `duplicate ${kind} id "${id}"`, related: first });
    else firstUse[kind].set(id, path);
  };
  instrument.levels.forEach((level, l) => {
    claim("level", level.id, ["levels", l, "id"]);
    level.dimensions.forEach((dimension, d) => {
      const dimensionPath = ["levels", l, "dimensions", d];
      claim("dimension", dimension.id, [...dimensionPath, "id"]);
      dimension.items.forEach((item, i) => claim("item", item.id, [...dimensionPath, "items", i, "id"]));
      dimension.actions.forEach((action, a) => claim("action", action.id, [...dimensionPath, "actions", a, "id"]));
    });
  });
  return problems;
}

interface ItemPlace {
  path: FieldPath;
  level: string;
  position: number;
  relevance?: string;
}

function checkRelevance(instrument: Instrument): Problem[] {
  const problems: Problem[] = [];
  const places = new Map<string, ItemPlace>();
  instrument.levels.forEach((level, l) =>
    level.dimensions.forEach((dimension, d) =>
      dimension.items.forEach((item, i) => {
        if (!places.has(item.id)) {
          places.set(item.id, { path: ["levels", l, "dimensions", d, "items", i], level: level.id, position: places.size, relevance: item.relevance });
        }
      }),
    ),
  );

  const edges = new Map<string, string[]>();
  for (const [id, place] of places) {
    if (place.relevance === undefined) continue;
    const path = [...place.path, "relevance"];
    let references: { item: string; column: number }[];
    try {
      references = referencedItems(parseExpression(place.relevance));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({ severity: "error", path, message: error.reason, column: error.column });
      continue;
    }
    const targets: string[] = [];
    for (const { item, column } of references) {
      const target = places.get(item);
      if (item === id) {
        problems.push({ severity: "error", path, column, message: `the condition refers to its own item "${id}"; it can only depend on other items` });
      } else if (target === undefined) {
        if (instrument.background?.some((q) => q.id === item)) continue;
        problems.push({ severity: "error", path, column, message: `the condition refers to unknown item "${item}"` });
      } else {
        targets.push(item);
        if (target.level !== place.level) {
          problems.push({
            severity: "warning",
            path,
            column,
            message: `the condition refers to "${item}" of the ${target.level} level, which the respondents of the ${place.level} level may not answer`,
          });
        } else if (target.position > place.position) {
          problems.push({
            severity: "warning",
            path,
            column,
            message: `the condition refers to "${item}", which comes later in the questionnaire; it is settled only once that item is answered`,
          });
        }
      }
    }
    edges.set(id, targets);
  }

  // Depth-first search for cycles; each cycle is reported once, at its first item in questionnaire order.
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "open");
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next));
        const first = cycle.reduce((a, b) => (places.get(a)!.position <= places.get(b)!.position ? a : b));
        const start = cycle.indexOf(first);
        const ordered = [...cycle.slice(start), ...cycle.slice(0, start), first];
        problems.push({
          severity: "error",
          path: [...places.get(first)!.path, "relevance"],
          message: `relevance conditions form a cycle: ${ordered.join(" → ")}`,
        });
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const id of edges.keys()) if (state.get(id) === undefined) visit(id);
  return problems;
}

function checkTranslationKeys(instrument: Instrument): Problem[] {
  const keys = new Set(allSourceStrings(instrument).map((s) => s.key));
  const problems: Problem[] = [];
  for (const [lang, strings] of Object.entries(instrument.translations)) {
    for (const key of Object.keys(strings)) {
      if (!keys.has(key)) {
        problems.push({
          severity: "error",
          path: ["translations", lang, key],
          message: `"${key}" names no English string of this instrument${keyHint(instrument, key)}`,
        });
      }
    }
  }
  return problems;
}

/** Says why a translation key resolves to nothing, when the reason can be told. */
function keyHint(instrument: Instrument, key: string): string {
  const ids = { level: new Set<string>(), dimension: new Set<string>(), item: new Set<string>(), action: new Set<string>() };
  const withGuidance = new Set<string>();
  for (const level of instrument.levels) {
    ids.level.add(level.id);
    for (const dimension of level.dimensions) {
      ids.dimension.add(dimension.id);
      for (const item of dimension.items) {
        ids.item.add(item.id);
        if (item.guidance !== undefined) withGuidance.add(item.id);
      }
      for (const action of dimension.actions) ids.action.add(action.id);
    }
  }
  const match = /^(level|dimension|item|action)\.(.+?)\.(title|description|respondents|question|guidance|text|anchor\.[^.]+)$/.exec(key);
  if (match === null) return "";
  const [, kind, id, field] = match as unknown as [string, keyof typeof ids, string, string];
  if (!ids[kind].has(id)) return ` (there is no ${kind} "${id}")`;
  if (kind === "item" && field === "guidance" && !withGuidance.has(id)) return ` (item "${id}" has no guidance)`;
  return "";
}
