import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cronbachAlpha, regularizedIncompleteBeta, studentTCdf, studentTDensity, studentTQuantile, welchInterval } from "../../src/scoring";

describe("Student t quantiles", () => {
  it("gives the values the method quotes: 12.7062 (df 1), 4.3027 (df 2), 1.9600 (large df)", () => {
    expect(studentTQuantile(0.975, 1).toFixed(4)).toBe("12.7062");
    expect(studentTQuantile(0.975, 2).toFixed(4)).toBe("4.3027");
    expect(studentTQuantile(0.975, 1e6).toFixed(4)).toBe("1.9600");
    expect(studentTQuantile(0.975, 1e9).toFixed(4)).toBe("1.9600");
  });

  it.each([
    // Reference values from scipy.stats.t.ppf (they agree with printed tables to the digits those show).
    [0.975, 3, 3.1824463052837078],
    [0.975, 4, 2.7764451051977934],
    [0.975, 5, 2.5705818356363146],
    [0.975, 10, 2.228138851986274],
    [0.975, 30, 2.0422724563012378],
    [0.975, 100, 1.9839715185235518],
    [0.975, 1000, 1.9623390808264083],
    [0.975, 1e6, 1.959966356814107],
    [0.975, 2.5, 3.5746548420036817],
    [0.975, 27 / 7, 2.817473753199967],
    [0.975, 0.5, 164.55767348048818],
    [0.995, 7, 3.4994832973504924],
    [0.9, 3, 1.637744353696209],
    [0.6, 3, 0.2766706623326898],
  ])("t(%s, %s) = %s to 1e-10 relative", (p, df, expected) => {
    expect(Math.abs(studentTQuantile(p, df) / expected - 1)).toBeLessThan(1e-10);
  });

  it("is odd around the median and zero at it", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
  });

  it("inverts the distribution function", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 5000, noNaN: true }), (p, df) => {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
      }),
    );
  });

  it("has a distribution function that agrees with integrating the density", () => {
    // Simpson's rule from 0 to t, an independent route to P(0 < T < t).
    const integrate = (t: number, df: number) => {
      const steps = 2000;
      const h = t / steps;
      let sum = studentTDensity(0, df) + studentTDensity(t, df);
      for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * studentTDensity(i * h, df);
      return (sum * h) / 3;
    };
    for (const [t, df] of [
      [1.3, 3],
      [2.5, 7.5],
      [0.4, 40],
    ]) {
      expect(studentTCdf(t, df) - 0.5).toBeCloseTo(integrate(t, df), 10);
    }
  });

  it("refuses probabilities outside (0, 1) and degrees of freedom ≤ 0", () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });

  it("has an incomplete beta function with the known closed form I_x(1, b) = 1 − (1 − x)^b", () => {
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
  });
});

describe("Cronbach's alpha", () => {
  it("matches a hand computation: Σ var_j = 14.75/3, var_total = 42.75/3, α = 3/2 × (1 − 59/171) = 56/57", () => {
    const table = [
      [1, 2, 2],
      [2, 3, 3],
      [3, 3, 4],
      [4, 5, 5],
    ];
    expect(cronbachAlpha(table)).toBeCloseTo(56 / 57, 12);
    expect(cronbachAlpha(table)?.toFixed(4)).toBe("0.9825");
  });

  it("is undefined when the totals do not vary", () => {
    expect(
      cronbachAlpha([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBeNull();
  });
});

describe("Welch interval of a difference of means", () => {
  it("matches a hand-checked case: {1,2,3} → {3,4,5,4}", () => {
    // Means 2 and 4; variances of the means 1/3 and (2/3)/4 = 1/6; se = √0.5;
    // df = 0.5² / ((1/3)²/2 + (1/6)²/3) = 27/7 = 3.857; t(0.975, 27/7) = 2.817474.
    const welch = welchInterval({ mean: 2, sd: 1, n: 3 }, { mean: 4, sd: Math.sqrt(2 / 3), n: 4 });
    expect(welch.difference).toBe(2);
    expect(welch.df).toBeCloseTo(27 / 7, 12);
    expect(welch.lower).toBeCloseTo(2 - 2.817473753 * Math.SQRT1_2, 8);
    expect(welch.lower.toFixed(4)).toBe("0.0077");
    expect(welch.upper.toFixed(4)).toBe("3.9923");
  });

  it("gives the difference itself when neither sample varies", () => {
    expect(welchInterval({ mean: 2, sd: 0, n: 3 }, { mean: 3, sd: 0, n: 5 })).toEqual({ difference: 1, lower: 1, upper: 1, df: null });
  });
});
