// Background answers for the demo's respondents: plausible shares per category (a few small groups, so the report's
// breakdowns show suppression at work) and a small effect on the ratings, so the breakdowns show real differences.
import type { Instrument } from "../questionnaires/schema";
import { backgroundQuestionsFor, preferNotToSay } from "../questionnaires/background";
import { relevantQuestions, type BackgroundInput } from "../responses/background";
import type { Random } from "./random";

/** Shares of each option (the rest of 1 is "prefer not to say" where offered). */
const shares: Record<string, Record<string, number>> = {
  represents: { government: 0.3, "civil-society": 0.3, academia: 0.2, "private-sector": 0.1, statistics: 0.06, international: 0.02, other: 0.01 },
  gender: { woman: 0.46, man: 0.48, "self-described": 0.01 },
  "age-band": { "under-30": 0.15, "30-44": 0.42, "45-59": 0.33, "60-plus": 0.07 },
  "public-service": { yes: 0.9, no: 0.08 },
  "years-in-service": { "under-2": 0.08, "2-9": 0.35, "10-19": 0.35, "20-plus": 0.2 },
  grade: { support: 0.12, professional: 0.5, "middle-manager": 0.28, "senior-manager": 0.08 },
  function: { policy: 0.22, "service-delivery": 0.3, "it-digital": 0.14, "finance-hr": 0.18, management: 0.12, other: 0.02 },
  location: { capital: 0.62, "other-urban": 0.25, rural: 0.11 },
};

/** How much a category shifts a respondent's ratings (IT staff rate their digital capacity higher, rural staff lower). */
const maturityShift: Record<string, number> = { "it-digital": 0.35, "senior-manager": 0.2, rural: -0.35, "other-urban": -0.1, "under-2": -0.15 };

function draw(random: Random, options: Record<string, number>): string {
  let roll = random.next();
  for (const [option, share] of Object.entries(options)) {
    if (roll < share) return option;
    roll -= share;
  }
  return preferNotToSay;
}

/** One respondent's background answers (only the questions asked of their levels and shown), and their rating shift. */
export function syntheticBackground(random: Random, instrument: Instrument, levels: readonly string[]): { answers: BackgroundInput[]; shift: number } {
  const values = new Map<string, string>();
  answerInOrder(instrument, levels, values, random);
  let shift = 0;
  for (const value of values.values()) shift += maturityShift[value] ?? 0;
  return { answers: [...values].map(([questionId, value]) => ({ questionId, value })), shift };
}

// Answers in order, each question asked only when its condition holds on the answers before it.
function answerInOrder(instrument: Instrument, levels: readonly string[], values: Map<string, string>, random: Random): void {
  const asked = backgroundQuestionsFor(instrument, levels);
  for (const question of asked) {
    if (!relevantQuestions(asked, values).some((q) => q.id === question.id)) continue;
    const options = shares[question.id];
    if (options === undefined) continue;
    values.set(question.id, draw(random, options));
  }
}
