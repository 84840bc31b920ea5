// Routing answers are not scores (issue 24): a non-manager marks ind-leadership-1 not applicable (its anchor 0 is a
// real low level for managers) and the other leadership items then count as not applicable, so the individual index
// is not lowered; "no data" is no anchor 0 of the access, affordability and uptake items: respondents answer
// "don't know", which feeds the knowledge-gap flag.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config";
import { loadInstrumentDir } from "../../src/questionnaires/loader";
import { instrumentVersion } from "../../src/questionnaires/hash";
import { parseStoredInstrument, type Instrument } from "../../src/questionnaires/schema";
import { answerSetFromRecords, scoreAssessment, type AnswerRecord } from "../../src/scoring";
import { scoringModelOf } from "../../src/responses/submitted-answers";

let instrument: Instrument;
beforeAll(async () => {
  const result = await loadInstrumentDir(path.join(projectRoot, "questionnaires", "digital-government"));
  if (!result.ok) throw new Error("the default instrument does not load");
  instrument = result.instrument;
});

const itemsOf = (dimensionId: string) => instrument.levels.flatMap((l) => l.dimensions).find((d) => d.id === dimensionId)!.items;
const item = (id: string) => instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items)).find((i) => i.id === id)!;

describe("ind-leadership-1 routes non-managers", () => {
  it("asks non-managers to mark it not applicable, and its anchor 0 describes a manager", () => {
    const first = item("ind-leadership-1");
    expect(first.guidance).toMatch(/not applicable/);
    expect(first.anchors[0]).toMatch(/^I manage staff/);
    for (const other of itemsOf("ind-leadership").slice(1)) expect(other.relevance, other.id).toBe('answered("ind-leadership-1")');
  });

  it("leaves a non-manager's individual score to the dimensions that apply to them", () => {
    const model = scoringModelOf(instrument, ["individual"]);
    const records: AnswerRecord[] = [];
    for (let respondentId = 1; respondentId <= 5; respondentId++)
      for (const dimension of instrument.levels.find((l) => l.id === "individual")!.dimensions)
        for (const it of dimension.items) {
          // Non-managers: item 1 not applicable; the page hides items 2-4, whatever an older answer stored for them.
          if (it.id === "ind-leadership-1")
            records.push({ respondentId, itemId: it.id, kind: "not-applicable", current: null, target: null, importance: null });
          else records.push({ respondentId, itemId: it.id, kind: "answered", current: it.id.startsWith("ind-leadership") ? 0 : 3, target: 4, importance: 3 });
        }
    const respondents = [1, 2, 3, 4, 5].map((id) => ({ id, organisationId: 1, levels: ["individual"] }));
    const result = scoreAssessment(model, answerSetFromRecords(model, respondents, records));
    const leadership = result.dimensions.find((d) => d.dimensionId === "ind-leadership")!;
    expect(leadership.status).not.toBe("scored");
    const level = result.levels.find((l) => l.levelId === "individual")!;
    expect(level.status === "scored" && level.current).toBeCloseTo(3, 10);
  });
});

describe("no data is don't know, not anchor 0", () => {
  it.each(["soc-access-1", "soc-access-2", "soc-affordability-1", "soc-affordability-2", "soc-uptake-2"])("%s", (id) => {
    const { anchors, guidance } = item(id);
    expect(anchors[0]).not.toMatch(/unknown|not known|no data|nothing is known|there are no data/i);
    expect(guidance).toContain(`choose "Don't know" rather than 0`);
  });
});

describe("past assessments keep their version", () => {
  it("reads an instrument stored before actions had ranges and dimensions a measurement back with its own version", () => {
    // What an assessment opened before issue 24 stored: no currentFrom/currentBelow, no measurement.
    const before = JSON.parse(JSON.stringify(instrument)) as Instrument;
    for (const level of before.levels)
      for (const dimension of level.dimensions) {
        delete (dimension as { measurement?: string }).measurement;
        for (const action of dimension.actions) {
          delete (action as { currentFrom?: number }).currentFrom;
          delete (action as { currentBelow?: number }).currentBelow;
        }
      }
    const { version: _, ...content } = before;
    const stored = { ...content, version: instrumentVersion(content) };
    expect(stored.version).not.toBe(instrument.version);
    const read = parseStoredInstrument(stored);
    expect(read.version).toBe(stored.version);
    expect(read.levels[0].dimensions[0]).not.toHaveProperty("measurement");
  });
});
