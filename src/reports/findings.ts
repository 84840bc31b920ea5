// Key findings: what the executive summary says first, as data (a kind and its figures), in no language. Each is
// drawn from figures the report shows anyway, so a finding never carries a figure withheld for confidentiality:
// hidden levels and dimensions, suppressed items and peers below three countries give no finding.
// findings-text.ts words them in the report's language.
import { z } from "zod";
import type { DimensionResult, ItemResult, LevelResult, ResponseRates } from "../scoring";
import type { ScoredReport } from "./build";
import { validationView } from "./validation-view";

/** How many of the top priority gaps the summary names (at most; fewer when fewer dimensions have a gap). */
export const TOP_GAPS = 5;
/** At most this many dimensions are named where a sentence lists the dimensions a signal weakens. */
export const NAMED_DIMENSIONS = 3;

const severity = z.enum(["none", "low", "moderate", "high", "critical"]);
const levelIndex = z.object({ levelId: z.string(), index: z.number() });

/** Each kind of finding with its figures; `text` is added when worded (findings-text.ts). */
const kinds = {
  overall: z.object({ kind: z.literal("overall"), index: z.number(), levels: z.array(levelIndex) }),
  levels: z.object({ kind: z.literal("levels"), weakest: levelIndex, strongest: levelIndex }),
  "top-gaps": z.object({
    kind: z.literal("top-gaps"),
    dimensions: z.array(z.object({ dimensionId: z.string(), severity, gap: z.number(), priority: z.number() })),
  }),
  "knowledge-gaps": z.object({ kind: z.literal("knowledge-gaps"), items: z.number().int(), dimensionIds: z.array(z.string()) }),
  "low-consensus": z.object({ kind: z.literal("low-consensus"), dimensions: z.number().int(), dimensionIds: z.array(z.string()) }),
  "low-response": z.object({ kind: z.literal("low-response"), rate: z.number(), submitted: z.number().int(), invited: z.number().int() }),
  "low-response-organisations": z.object({
    kind: z.literal("low-response-organisations"),
    organisations: z.number().int(),
    organisationIds: z.array(z.number().int()),
  }),
  progress: z.object({
    kind: z.literal("progress"),
    previousRound: z.string(),
    changes: z.array(z.object({ dimensionId: z.string(), change: z.number() })),
  }),
  peers: z.object({ kind: z.literal("peers"), group: z.string(), above: z.number().int(), below: z.number().int(), compared: z.number().int() }),
  validation: z.object({
    kind: z.literal("validation"),
    selfIndex: z.number(),
    validatedIndex: z.number(),
    coverage: z.number(),
    disagreements: z.number().int(),
  }),
};

const text = { text: z.string().meta({ description: "The finding in the report's language, from the catalogue's template for its kind." }) };

/** A finding as the report model holds it: its kind, its figures, and its sentence in the report's language. */
export const reportFindingSchema = z.discriminatedUnion("kind", [
  kinds.overall.extend(text),
  kinds.levels.extend(text),
  kinds["top-gaps"].extend(text),
  kinds["knowledge-gaps"].extend(text),
  kinds["low-consensus"].extend(text),
  kinds["low-response"].extend(text),
  kinds["low-response-organisations"].extend(text),
  kinds.progress.extend(text),
  kinds.peers.extend(text),
  kinds.validation.extend(text),
]);

export type Finding = { [K in keyof typeof kinds]: z.infer<(typeof kinds)[K]> }[keyof typeof kinds];
export type ReportFinding = z.infer<typeof reportFindingSchema>;

export type FindingKind = Finding["kind"];

type Scored<T> = Extract<T, { status: "scored" }>;
const isScored = <T extends { status: string }>(cell: T): cell is Scored<T> & T => cell.status === "scored";

