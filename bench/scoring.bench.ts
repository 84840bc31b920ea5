// Benchmark of the scoring engine on a national-size assessment: 10,000 respondents in 50
// organisations, each answering all 128 items of a 4 × 8 × 4 instrument (about 1.3 million rows).
// Synthetic, deterministic data. Run with `npx tsx bench/scoring.bench.ts`; not part of npm test.

import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { ABSENT, ANSWERED, DEFAULT_SEVERITY_THRESHOLDS, DONT_KNOW, NOT_APPLICABLE, scoreAssessment } from "../src/scoring";
import type { AnswerSet, ScoringModel } from "../src/scoring";
import { answerColumns } from "../src/responses/submitted-answers";

const LEVELS = ["institutional", "organisational", "individual", "societal"];
const DIMENSIONS_PER_LEVEL = 8;
const ITEMS_PER_DIMENSION = 4;

export function syntheticModel(): ScoringModel {
  return {
    severity: DEFAULT_SEVERITY_THRESHOLDS,
    levels: LEVELS.map((levelId) => ({
      id: levelId,
      weight: 1,
      dimensions: Array.from({ length: DIMENSIONS_PER_LEVEL }, (_, d) => ({
        id: `${levelId}-d${d + 1}`,
        weight: 1,
        items: Array.from({ length: ITEMS_PER_DIMENSION }, (_, j) => ({ id: `${levelId}-d${d + 1}-${j + 1}`, weight: 1 + (j % 2) })),
        actions: [
          { id: `${levelId}-d${d + 1}-a1`, horizon: "short" as const, minSeverity: "moderate" as const },
          { id: `${levelId}-d${d + 1}-a2`, horizon: "long" as const, minSeverity: "high" as const },
        ],
      })),
    })),
  };
}

/** mulberry32: a small, fast, seeded generator, so every run scores the same data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Respondents answer every item: 90% answered, 4% not applicable, 4% don't know, 2% no row. */
export function syntheticAnswers(respondentCount: number, organisationCount: number, seed = 2026): AnswerSet {
  const random = seededRandom(seed);
  const itemCount = LEVELS.length * DIMENSIONS_PER_LEVEL * ITEMS_PER_DIMENSION;
  const capacity = respondentCount * itemCount;
  const rows = { length: 0, ...answerColumns(capacity) };
  let k = 0;
  for (let r = 0; r < respondentCount; r++) {
    // Each respondent has a capacity profile, so that scores vary between people.
    const base = Math.floor(random() * 4);
    for (let j = 0; j < itemCount; j++) {
      const draw = random();
      if (draw < 0.02) continue;
      rows.respondent[k] = r;
      rows.item[k] = j;
      if (draw < 0.06) {
        rows.kind[k] = NOT_APPLICABLE;
        rows.current[k] = rows.target[k] = rows.importance[k] = ABSENT;
      } else if (draw < 0.1) {
        rows.kind[k] = DONT_KNOW;
        rows.current[k] = rows.target[k] = rows.importance[k] = ABSENT;
      } else {
        const current = Math.min(5, base + Math.floor(random() * 3));
        rows.kind[k] = ANSWERED;
        rows.current[k] = current;
        rows.target[k] = Math.min(5, current + Math.floor(random() * 4) - 1);
        rows.importance[k] = 1 + Math.floor(random() * 3);
      }
      k++;
    }
  }
  const respondents = Array.from({ length: respondentCount }, (_, r) => ({
    id: r + 1,
    organisationId: 1 + (r % organisationCount),
    levels: LEVELS,
  }));
  return { respondents, rows: { ...rows, length: k } };
}

export async function runScoringBench(): Promise<void> {
  const model = syntheticModel();
  const answers = syntheticAnswers(10_000, 50);
  const started = performance.now();
  const first = scoreAssessment(model, answers);
  const coldMs = performance.now() - started;
  if (first.overall.status !== "scored") throw new Error("the synthetic assessment should have an overall index");

  const bench = new Bench({ name: "scoring", time: 3000, warmupIterations: 3 });
  bench.add("scoreAssessment: 10,000 respondents × 128 items", () => {
    scoreAssessment(model, answers);
  });
  await bench.run();
  const latency = bench.tasks[0].result?.latency;
  console.log(`rows scored: ${answers.rows.length.toLocaleString("en")} (10,000 respondents, 50 organisations, 128 items)`);
  console.log(`first run (cold): ${coldMs.toFixed(1)} ms`);
  if (latency) {
    console.log(
      `steady state: mean ${latency.mean.toFixed(1)} ms, p50 ${latency.p50?.toFixed(1)} ms, p99 ${latency.p99?.toFixed(1)} ms over ${latency.samples.length} runs`,
    );
  }
  console.table(bench.table());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runScoringBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
