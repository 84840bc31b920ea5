import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { formatLocated, loadInstrumentDir } from "../../src/questionnaires/loader";
import { instrumentVersion } from "../../src/questionnaires/hash";
import { InvalidInstrumentError, parseStoredInstrument, type Instrument } from "../../src/questionnaires/schema";

const sampleDir = fileURLToPath(new URL("../fixtures/questionnaires/valid/sample/", import.meta.url));
let instrument: Instrument;

beforeAll(async () => {
  const result = await loadInstrumentDir(sampleDir);
  if (!result.ok) throw new Error(result.errors.map(formatLocated).join("\n"));
  instrument = result.instrument;
});

/** The stored JSON, changed by `change` and re-hashed so only the change itself is wrong. */
function storedWith(change: (copy: Instrument) => void, rehash = true): unknown {
  const copy = JSON.parse(JSON.stringify(instrument)) as Instrument;
  change(copy);
  if (rehash) copy.version = instrumentVersion(copy);
  return copy;
}

function problemsOf(json: unknown): { field: string; message: string }[] {
  try {
    parseStoredInstrument(json);
  } catch (error) {
    if (error instanceof InvalidInstrumentError) return error.problems;
    throw error;
  }
  throw new Error("expected the stored instrument to be refused");
}

describe("parseStoredInstrument", () => {
  it("reads back exactly what was stored as JSON", () => {
    const json = JSON.parse(JSON.stringify(instrument));
    const parsed = parseStoredInstrument(json);
    expect(parsed).toEqual(instrument);
    expect(instrumentVersion(parsed)).toBe(instrument.version);
  });

  it("refuses content changed after it was stored", () => {
    const tampered = storedWith((copy) => {
      copy.levels[0].dimensions[0].items[0].question = "Something else?";
    }, false);
    expect(problemsOf(tampered)).toEqual([{ field: "version", message: "does not match the content: the instrument was changed after it was stored" }]);
  });

  it("refuses a wrong shape, naming the field", () => {
    const problems = problemsOf(
      storedWith((copy) => {
        (copy.levels[1].dimensions[0].items[0] as { weight: unknown }).weight = 0;
        (copy.levels[0].dimensions[0].actions[0] as { horizon: unknown }).horizon = "soon";
      }),
    );
    expect(problems).toEqual([
      { field: "levels[0].dimensions[0].actions[0].horizon", message: 'must be one of short, medium, long, not "soon"' },
      { field: "levels[1].dimensions[0].items[0].weight", message: "must be a number greater than 0" },
    ]);
  });

  it("refuses unknown fields", () => {
    const problems = problemsOf(storedWith((copy) => Object.assign(copy.levels[0], { colour: "red" })));
    expect(problems).toEqual([{ field: "levels[0]", message: 'unknown field "colour"' }]);
  });

  it("applies the document-wide rules: ids, conditions and translation keys", () => {
    const problems = problemsOf(
      storedWith((copy) => {
        copy.levels[1].dimensions[0].actions[0].id = "org-data-a1";
        copy.levels[0].dimensions[0].items[1].relevance = 'current("nowhere") > 1';
        copy.translations.fr["item.nowhere.question"] = { source: "00000000", text: "Nulle part ?" };
      }),
    );
    expect(problems).toEqual([
      { field: "levels[1].dimensions[0].actions[0].id", message: 'duplicate action id "org-data-a1" (first at levels[0].dimensions[1].actions[0].id)' },
      { field: "levels[0].dimensions[0].items[1].relevance", message: 'the condition refers to unknown item "nowhere" (column 9)' },
      {
        field: 'translations.fr["item.nowhere.question"]',
        message: '"item.nowhere.question" names no English string of this instrument (there is no item "nowhere")',
      },
    ]);
  });

  it("refuses something that is not an instrument at all", () => {
    expect(() => parseStoredInstrument(null)).toThrow(InvalidInstrumentError);
    expect(problemsOf("text")).toEqual([{ field: "", message: "must be a mapping of fields, not text" }]);
  });
});
