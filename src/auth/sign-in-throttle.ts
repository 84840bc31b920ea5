// Throttling of failed sign-ins without locking anyone out: growing delays per (account, address) and a ceiling per
// address. An account is never locked as such, so a stranger guessing cannot keep its owner out (docs/decisions/008).
// In memory, measured by the app's clock: the app is one process, and tests move the clock instead of waiting.

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

/** Entries kept at most per map: past it, the oldest are forgotten (a flood of addresses cannot grow memory). */
const MAX_ENTRIES = 50_000;

interface PairState {
  failures: number;
  lastFailureAt: number;
  /** No attempt before this time (ms). */
  waitUntil: number;
}

interface AddressState {
  failures: number;
  windowStart: number;
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

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

export class SignInThrottle {
  private readonly pairs = new Map<string, PairState>();
  private readonly addresses = new Map<string, AddressState>();

  constructor(
    private readonly clock: () => Date,
    private readonly rules: ThrottleRules = defaultThrottleRules,
  ) {}

  private now(): number {
    return this.clock().getTime();
  }

  private pair(account: string, address: string, now: number): PairState | undefined {
    const key = `${account}\n${address}`;
    const state = this.pairs.get(key);
    if (state && now - state.lastFailureAt > this.rules.pairForgetSeconds * 1000) {
      this.pairs.delete(key);
      return undefined;
    }
    return state;
  }

  private address(address: string, now: number): AddressState | undefined {
    const state = this.addresses.get(address);
    if (state && now - state.windowStart >= this.rules.addressWindowSeconds * 1000) {
      this.addresses.delete(address);
      return undefined;
    }
    return state;
  }

  /** Whether an attempt for `account` from `address` must wait, and how long; checked before the password. */
  check(account: string, address: string): Throttled | undefined {
    const now = this.now();
    const byAddress = this.address(address, now);
    if (byAddress && byAddress.failures >= this.rules.addressFailures) {
      return { scope: "address", retryAfterSeconds: Math.ceil((byAddress.windowStart + this.rules.addressWindowSeconds * 1000 - now) / 1000) };
    }
    const byPair = account ? this.pair(account, address, now) : undefined;
    if (byPair && byPair.waitUntil > now) return { scope: "account_address", retryAfterSeconds: Math.ceil((byPair.waitUntil - now) / 1000) };
    return undefined;
  }

  /** Counts a failed attempt; an empty account counts against the address only. */
  recordFailure(account: string, address: string): FailureOutcome {
    const now = this.now();
    const byAddress = this.address(address, now) ?? { failures: 0, windowStart: now };
    byAddress.failures += 1;
    remember(this.addresses, address, byAddress);
    let imposed: FailureOutcome["imposed"];
    if (account) {
      const byPair = this.pair(account, address, now) ?? { failures: 0, lastFailureAt: now, waitUntil: 0 };
      byPair.failures += 1;
      byPair.lastFailureAt = now;
      const beyond = byPair.failures - this.rules.pairFreeFailures;
      if (beyond > 0) {
        const seconds = Math.min(this.rules.pairMaxDelaySeconds, this.rules.pairFirstDelaySeconds * 2 ** Math.min(beyond - 1, 30));
        byPair.waitUntil = now + seconds * 1000;
        imposed = { scope: "account_address", failures: byPair.failures, retryAfterSeconds: seconds };
      }
      remember(this.pairs, `${account}\n${address}`, byPair);
    }
    // Reaching the address's ceiling outweighs a pair's delay: it stops every account tried from there.
    if (byAddress.failures === this.rules.addressFailures) {
      imposed = {
        scope: "address",
        failures: byAddress.failures,
        retryAfterSeconds: Math.ceil((byAddress.windowStart + this.rules.addressWindowSeconds * 1000 - now) / 1000),
      };
    }
    return { imposed };
  }

  /** A successful sign-in clears its own pair only: failures from other addresses keep their delays. */
  recordSuccess(account: string, address: string): void {
    this.pairs.delete(`${account}\n${address}`);
  }
}
