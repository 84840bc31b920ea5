// Statistical building blocks of the method: Student t quantiles (for confidence and Welch
// intervals), Cronbach's alpha and sample variances. Written out here rather than taken from a
// library so that every figure in a report can be traced to code a reader can check.

const LANCZOS_G = 7;
// Lanczos coefficients for g = 7, n = 9 (Godfrey); relative accuracy about 1e-15.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the Lanczos series in its accurate range.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling's correction ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], accurate to 1e-16 for x ≥ 20. */
function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For the t distribution one argument is ½ and
 * the other grows with df; there the three large logarithms nearly cancel, so the difference
 * ln Γ(a + ½) − ln Γ(a) is written out from Stirling's series instead.
 */
function logBeta(a: number, b: number): number {
  const large = Math.max(a, b);
  if (Math.min(a, b) === 0.5 && large >= 20) {
    const logRatio = large * Math.log1p(0.5 / large) + 0.5 * Math.log(large) - 0.5 + stirlingCorrection(large + 0.5) - stirlingCorrection(large);
    return 0.5 * Math.log(Math.PI) - logRatio; // ln Γ(½) = ½ ln π
  }
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction of the incomplete beta function, evaluated by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const epsilon = 1e-16;
  const maxIterations = 100_000;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) return h;
  }
  throw new RangeError(`incomplete beta did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * Regularised incomplete beta I_x(a, b). `y` is 1 − x, passed separately so that callers who
 * know it exactly (x close to 1) do not lose digits.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // ln x as ln(1 − y) when x is close to 1, and vice versa, to keep the digits of the small side.
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const logFront = a * logX + b * logY - logBeta(a, b);
  const front = Math.exp(logFront);
  // The continued fraction converges fast only below the mean; use the symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** I_x(a, b) for 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 ≤ x ≤ 1, got ${x}`);
  return incompleteBeta(x, 1 - x, a, b);
}

function assertDegreesOfFreedom(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`degrees of freedom must be a finite number > 0, got ${df}`);
}

/** P(T > t) for t ≥ 0: half the regularised incomplete beta at ν/(ν + t²). */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  return 0.5 * incompleteBeta(x, y, df / 2, 0.5);
}

function logDensityConstant(df: number): number {
  // Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) = 1 / (√ν B(ν/2, ½))
  return -logBeta(df / 2, 0.5) - 0.5 * Math.log(df);
}

/** Density of Student's t with df degrees of freedom. */
export function studentTDensity(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  return Math.exp(logDensityConstant(df) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T ≤ t) for Student's t with df degrees of freedom (df > 0, not necessarily whole). */
export function studentTCdf(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

/** Above this many degrees of freedom the t quantile is taken from its expansion about the normal one. */
const LARGE_DF = 1e6;

/** Regularised upper incomplete gamma Q(½, x): the series below x = 1.5, the continued fraction above. */
function upperIncompleteGammaHalf(x: number): number {
  const a = 0.5;
  const logFront = a * Math.log(x) - x - 0.5 * Math.log(Math.PI); // ln Γ(½) = ½ ln π
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logFront) * h;
}

/** P(Z > z) for the standard normal, z ≥ 0: ½ Q(½, z²/2). */
function normalUpperTail(z: number): number {
  return 0.5 * upperIncompleteGammaHalf((z * z) / 2);
}

/** The p-quantile of the standard normal distribution, for p in (0.5, 1). */
function normalQuantile(p: number): number {
  const q = 1 - p;
  let z = roughNormalQuantile(p);
  for (let iteration = 0; iteration < 100; iteration++) {
    const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
    const step = (normalUpperTail(z) - q) / density;
    z += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, z)) break;
  }
  return z;
}

/** A rough standard normal quantile for p in (0.5, 1), only used to start the t search. */
function roughNormalQuantile(p: number): number {
  // Shore (1982): error below 0.01 over the useful range; Newton below polishes the result.
  return 5.5556 * (1 - Math.pow((1 - p) / p, 0.1186));
}