/** The key findings of a scored report, in the order the summary reads them. */
export function findingsOf(scored: Omit<ScoredReport, "findings">): Finding[] {
  const findings: Finding[] = [];
  const { scope } = scored;
  const levels = (scope.levels as readonly LevelResult[]).filter(isScored).map((l) => ({ levelId: l.levelId, index: l.index }));

  if (scope.overall.status === "scored") findings.push({ kind: "overall", index: scope.overall.index, levels });
  if (levels.length >= 2) {
    const ordered = [...levels].sort((a, b) => a.index - b.index || (a.levelId < b.levelId ? -1 : 1));
    const weakest = ordered[0];
    const strongest = ordered[ordered.length - 1];
    if (strongest.index > weakest.index) findings.push({ kind: "levels", weakest, strongest });
  }

  const dimensions = (scope.dimensions as readonly DimensionResult[]).filter(isScored);
  const ranked = [...dimensions].sort((a, b) => a.rank - b.rank);
  const top = ranked.filter((d) => d.severity !== "none").slice(0, TOP_GAPS);
  if (top.length > 0)
    findings.push({
      kind: "top-gaps",
      dimensions: top.map((d) => ({ dimensionId: d.dimensionId, severity: d.severity, gap: d.gap, priority: d.priority })),
    });

  // Items exist in the national report only (an organisation's report lists none).
  if (scored.organisation === null) {
    const unknown = (scored.national.items as readonly ItemResult[]).filter(isScored).filter((i) => i.flags.knowledgeGap);
    if (unknown.length > 0) {
      const byRank = rankOrder(ranked);
      const dimensionIds = [...new Set(unknown.map((i) => i.dimensionId))].sort((a, b) => byRank(a) - byRank(b)).slice(0, NAMED_DIMENSIONS);
      findings.push({ kind: "knowledge-gaps", items: unknown.length, dimensionIds });
    }
  }
  const split = ranked.filter((d) => d.flags.lowConsensus);
  if (split.length > 0)
    findings.push({ kind: "low-consensus", dimensions: split.length, dimensionIds: split.slice(0, NAMED_DIMENSIONS).map((d) => d.dimensionId) });

  findings.push(...responseFindings(scored.rates, scored.organisation));

  if (scored.previous) {
    const changes = scored.previous.comparison.dimensions
      .filter((d) => d.isClear)
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.dimensionId < b.dimensionId ? -1 : 1))
      .map((d) => ({ dimensionId: d.dimensionId, change: d.change }));
    findings.push({ kind: "progress", previousRound: scored.previous.assessment.roundLabel, changes });
  }

  if (scored.peers) {
    const national = new Map(dimensions.map((d) => [d.dimensionId, d.current]));
    let above = 0;
    let below = 0;
    let compared = 0;
    for (const d of scored.peers.comparison.dimensions) {
      const own = national.get(d.dimensionId);
      if (d.status !== "compared" || own === undefined) continue;
      compared++;
      if (own > d.peer.current) above++;
      else if (own < d.peer.current) below++;
    }
    if (compared > 0) findings.push({ kind: "peers", group: scored.peers.group, above, below, compared });
  }

  // The same figures as the report's validation section (coverage weighted by respondents; validated units only).
  const validation = validationView(scored, (id) => id, "");
  if (validation && validation.selfIndex !== null && validation.validatedIndex !== null)
    findings.push({
      kind: "validation",
      selfIndex: validation.selfIndex,
      validatedIndex: validation.validatedIndex,
      coverage: validation.coverage,
      disagreements: validation.dimensions.reduce((sum, d) => sum + d.disagreements, 0),
    });
  return findings;
}

function rankOrder(ranked: readonly { dimensionId: string }[]): (id: string) => number {
  const order = new Map(ranked.map((d, index) => [d.dimensionId, index]));
  return (id) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
}

/** Below 50% overall, and the organisations below 50% (method.md, response rate). */
function responseFindings(rates: ResponseRates, organisation: ScoredReport["organisation"]): Finding[] {
  const findings: Finding[] = [];
  const { overall } = rates;
  if (overall.lowResponse && overall.rate !== null)
    findings.push({ kind: "low-response", rate: overall.rate, submitted: overall.submitted, invited: overall.invited });
  if (organisation === null) {
    const low = rates.organisations.filter((o) => o.lowResponse).sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || a.organisationId - b.organisationId);
    if (low.length > 0) findings.push({ kind: "low-response-organisations", organisations: low.length, organisationIds: low.map((o) => o.organisationId) });
  }
  return findings;
}
