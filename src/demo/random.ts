// A small seeded pseudo-random generator (mulberry32), so the demo and benchmark data are the same on every machine.
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  normal(mean: number, sd: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    normal: (mean, sd) => {
      // Box–Muller; 1 - u keeps the logarithm finite.
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * A plausible answer to one item: current near the group's maturity, a target above it, importance rising with the gap,
 * and now and then "don't know" or "not applicable".
 */
export function syntheticAnswer(random: Random, maturity: number, ambition: number, dontKnowRate = 0.05) {
  const roll = random.next();
  if (roll < dontKnowRate) return { kind: "dontknow" as const, current: null, target: null, importance: null };
  if (roll < dontKnowRate + 0.015) return { kind: "na" as const, current: null, target: null, importance: null };
  const current = clamp(Math.round(random.normal(maturity, 0.8)), 0, 5);
  const target = clamp(Math.round(random.normal(Math.max(current, maturity + ambition), 0.6)), 0, 5);
  const gap = Math.max(0, target - current);
  const importance = clamp(Math.round(random.normal(1.6 + gap * 0.45, 0.6)), 1, 3);
  return { kind: "answered" as const, current, target, importance };
}
