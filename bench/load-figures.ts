// What a load measurement reports, over one autocannon run or several slices of one: shared by the load targets
// (bench/run.ts) and the workers comparison (bench/workers.ts).
import type autocannon from "autocannon";

export interface LoadFigures {
  /** Requests answered per second over all its measured time. */
  rate: number;
  /** The highest p99 of its slices (conservative: percentiles of slices cannot be merged exactly). */
  p99: number;
  errors: number;
}

export function figuresOf(results: autocannon.Result[]): LoadFigures {
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = results.reduce((n, r) => n + r.duration, 0);
  return {
    rate: requests / seconds,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0),
  };
}
