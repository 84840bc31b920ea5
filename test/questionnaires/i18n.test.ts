import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  actionKey,
  allSourceStrings,
  anchorKey,
  dimensionKey,
  importanceKey,
  instrumentKey,
  instrumentText,
  itemKey,
  levelKey,
  scaleKey,
  sourceHash,
  translationStatus,
} from "../../src/questionnaires/i18n";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";
import type { Instrument } from "../../src/questionnaires/schema";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));
let instrument: Instrument;

beforeAll(async () => {
  const result = await loadInstrumentDir(sampleDir);
  if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
  instrument = result.instrument;
});

describe("key builders", () => {
  it("build the keys of the format", () => {
    expect(instrumentKey("title")).toBe("instrument.title");
    expect(scaleKey(3, "description")).toBe("scale.3.description");
    expect(importanceKey(2)).toBe("importance.2.label");
    expect(levelKey("individual", "respondents")).toBe("level.individual.respondents");
    expect(dimensionKey("org-data", "title")).toBe("dimension.org-data.title");
    expect(itemKey("org-data-1", "question")).toBe("item.org-data-1.question");
    expect(anchorKey("org-data-1", 5)).toBe("item.org-data-1.anchor.5");
    expect(actionKey("org-data-a1")).toBe("action.org-data-a1.text");
  });
});

describe("sourceHash", () => {
  it("is the first 8 hex digits of the SHA-256 of the UTF-8 text", () => {
    expect(sourceHash("abc")).toBe("ba7816bf");
    expect(sourceHash("Stratégie")).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("allSourceStrings", () => {
  it("lists every English string once, in reading order", () => {
    const strings = allSourceStrings(instrument);
    expect(strings).toHaveLength(69);
    expect(new Set(strings.map((s) => s.key)).size).toBe(69);
    expect(strings.slice(0, 3)).toEqual([
      { key: "instrument.title", text: "Sample capacity instrument" },
      { key: "instrument.description", text: "A small instrument that exercises every part of the file format." },
      { key: "scale.0.label", text: "Absent" },
    ]);
    const keys = strings.map((s) => s.key);
    expect(keys.indexOf("item.org-strategy-1.guidance")).toBe(keys.indexOf("item.org-strategy-1.question") + 1);
    expect(keys.indexOf("item.org-strategy-1.anchor.0")).toBe(keys.indexOf("item.org-strategy-1.guidance") + 1);
    expect(keys).not.toContain("item.org-strategy-2.guidance");
    expect(keys.at(-1)).toBe("action.ind-literacy-a1.text");
  });
});

describe("instrumentText", () => {
  it("gives the translation when there is one", () => {
    expect(instrumentText(instrument, levelKey("individual", "title"), "fr")).toBe("Niveau individuel");
    expect(instrumentText(instrument, anchorKey("org-data-1", 4), "fr")).toBe("Le catalogue est complet et tenu à jour.");
  });

  it("still gives a stale translation", () => {
    expect(instrumentText(instrument, itemKey("org-strategy-2", "question"), "fr")).toBe("La stratégie est-elle financée ?");
  });

  it("falls back to the English source when a string is untranslated or the language unknown", () => {
    expect(instrumentText(instrument, actionKey("ind-literacy-a1"), "fr")).toBe("Offer a basic digital skills course to every official.");
    expect(instrumentText(instrument, levelKey("individual", "title"), "en")).toBe("Individual level");
    expect(instrumentText(instrument, levelKey("individual", "title"), "sw")).toBe("Individual level");
  });

  it("follows a language's fallback chain", () => {
    const withChain: Instrument = {
      ...instrument,
      languages: [{ code: "fr" }, { code: "fr-CA", fallback: "fr" }],
      translations: { ...instrument.translations, "fr-CA": { "level.individual.title": { source: "78539b84", text: "Niveau de la personne" } } },
    };
    expect(instrumentText(withChain, levelKey("individual", "title"), "fr-CA")).toBe("Niveau de la personne");
    expect(instrumentText(withChain, levelKey("organisational", "title"), "fr-CA")).toBe("Niveau organisationnel");
    expect(instrumentText(withChain, actionKey("ind-literacy-a1"), "fr-CA")).toBe("Offer a basic digital skills course to every official.");
  });

  it("throws for a key that names no string", () => {
    expect(() => instrumentText(instrument, "item.nothing.question", "fr")).toThrow('instrument sample has no text "item.nothing.question"');
  });
});

describe("translationStatus", () => {
  it("lists the untranslated and the stale keys of a language", () => {
    expect(translationStatus(instrument, "fr")).toEqual({
      untranslated: ["action.ind-literacy-a1.text"],
      stale: ["item.org-strategy-2.question"],
    });
  });

  it("finds the source language complete and an unknown language wholly untranslated", () => {
    expect(translationStatus(instrument, "en")).toEqual({ untranslated: [], stale: [] });
    const unknown = translationStatus(instrument, "sw");
    expect(unknown.untranslated).toHaveLength(69);
    expect(unknown.stale).toEqual([]);
  });

  it("sees a translation become stale when its English text changes", () => {
    const changed: Instrument = { ...instrument, title: "Sample instrument" };
    expect(translationStatus(changed, "fr").stale).toEqual(["instrument.title", "item.org-strategy-2.question"]);
  });
});