/**
 * The p-quantile of Student's t with df degrees of freedom (df > 0, not necessarily whole, as
 * Welch's df is not). Exact closed forms for df = 1 and 2; otherwise the equation
 * P(T > t) = 1 − p is solved by Newton's method on the incomplete-beta tail, kept inside a
 * shrinking bracket so that it always converges; above a million degrees of freedom, from the
 * Cornish–Fisher expansion about the normal quantile. Accurate to about 1e-11 relative.
 */
export function studentTQuantile(p: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must lie strictly between 0 and 1, got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));

  if (df >= LARGE_DF) {
    // Cornish–Fisher expansion about the normal quantile; the omitted terms are O(df⁻³).
    const z = normalQuantile(p);
    const z2 = z * z;
    return z + (z * (z2 + 1)) / (4 * df) + (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df);
  }

  const q = 1 - p;
  const logConstant = logDensityConstant(df);
  const density = (t: number) => Math.exp(logConstant - ((df + 1) / 2) * Math.log1p((t * t) / df));

  // Start from the normal quantile corrected for df (first Cornish–Fisher terms), then bracket.
  const z = roughNormalQuantile(p);
  let t = z + (z * z * z + z) / (4 * df);
  let lower = 0;
  let upper = Math.max(t, 1);
  while (upperTail(upper, df) > q) {
    lower = upper;
    upper *= 2;
    if (!Number.isFinite(upper)) throw new RangeError(`t quantile out of range (p=${p}, df=${df})`);
  }
  if (!(t > lower && t < upper)) t = (lower + upper) / 2;

  for (let iteration = 0; iteration < 500; iteration++) {
    const excess = upperTail(t, df) - q; // > 0: t is too small
    if (excess === 0) return t;
    if (excess > 0) lower = t;
    else upper = t;
    let next = t + excess / density(t);
    if (!(next > lower && next < upper)) next = (lower + upper) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, next)) return next;
    t = next;
  }
  return t;
}

/** Sample variance (n − 1) of a list; null when fewer than two values. */
export function sampleVariance(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return squares / (n - 1);
}

/** α = k/(k − 1) × (1 − Σ var_j / var_total); null when undefined (k < 2 or no total variance). */
export function alphaFromVariances(k: number, sumOfItemVariances: number, totalVariance: number): number | null {
  if (k < 2 || !(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - sumOfItemVariances / totalVariance);
}

/**
 * Cronbach's alpha of a respondents × items table of complete answers (sample variances).
 * Null when it is undefined: fewer than two items or respondents, or no variance in the totals.
 */
export function cronbachAlpha(table: readonly (readonly number[])[]): number | null {
  const m = table.length;
  if (m < 2) return null;
  const k = table[0].length;
  if (table.some((row) => row.length !== k)) throw new RangeError("every respondent needs a value for every item");
  let sumOfItemVariances = 0;
  for (let j = 0; j < k; j++) sumOfItemVariances += sampleVariance(table.map((row) => row[j])) ?? 0;
  const totals = table.map((row) => row.reduce((a, b) => a + b, 0));
  return alphaFromVariances(k, sumOfItemVariances, sampleVariance(totals) ?? 0);
}

export interface SampleSummary {
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly sd: number;
  readonly n: number;
}

export interface WelchInterval {
  /** second.mean − first.mean */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  /** Welch–Satterthwaite degrees of freedom; null when both samples have no spread. */
  readonly df: number | null;
}

/**
 * Welch interval of the difference of two means, at the given confidence (default 95%),
 * with Welch–Satterthwaite degrees of freedom. When neither sample varies, the interval is
 * the difference itself.
 */
export function welchInterval(first: SampleSummary, second: SampleSummary, confidence = 0.95): WelchInterval {
  if (first.n < 2 || second.n < 2) throw new RangeError("a Welch interval needs at least two observations in each sample");
  const difference = second.mean - first.mean;
  const v1 = (first.sd * first.sd) / first.n;
  const v2 = (second.sd * second.sd) / second.n;
  const variance = v1 + v2;
  if (variance === 0) return { difference, lower: difference, upper: difference, df: null };
  const df = (variance * variance) / ((v1 * v1) / (first.n - 1) + (v2 * v2) / (second.n - 1));
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(variance);
  return { difference, lower: difference - halfWidth, upper: difference + halfWidth, df };
}
