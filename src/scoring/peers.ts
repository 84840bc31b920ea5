// Peer comparison: a country's dimension and level results beside the mean of its peers (the
// other countries of a group with a published assessment on the same instrument), each peer
// country counting once, shown only when at least three peers have the figure.

import type { DimensionResult, LevelResult, ScoringResult } from "./types";

export const MIN_PEER_COUNTRIES = 3;

export interface PeerResult {
  readonly iso3: string;
  readonly result: ScoringResult;
}

export interface ScorePoint {
  readonly current: number;
  readonly target: number;
  readonly gap: number;
}

interface Insufficient {
  readonly status: "insufficient-peers";
  /** Peer countries with a scored result here (fewer than three). */
  readonly peerCountries: number;
}

export type PeerDimension = { readonly dimensionId: string; readonly levelId: string } & (
  | Insufficient
  | {
      readonly status: "compared";
      readonly peerCountries: number;
      /** The peers that entered the mean, in alphabetical order. */
      readonly peerIso3: readonly string[];
      /** Mean over peer countries of their national dimension scores. */
      readonly peer: ScorePoint;
      /** The country's own scores; null when its dimension is not scored. */
      readonly country: ScorePoint | null;
      /** country.current − peer.current; null when the country has no score. */
      readonly difference: number | null;
    }
);

export type PeerLevel = { readonly levelId: string } & (
  | Insufficient
  | {
      readonly status: "compared";
      readonly peerCountries: number;
      readonly peerIso3: readonly string[];
      /** Mean over peer countries of their level index. */
      readonly peerIndex: number;
      readonly countryIndex: number | null;
      readonly difference: number | null;
    }
);

export interface PeerComparison {
  /** In the country's document order. */
  readonly dimensions: readonly PeerDimension[];
  readonly levels: readonly PeerLevel[];
}

function scoredById<T extends DimensionResult | LevelResult>(cells: readonly T[], idOf: (cell: T) => string): Map<string, T> {
  return new Map(cells.filter((cell) => cell.status === "scored").map((cell) => [idOf(cell), cell]));
}

/** Compares a country with its peers. Peers must be distinct countries: a repeated iso3 is refused. */
export function comparePeers(country: ScoringResult, peers: readonly PeerResult[]): PeerComparison {
  const seen = new Set<string>();
  for (const peer of peers) {
    if (seen.has(peer.iso3)) throw new RangeError(`peer country ${peer.iso3} is given twice; pass each country's latest result once`);
    seen.add(peer.iso3);
  }
  const sorted = [...peers].sort((a, b) => (a.iso3 < b.iso3 ? -1 : a.iso3 > b.iso3 ? 1 : 0));
  const peerCells = sorted.map((peer) => ({
    iso3: peer.iso3,
    dimensions: scoredById(peer.result.dimensions, (d) => d.dimensionId),
    levels: scoredById(peer.result.levels, (l) => l.levelId),
  }));

  const dimensions = country.dimensions.map((own): PeerDimension => {
    const ids = { dimensionId: own.dimensionId, levelId: own.levelId };
    const contributing = peerCells.flatMap((peer) => {
      const cell = peer.dimensions.get(own.dimensionId);
      return cell && cell.status === "scored" ? [{ iso3: peer.iso3, cell }] : [];
    });
    if (contributing.length < MIN_PEER_COUNTRIES) return { ...ids, status: "insufficient-peers", peerCountries: contributing.length };
    const mean = (pick: (point: ScorePoint) => number) => contributing.reduce((sum, p) => sum + pick(p.cell), 0) / contributing.length;
    const peer = { current: mean((p) => p.current), target: mean((p) => p.target), gap: mean((p) => p.gap) };
    const countryPoint = own.status === "scored" ? { current: own.current, target: own.target, gap: own.gap } : null;
    return {
      ...ids,
      status: "compared",
      peerCountries: contributing.length,
      peerIso3: contributing.map((p) => p.iso3),
      peer,
      country: countryPoint,
      difference: countryPoint ? countryPoint.current - peer.current : null,
    };
  });

  const levels = country.levels.map((own): PeerLevel => {
    const contributing = peerCells.flatMap((peer) => {
      const cell = peer.levels.get(own.levelId);
      return cell && cell.status === "scored" ? [{ iso3: peer.iso3, index: cell.index }] : [];
    });
    if (contributing.length < MIN_PEER_COUNTRIES) {
      return { levelId: own.levelId, status: "insufficient-peers", peerCountries: contributing.length };
    }
    const peerIndex = contributing.reduce((sum, p) => sum + p.index, 0) / contributing.length;
    const countryIndex = own.status === "scored" ? own.index : null;
    return {
      levelId: own.levelId,
      status: "compared",
      peerCountries: contributing.length,
      peerIso3: contributing.map((p) => p.iso3),
      peerIndex,
      countryIndex,
      difference: countryIndex === null ? null : countryIndex - peerIndex,
    };
  });

  return { dimensions, levels };
}
