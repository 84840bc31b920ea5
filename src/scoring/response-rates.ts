// Response rates: submitted ÷ invited, per organisation (and its levels), per level and overall,
// with a warning below 50%, when results may not represent the organisation.

export type InvitationStatus = "invited" | "started" | "submitted";

export interface InvitationSummary {
  readonly organisationId: number;
  readonly levels: readonly string[];
  readonly status: InvitationStatus;
  /** How many alike invitations this summary stands for (a database can count them for us); 1 when absent. */
  readonly count?: number;
}

export interface ResponseTally {
  /** Every invitation, whatever its status now. */
  readonly invited: number;
  /** Opened and answered in part, not yet submitted. */
  readonly started: number;
  readonly submitted: number;
  /** submitted ÷ invited; null when nobody was invited. */
  readonly rate: number | null;
  /** The rate is below 50%. */
  readonly lowResponse: boolean;
}

export type LevelResponse = { readonly levelId: string } & ResponseTally;
export type OrganisationResponse = { readonly organisationId: number; readonly levels: readonly LevelResponse[] } & ResponseTally;

export interface ResponseRates {
  readonly overall: ResponseTally;
  /** Ordered by organisation id. */
  readonly organisations: readonly OrganisationResponse[];
  readonly levels: readonly LevelResponse[];
}

export const LOW_RESPONSE_RATE = 0.5;

interface Counter {
  invited: number;
  started: number;
  submitted: number;
}

function count(counter: Counter, status: InvitationStatus, times: number): void {
  counter.invited += times;
  if (status === "started") counter.started += times;
  else if (status === "submitted") counter.submitted += times;
}

function tally(counter: Counter | undefined): ResponseTally {
  const { invited = 0, started = 0, submitted = 0 } = counter ?? {};
  const rate = invited > 0 ? submitted / invited : null;
  return { invited, started, submitted, rate, lowResponse: rate !== null && rate < LOW_RESPONSE_RATE };
}

/** Level ids in the given order first (all of them, invited or not), then any others alphabetically. */
function orderLevels(seen: Iterable<string>, levelOrder: readonly string[]): string[] {
  const listed = new Set(levelOrder);
  return [...levelOrder, ...[...new Set(seen)].filter((id) => !listed.has(id)).sort()];
}

/**
 * Response rates. An invitation counts once for its organisation and once for each of its
 * levels. `levelOrder` (for example the assessment's levels in scope) fixes the order of the
 * level lists and includes levels nobody was invited to.
 */
export function responseRates(invitations: readonly InvitationSummary[], levelOrder: readonly string[] = []): ResponseRates {
  const overall: Counter = { invited: 0, started: 0, submitted: 0 };
  const byLevel = new Map<string, Counter>();
  const byOrganisation = new Map<number, { counter: Counter; levels: Map<string, Counter> }>();
  const counterIn = <K>(map: Map<K, Counter>, key: K): Counter => {
    let counter = map.get(key);
    if (!counter) map.set(key, (counter = { invited: 0, started: 0, submitted: 0 }));
    return counter;
  };

  for (const invitation of invitations) {
    const times = invitation.count ?? 1;
    count(overall, invitation.status, times);
    let organisation = byOrganisation.get(invitation.organisationId);
    if (!organisation) {
      organisation = { counter: { invited: 0, started: 0, submitted: 0 }, levels: new Map() };
      byOrganisation.set(invitation.organisationId, organisation);
    }
    count(organisation.counter, invitation.status, times);
    for (const levelId of new Set(invitation.levels)) {
      count(counterIn(byLevel, levelId), invitation.status, times);
      count(counterIn(organisation.levels, levelId), invitation.status, times);
    }
  }

  const levelIds = orderLevels(byLevel.keys(), levelOrder);
  return {
    overall: tally(overall),
    organisations: [...byOrganisation.entries()]
      .sort(([a], [b]) => a - b)
      .map(([organisationId, { counter, levels }]) => ({
        organisationId,
        ...tally(counter),
        levels: orderLevels(levels.keys(), levelOrder)
          .filter((levelId) => levels.has(levelId))
          .map((levelId) => ({ levelId, ...tally(levels.get(levelId)) })),
      })),
    levels: levelIds.map((levelId) => ({ levelId, ...tally(byLevel.get(levelId)) })),
  };
}
