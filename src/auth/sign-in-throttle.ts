// Throttling of failed sign-ins without locking anyone out: growing delays per (account, address) and a ceiling per
// address. An account is never locked as such, so a stranger guessing cannot keep its owner out (docs/decisions/008).
// Counted in the database (every worker process sees the same failures), measured by the app's clock: tests move the
// clock instead of waiting.

import type { AppDatabase } from "../db/client";

export interface ThrottleRules {
  /** Failures of one account from one address that cost nothing; each further one doubles the wait. */
  pairFreeFailures: number;
  pairFirstDelaySeconds: number;
  pairMaxDelaySeconds: number;
  /** A pair with no failure for this long is forgotten. */
  pairForgetSeconds: number;
  /** Failures from one address, whatever the accounts, within the window; past them the address waits for the window. */
  addressFailures: number;
  addressWindowSeconds: number;
}

/**
 * Three free failures per account and address, then 2 s, 4 s, 8 s … up to 15 minutes between attempts (a
 * person mistyping is never slowed for long; a guesser gets a few hundred tries a day); thirty failures per
 * address every quarter of an hour across accounts (an office behind one address is rarely near it).
 */
export const defaultThrottleRules: ThrottleRules = {
  pairFreeFailures: 3,
  pairFirstDelaySeconds: 2,
  pairMaxDelaySeconds: 15 * 60,
  pairForgetSeconds: 24 * 3600,
  addressFailures: 30,
  addressWindowSeconds: 15 * 60,
};

/** Rows kept at most per scope: past it, the least recently failed are forgotten (a flood of addresses cannot grow the table). */
const MAX_ENTRIES = 50_000;
/** Forgotten rows (windows ended, pairs quiet for a day) are deleted at most this often, during a recorded failure. */
const PURGE_INTERVAL_MS = 5 * 60 * 1000;

interface FailureRow {
  failures: number;
  startedAt: number;
  lastFailureAt: number;
  /** No attempt before this time (ms); 0 for none. */
  waitUntil: number;
}

export type ThrottleScope = "account_address" | "address";

export interface Throttled {
  scope: ThrottleScope;
  retryAfterSeconds: number;
}

/** What a recorded failure changed: a new or longer wait to audit, or none. */
export interface FailureOutcome {
  imposed?: Throttled & { failures: number };
}

/**
 * The throttle's counts are rows of `sign_in_failures`, so that every process serving the app (WEB_CONCURRENCY) counts
 * the same failures; a failure is counted in one immediate transaction (read, then write), so none is lost between
 * processes.
 */
export class SignInThrottle {
  private readonly statements;
  private lastPurge = 0;

  constructor(
    private readonly database: AppDatabase,
    private readonly clock: () => Date,
    private readonly rules: ThrottleRules = defaultThrottleRules,
  ) {
    const sqlite = database.sqlite;
    this.statements = {
      read: sqlite.prepare(
        "select failures, started_at as startedAt, last_failure_at as lastFailureAt, wait_until as waitUntil from sign_in_failures where scope = ? and subject = ?",
      ),
      write: sqlite.prepare(
        `insert into sign_in_failures (scope, subject, failures, started_at, last_failure_at, wait_until) values (?, ?, ?, ?, ?, ?)
         on conflict (scope, subject) do update set failures = excluded.failures, started_at = excluded.started_at,
           last_failure_at = excluded.last_failure_at, wait_until = excluded.wait_until`,
      ),
      remove: sqlite.prepare("delete from sign_in_failures where scope = ? and subject = ?"),
      purgeForgotten: sqlite.prepare(
        "delete from sign_in_failures where (scope = 'address' and started_at <= ?) or (scope = 'account_address' and last_failure_at < ?)",
      ),
      purgeBeyondBound: sqlite.prepare(
        `delete from sign_in_failures where scope = @scope and last_failure_at <
           (select last_failure_at from sign_in_failures where scope = @scope order by last_failure_at desc limit 1 offset ${MAX_ENTRIES})`,
      ),
    };
  }

  private now(): number {
    return this.clock().getTime();
  }

  private pair(account: string, address: string, now: number): FailureRow | undefined {
    const state = this.statements.read.get("account_address", `${account}\n${address}`) as FailureRow | undefined;
    return state && now - state.lastFailureAt > this.rules.pairForgetSeconds * 1000 ? undefined : state;
  }

  private address(address: string, now: number): FailureRow | undefined {
    const state = this.statements.read.get("address", address) as FailureRow | undefined;
    return state && now - state.startedAt >= this.rules.addressWindowSeconds * 1000 ? undefined : state;
  }

  private write(scope: ThrottleScope, subject: string, row: FailureRow): void {
    this.statements.write.run(scope, subject, row.failures, row.startedAt, row.lastFailureAt, row.waitUntil);
  }

  private purgeNowAndThen(now: number): void {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    this.statements.purgeForgotten.run(now - this.rules.addressWindowSeconds * 1000, now - this.rules.pairForgetSeconds * 1000);
    for (const scope of ["address", "account_address"]) this.statements.purgeBeyondBound.run({ scope });
  }

  /** Whether an attempt for `account` from `address` must wait, and how long; checked before the password. */
  check(account: string, address: string): Throttled | undefined {
    const now = this.now();
    const byAddress = this.address(address, now);
    if (byAddress && byAddress.failures >= this.rules.addressFailures) {
      return { scope: "address", retryAfterSeconds: Math.ceil((byAddress.startedAt + this.rules.addressWindowSeconds * 1000 - now) / 1000) };
    }
    const byPair = account ? this.pair(account, address, now) : undefined;
    if (byPair && byPair.waitUntil > now) return { scope: "account_address", retryAfterSeconds: Math.ceil((byPair.waitUntil - now) / 1000) };
    return undefined;
  }

  /** Counts a failed attempt; an empty account counts against the address only. */
  recordFailure(account: string, address: string): FailureOutcome {
    return this.database.sqlite
      .transaction((): FailureOutcome => {
        const now = this.now();
        this.purgeNowAndThen(now);
        const byAddress = this.address(address, now) ?? { failures: 0, startedAt: now, lastFailureAt: now, waitUntil: 0 };
        byAddress.failures += 1;
        byAddress.lastFailureAt = now;
        this.write("address", address, byAddress);
        let imposed: FailureOutcome["imposed"];
        if (account) {
          const byPair = this.pair(account, address, now) ?? { failures: 0, startedAt: now, lastFailureAt: now, waitUntil: 0 };
          byPair.failures += 1;
          byPair.lastFailureAt = now;
          const beyond = byPair.failures - this.rules.pairFreeFailures;
          if (beyond > 0) {
            const seconds = Math.min(this.rules.pairMaxDelaySeconds, this.rules.pairFirstDelaySeconds * 2 ** Math.min(beyond - 1, 30));
            byPair.waitUntil = now + seconds * 1000;
            imposed = { scope: "account_address", failures: byPair.failures, retryAfterSeconds: seconds };
          }
          this.write("account_address", `${account}\n${address}`, byPair);
        }
        // Reaching the address's ceiling outweighs a pair's delay: it stops every account tried from there.
        if (byAddress.failures === this.rules.addressFailures) {
          imposed = {
            scope: "address",
            failures: byAddress.failures,
            retryAfterSeconds: Math.ceil((byAddress.startedAt + this.rules.addressWindowSeconds * 1000 - now) / 1000),
          };
        }
        return { imposed };
      })
      .immediate();
  }

  /** A successful sign-in clears its own pair only: failures from other addresses keep their delays. */
  recordSuccess(account: string, address: string): void {
    this.statements.remove.run("account_address", `${account}\n${address}`);
  }
}
