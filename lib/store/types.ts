/**
 * @module The state store: what several hosts serving one org must share (issue 15), behind one small interface.
 *
 * Two implementations: `MemoryStore` (./memory.ts), the default, for one process; `RedisStore` (./redis.ts), chosen by
 * `REDIS_URL`, for many. What goes in it:
 * - the rate budget per org, credential and bucket (Okta's limits are per org, not per process: docs/okta.md §1.1),
 *   taken and reported atomically by a Lua script so two hosts never spend the same request;
 * - webhook dedupe keys with a TTL (Okta delivers at least once, and a retry may reach another host: §4.2);
 * - subscriptions and their secrets, so any host verifies and handles any delivery;
 * - OAuth tokens (and DPoP keys and nonces) with a lock, so one host asks the token endpoint and the others read.
 *
 * The store holds secrets (hook secrets, access tokens, refresh tokens, DPoP private keys): a Redis behind it must be private to the
 * hosts (a private network or TLS, and a password or ACL), as a database of credentials would be.
 */

/** What the shared budget answers: go (a reservation to report with the response), or wait this long. */
export type BudgetTake = { granted: true; id: string } | { granted: false; waitMs: number };

/** The budget a response reported (`X-Rate-Limit-*`, docs/okta.md §1.1). */
export interface BudgetReport {
  limit: number;
  remaining: number;
  /** Okta's `X-Rate-Limit-Reset`, epoch seconds on Okta's clock: the same for every response of one window. */
  window: number;
  /** How long from now until that reset, measured by the host against the response's `Date` (plus a margin). */
  resetInMs: number;
  /**
   * Only when this response's request opened its window (Remaining = Limit − 1): how long from now until the window
   * ends at the latest and at the earliest, learnt from when that request reached Okta (plus the margin; see
   * lib/http/rate-limiter.ts). The store shares them, so every host opens the next window as soon as it can.
   */
  endsInMs?: number | undefined;
  mayEndInMs?: number | undefined;
}

export interface BudgetTakeOptions {
  /** Fraction (0–1] of the reported budget this connector may use (RateLimitOptions.share). */
  share: number;
  /** A reservation not reported by then (a host that died mid-request) is given back. */
  reservationMs: number;
  /**
   * Whether this request may be the one probe sent at a window's earliest possible end, which Okta may refuse with
   * a 429 (only a caller that waits out a 429 and tries again). Default false.
   */
  mayProbe?: boolean | undefined;
}

export interface StateStore {
  readonly kind: 'memory' | 'redis';
  /** True when several processes see the same state; the runtime adds the shared rate budget only then. */
  readonly shared: boolean;
  /** False while the store cannot be reached (Redis down): callers fall back to local, conservative behaviour. */
  connected(): boolean;

  /** Reserves one request of the budget at `key`, or says how long to wait. Rejects when the store is unreachable. */
  takeBudget(key: string, id: string, options: BudgetTakeOptions): Promise<BudgetTake>;
  /** Gives back the reservation `id` and records what the response reported (nothing when it had no headers). */
  reportBudget(key: string, id: string, report: BudgetReport | undefined): Promise<void>;

  /**
   * Sets `key` to `value` only if absent (`SET NX PX`): true when this call set it. Dedupe keys and locks. A
   * `ttlMs` of 0 keeps it until deleted.
   */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** `claim` for several keys at once, in one round trip. */
  claimAll(keys: string[], ttlMs: number): Promise<boolean[]>;
  get(key: string): Promise<string | undefined>;
  /** Without `ttlMs` the value is kept until deleted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Deletes `key`; with `ifValue`, only while it still holds that value (a lock released by its owner only). */
  delete(key: string, ifValue?: string): Promise<void>;

  /** A map of named entries (subscriptions): one key, many fields. */
  mapSet(map: string, field: string, value: string): Promise<void>;
  mapGet(map: string, field: string): Promise<string | undefined>;
  mapDelete(map: string, field: string): Promise<void>;
  mapAll(map: string): Promise<Record<string, string>>;

  close(): Promise<void>;
}

/** Key prefix, so the connector's keys are told apart in a Redis shared with other applications (BullMQ's). */
export const KEY_PREFIX = 'okc:';
