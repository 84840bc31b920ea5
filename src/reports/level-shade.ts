// The heatmap's shading, one rule for the page, the PDF and the Word document: a cell is shaded by the level its printed
// number shows (one decimal, rounded half up to the whole level), so the colour never says something else than the
// figure. Pure: the printed value, the shade it gets, the six shades (the same as app.css `.level-shade-N`) and the
// legend's ranges.

/** The six shades, from level 0 (lightest) to level 5 (darkest), with a text colour readable on each. */
export const levelShades = [
  { fill: "#f4f8fc", text: "#1a1a1a" },
  { fill: "#dbe8f5", text: "#1a1a1a" },
  { fill: "#b7d1ea", text: "#1a1a1a" },
  { fill: "#8fb6dc", text: "#1a1a1a" },
  { fill: "#2f6aa3", text: "#ffffff" },
  { fill: "#184a7a", text: "#ffffff" },
] as const;

/** The value a cell prints: the current level to one decimal (as `toFixed`, `Intl.NumberFormat` and the page round it). */
export function printedLevel(current: number): number {
  return Number(current.toFixed(1));
}

/** The shade (0–5) of a cell whose current level is `current`: the whole level nearest to its printed value. */
export function levelShadeOf(current: number): number {
  const shown = printedLevel(current);
  return Math.min(5, Math.max(0, Math.floor(shown + 0.5)));
}

/** The printed values each shade stands for, for the legend: 0–0.4, 0.5–1.4, … 4.5–5.0. */
export function levelShadeRanges(): { level: number; from: number; to: number }[] {
  return levelShades.map((_, level) => ({ level, from: level === 0 ? 0 : level - 0.5, to: level === 5 ? 5 : level + 0.4 }));
}
