// The share of ratings backed by evidence (issue 18), per dimension and level: of the answered ratings of submitted
// responses, how many carry evidence (a file or a link), and how many of those an expert rated, and rated sufficient.
// Counted only for an assessment that holds evidence at all, since the count reads every answer of its scope once.
// A dimension withheld for confidentiality in the report's scope is not counted, nor in its level's total, so that no
// withheld figure can be derived from the others.
import type { AppDatabase } from "../db/client";
import type { DimensionResult, ScoringModel } from "../scoring";

export interface EvidenceCounts {
  answered: number;
  evidenced: number;
  rated: number;
  sufficient: number;
}

export interface EvidenceShare {
  counts: EvidenceCounts;
  levels: {
    levelId: string;
    counts: EvidenceCounts;
    dimensions: { dimensionId: string; shown: boolean; counts: EvidenceCounts | null }[];
  }[];
}

const none = (): EvidenceCounts => ({ answered: 0, evidenced: 0, rated: 0, sufficient: 0 });

function add(into: EvidenceCounts, counts: EvidenceCounts): void {
  into.answered += counts.answered;
  into.evidenced += counts.evidenced;
  into.rated += counts.rated;
  into.sufficient += counts.sufficient;
}

/** Per item: the answered ratings of submitted responses and those with evidence; null when the assessment has none. */
export function countEvidenceByItem(database: AppDatabase, assessmentId: number, organisationId?: number): Map<string, EvidenceCounts> | null {
  const present = database.sqlite.prepare("select exists(select 1 from evidence where assessment_id = ?) as present").get(assessmentId) as { present: number };
  if (!present.present) return null;
  const filter = organisationId === undefined ? "" : " and r.organisation_id = ?";
  const params = organisationId === undefined ? [assessmentId] : [assessmentId, organisationId];
  const rows = database.sqlite
    .prepare(
      `select a.item_id as itemId, count(*) as answered,
         sum(exists(select 1 from evidence e where e.response_id = a.response_id and e.item_id = a.item_id)) as evidenced,
         sum(er.rating is not null) as rated, sum(er.rating = 'sufficient') as sufficient
       from answers a join responses r on r.id = a.response_id
       left join evidence_ratings er on er.response_id = a.response_id and er.item_id = a.item_id
       where r.assessment_id = ? and r.status = 'submitted' and a.kind = 'answered'${filter}
       group by a.item_id`,
    )
    .all(...params) as { itemId: string; answered: number; evidenced: number; rated: number | null; sufficient: number | null }[];
  // A rating only counts where the answer still carries evidence (evidence removed after it was rated is not backing).
  return new Map(
    rows.map((r) => [
      r.itemId,
      { answered: r.answered, evidenced: r.evidenced, rated: Math.min(r.rated ?? 0, r.evidenced), sufficient: Math.min(r.sufficient ?? 0, r.evidenced) },
    ]),
  );
}

/** Sums the items' counts into their dimensions and levels, leaving out the dimensions the scope withholds. */
export function evidenceShareOf(model: ScoringModel, dimensions: readonly DimensionResult[], byItem: ReadonlyMap<string, EvidenceCounts>): EvidenceShare {
  const status = new Map(dimensions.map((d) => [d.dimensionId, d.status]));
  const total = none();
  const levels = model.levels.map((level) => {
    const levelCounts = none();
    const dimensionShares = level.dimensions.map((dimension) => {
      const dimensionStatus = status.get(dimension.id);
      const shown = dimensionStatus !== undefined && dimensionStatus !== "suppressed";
      if (!shown) return { dimensionId: dimension.id, shown, counts: null };
      const counts = none();
      for (const item of dimension.items) {
        const own = byItem.get(item.id);
        if (own) add(counts, own);
      }
      add(levelCounts, counts);
      return { dimensionId: dimension.id, shown, counts };
    });
    add(total, levelCounts);
    return { levelId: level.id, counts: levelCounts, dimensions: dimensionShares };
  });
  return { counts: total, levels };
}
