/**
 * @module Proactive rate limiting, shared by every call on the same org and credential.
 *
 * Okta's limits are org-wide per bucket, so a connector that only reacts to 429 starves the customer's other apps
 * (docs/peers.md §6). Each bucket keeps the budget Okta last reported (`X-Rate-Limit-Limit`, `-Remaining`,
 * `-Reset`, docs/okta.md §1.1) and a request waits *before* it is sent when the budget, less the requests already in
 * flight, is spent. Reset times are epoch seconds on Okta's clock; they are converted to this machine's clock with
 * the offset measured from each response's `Date` header, as Okta's SDK does (docs/okta.md §1.5).
 *
 * The next window's calls go out the moment it opens, not a second or more later: `X-Rate-Limit-Reset` and `Date`
 * have one-second resolution, so each is bounded rather than read. The clock offset is the largest `Date` − arrival
 * seen (a lower bound that tightens with every response whose `Date` has just ticked over). A window starts with
 * its first request and lasts whole seconds (a minute at Okta, docs/okta.md §1.1), so when that first request was ours
 * (it reports Remaining = Limit − 1) the window ends a whole number of seconds after it reached Okta: at most when
 * its answer arrived plus the largest whole number of seconds the reset allows. Should a request sent after that
 * moment still be counted in the old window, the bucket falls back to the reset header's bound for good. Until a
 * `Date` has ticked over, that bound can be a second late; then one probe request tests the earliest possible end
 * (see `earliestWindowEnd`): at most one 429 a window, and only when a second began while the opener was in flight.
 */

export interface RateLimitOptions {
  /** Most requests in flight at once per org (Okta's org-wide concurrency limit is 75, shared with other apps). */
  maxConcurrency: number;
  /** Fraction (0–1] of each bucket's reported budget this connector may use, leaving the rest to other apps. */
  share: number;
  /** Added to every computed reset: the server's own timing (a request admitted a little after it arrived). */
  resetMarginMs: number;
  /**
   * Release a window's calls at the end learnt from the sub-second moment the window's first request reached Okta,
   * rather than at the reset header's whole second (see above). Off: the header's bound only.
   */
  learnWindowPhase: boolean;
}

export const DEFAULT_RATE_LIMIT_OPTIONS: RateLimitOptions = {
  maxConcurrency: 20,
  share: 1,
  resetMarginMs: 100,
  learnWindowPhase: true,
};

interface Budget {
  limit: number;
  remaining: number;
  /** Reset, epoch ms on Okta's clock; undefined from a window's start until a response in it reports one. */
  resetAt: number | undefined;
  /**
   * When the request that opened this window (ours, Remaining = Limit − 1) was sent and answered (local ms), and
   * the `Date` its answer carried (Okta's clock, ms, whole seconds).
   */
  opened?: { sentAt: number; receivedAt: number; date: number } | undefined;
}

interface Bucket {
  budget: Budget | undefined;
  inFlight: number;
  /** Set by a 429: nothing is sent on this bucket before this local time. */
  blockedUntil: number;
  /** A response came without rate-limit headers (a proxy stripped them): no budget to learn, so none to wait for. */
  unmetered: boolean;
  /** The window last taken for over (its reset, Okta's clock) and when (local): later answers from it are stale. */
  expired: { resetAt: number; at: number } | undefined;
  /** A request sent after the learnt end was still counted in the old window: use the reset header's bound only. */
  phaseUnreliable: boolean;
  /** The window (its reset, Okta's clock) whose possible end one probe request has already been sent to test. */
  probed: number | undefined;
}

export interface RateLimitHeaders {
  limit?: string | string[] | undefined;
  remaining?: string | string[] | undefined;
  reset?: string | string[] | undefined;
  date?: string | string[] | undefined;
}

type Waiter = () => void;

/** Parses a header that a proxy may have duplicated (`1609459200, 1609459200`, OKTA-112507): the largest value. */
export function parseNumericHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && !value.includes(',')) {
    // The usual case, one value: no lists to build on every response.
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
  const numbers = parts
    .filter((p) => p.trim() !== '')
    .map(Number)
    .filter(Number.isFinite);
  return numbers.length ? Math.max(...numbers) : undefined;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class RateLimiter {
  readonly options: RateLimitOptions;
  private readonly buckets = new Map<string, Bucket>();
  private readonly waiters = new Set<Waiter>();
  private inFlight = 0;
  /** Okta's clock minus ours, in ms; the largest seen, since latency only ever makes the estimate smaller. */
  private clockOffset: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = 0;
  private lastDate: string | undefined;
  private lastDateValue = Number.NaN;

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { ...DEFAULT_RATE_LIMIT_OPTIONS, ...options };
  }

  /**
   * Waits until a request on `bucket` may be sent; call the returned function when its response has arrived.
   * `mayProbe`: whether this request may be the one sent at a window's earliest possible end, which Okta may refuse
   * with a 429 (only a caller that waits out a 429 and tries again should let it).
   */
  async acquire(bucketName: string, signal?: AbortSignal, mayProbe = true): Promise<() => void> {
    const bucket = this.bucket(bucketName);
    while (!this.admits(bucket, mayProbe)) {
      signal?.throwIfAborted();
      await this.waitForChange(signal);
    }
    return this.take(bucket);
  }

  /**
   * `acquire` without waiting: the release function when a request on `bucket` may be sent now, else undefined (then
   * `acquire` waits for its turn). A free slot then costs no promise, the usual case on the hot path (issue 27).
   */
  tryAcquire(bucketName: string, mayProbe = true): (() => void) | undefined {
    const bucket = this.bucket(bucketName);
    return this.admits(bucket, mayProbe) ? this.take(bucket) : undefined;
  }

  private take(bucket: Bucket): () => void {
    bucket.inFlight += 1;
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bucket.inFlight -= 1;
      this.inFlight -= 1;
      this.wake();
    };
  }

  /**
   * Records the budget a response reported. Concurrency 429s report Limit = Remaining = 0 and are ignored here.
   * `sentAt` (local ms, when the request left) lets the limiter learn when the window opened.
   */
  update(bucketName: string, headers: RateLimitHeaders, receivedAt = Date.now(), sentAt?: number): void {
    const serverNow = this.parseDate(firstHeader(headers.date));
    if (Number.isFinite(serverNow)) {
      const offset = serverNow - receivedAt;
      this.clockOffset = this.clockOffset === undefined ? offset : Math.max(this.clockOffset, offset);
    }
    const limit = parseNumericHeader(headers.limit);
    const remaining = parseNumericHeader(headers.remaining);
    const reset = parseNumericHeader(headers.reset);
    const bucket = this.bucket(bucketName);
    if (limit === undefined || remaining === undefined || reset === undefined) {
      bucket.unmetered = !bucket.budget;
      this.wake();
      return;
    }
    if (limit === 0) return;
    const resetAt = reset * 1000;
    const current = bucket.budget;
    const expired = bucket.expired;
    if (expired && resetAt <= expired.resetAt) {
      // An answer from the window taken for over. Sent before then, it is a straggler and says nothing new; sent
      // after, the window was not over: the learnt end was early, so wait for the header's bound from now on.
      if (sentAt !== undefined && sentAt >= expired.at) {
        bucket.phaseUnreliable = true;
        if (!current || current.resetAt === undefined) bucket.budget = { limit, remaining, resetAt };
        bucket.expired = undefined;
      }
      this.wake();
      return;
    }
    if (current?.resetAt !== undefined && resetAt < current.resetAt) return; // an older window's straggler
    let budget: Budget;
    if (current && current.resetAt === resetAt) {
      // Responses overtake each other: within one window the smallest remaining is the truest.
      current.remaining = Math.min(current.remaining, remaining);
      current.limit = limit;
      budget = current;
    } else {
      budget = { limit, remaining, resetAt };
      bucket.budget = budget;
    }
    if (remaining === limit - 1 && sentAt !== undefined && Number.isFinite(serverNow)) {
      budget.opened = { sentAt, receivedAt, date: serverNow };
    }
    this.wake();
  }

  /** After a 429: holds every request on the bucket until `delayMs` from now. */
  block(bucketName: string, delayMs: number): void {
    const bucket = this.bucket(bucketName);
    const now = Date.now();
    bucket.blockedUntil = Math.max(bucket.blockedUntil, now + delayMs);
    const budget = bucket.budget;
    if (budget) {
      budget.remaining = 0;
      // A window that has just rolled over knows no reset until a response tells it; a 429 that tells none (a
      // concurrency 429 reports Limit 0, ignored by `update`) would leave it spent for good. It ends with the block.
      if (budget.resetAt === undefined) budget.resetAt = now + delayMs + (this.clockOffset ?? 0);
    }
    this.schedule(delayMs);
  }

  /**
   * For the budget shared across hosts (./shared-budget.ts), which learns each window's phase from the host whose
   * request opened it: when this response's request opened its window (Remaining = Limit − 1), the latest and the
   * earliest local times the window can end (`windowEnd`, `earliestWindowEnd`, without the margin); else undefined.
   */
  openedWindowEnds(
    headers: RateLimitHeaders,
    receivedAt: number,
    sentAt: number,
  ): { latest: number; earliest: number } | undefined {
    const limit = parseNumericHeader(headers.limit);
    const reset = parseNumericHeader(headers.reset);
    const date = this.parseDate(firstHeader(headers.date));
    if (limit === undefined || reset === undefined || !Number.isFinite(date)) return undefined;
    if (parseNumericHeader(headers.remaining) !== limit - 1) return undefined;
    const learnt = { limit, remaining: limit - 1, resetAt: reset * 1000, opened: { sentAt, receivedAt, date } };
    // Whether this phase can be trusted is the shared budget's to say (it saw every host's answers).
    const trusted = { phaseUnreliable: false };
    const earliest = this.earliestWindowEnd(trusted, learnt);
    if (!Number.isFinite(earliest)) return undefined;
    return { latest: this.windowEnd(trusted, learnt.resetAt, learnt.opened), earliest };
  }

  /** Milliseconds from now until an epoch-seconds reset on Okta's clock, measured against the response `Date`. */
  delayUntilReset(resetSeconds: number, dateHeader: string | undefined, receivedAt = Date.now()): number {
    const serverNow = Date.parse(dateHeader ?? '');
    const elapsedSinceResponse = Date.now() - receivedAt;
    // This response's Date is rounded down to its second; the offset learnt from many responses may be closer.
    const offset = Number.isFinite(serverNow)
      ? Math.max(serverNow - receivedAt, this.clockOffset ?? Number.NEGATIVE_INFINITY)
      : (this.clockOffset ?? 0);
    const base = resetSeconds * 1000 - (receivedAt + offset);
    return Math.max(0, base - elapsedSinceResponse) + this.options.resetMarginMs;
  }

  /** `Date.parse`, remembering the last header: responses within one second carry the same `Date`. */
  private parseDate(date: string | undefined): number {
    if (date === undefined) return Number.NaN;
    if (date !== this.lastDate) {
      this.lastDate = date;
      this.lastDateValue = Date.parse(date);
    }
    return this.lastDateValue;
  }

  /** A snapshot for diagnostics and tests. */
  snapshot(): Record<string, { limit?: number; remaining?: number; inFlight: number }> {
    const out: Record<string, { limit?: number; remaining?: number; inFlight: number }> = {};
    for (const [name, b] of this.buckets) {
      out[name] = { limit: b.budget?.limit, remaining: b.budget?.remaining, inFlight: b.inFlight };
    }
    return out;
  }

  private bucket(name: string): Bucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = {
        budget: undefined,
        inFlight: 0,
        blockedUntil: 0,
        unmetered: false,
        expired: undefined,
        phaseUnreliable: false,
        probed: undefined,
      };
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  private admits(bucket: Bucket, mayProbe: boolean): boolean {
    const now = Date.now();
    if (this.inFlight >= this.options.maxConcurrency) return false;
    if (bucket.blockedUntil > now) {
      this.schedule(bucket.blockedUntil - now);
      return false;
    }
    const budget = bucket.budget;
    // Before Okta has told us the budget, send one request at a time to learn it.
    if (!budget) return bucket.unmetered || bucket.inFlight === 0;
    if (budget.resetAt !== undefined) {
      const localResetAt = this.windowEnd(bucket, budget.resetAt, budget.opened) + this.options.resetMarginMs;
      const probeAt = this.earliestWindowEnd(bucket, budget) + this.options.resetMarginMs;
      if (now >= localResetAt) {
        // A new window. Okta's windows are rolling and start with their first request (docs/okta.md §1.1), so the
        // next response tells its reset.
        bucket.expired = { resetAt: budget.resetAt, at: now };
        budget.remaining = budget.limit;
        budget.resetAt = undefined;
        budget.opened = undefined;
      } else if (this.available(bucket, budget) <= 0) {
        // Only into a window Okta reports spent: a probe must never take a request of the other apps' share.
        const spent = budget.remaining - bucket.inFlight <= 0;
        if (probeAt < localResetAt && spent && bucket.probed !== budget.resetAt) {
          if (now >= probeAt && mayProbe) {
            // One request at the window's earliest possible end: answered in a new window, it opens that window and
            // releases the rest; answered with a 429, the client waits for the header's reset (one 429 in a window
            // at most). Either way, no other probe in this window.
            bucket.probed = budget.resetAt;
            return true;
          }
          this.schedule(probeAt - now);
        }
        this.schedule(localResetAt - now);
        return false;
      }
    }
    return this.available(bucket, budget) > 0;
  }

  /**
   * The latest local time the window resetting at `resetAt` (Okta's clock, whole seconds) can end. The header
   * rounds the end up to its second, and the offset is a lower bound of Okta's clock minus ours, so `resetAt −
   * offset` is never early. Better, when the window's first request was ours: it reached Okta at local time
   * `a` ≤ `receivedAt`, and the window lasts L whole seconds, L ≤ resetAt − sentAt − offset; so it ends at `a + L`,
   * no later than `receivedAt` plus the largest whole number of seconds below that bound.
   */
  private windowEnd(bucket: Pick<Bucket, 'phaseUnreliable'>, resetAt: number, opened: Budget['opened']): number {
    const offset = this.clockOffset ?? 0;
    const headerBound = resetAt - offset;
    if (!opened || !this.options.learnWindowPhase || bucket.phaseUnreliable || this.clockOffset === undefined) {
      return headerBound;
    }
    const wholeSeconds = Math.floor((resetAt - offset - opened.sentAt) / 1000) * 1000;
    return Math.min(headerBound, opened.receivedAt + wholeSeconds);
  }

  /**
   * The earliest local time the window can end, worth one probe when earlier than `windowEnd`'s bound. The window's
   * first request reached Okta in the second its answer's `Date` names, unless that second began while the request
   * was in flight (a chance of latency in a second). Then the window lasts `resetAt − Date − 1 s` and ends by
   * `receivedAt` plus that. Only a lower bound of the clock offset can rule the exception out (an upper one cannot:
   * a `Date` is stamped after its request arrived); `windowEnd` waits for one. Infinity when there is no phase.
   */
  private earliestWindowEnd(bucket: Pick<Bucket, 'phaseUnreliable'>, budget: Budget): number {
    const opened = budget.opened;
    if (!opened || budget.resetAt === undefined) return Number.POSITIVE_INFINITY;
    if (!this.options.learnWindowPhase || bucket.phaseUnreliable || this.clockOffset === undefined) {
      return Number.POSITIVE_INFINITY;
    }
    return opened.receivedAt + (budget.resetAt - opened.date - 1000);
  }

  private available(bucket: Bucket, budget: Budget): number {
    const reserved = budget.limit - Math.floor(budget.limit * this.options.share);
    return budget.remaining - reserved - bucket.inFlight;
  }

  private waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = () => {
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        reject(signal?.reason);
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(): void {
    if (this.waiters.size === 0) return; // the usual case: no list to copy on every response
    for (const waiter of [...this.waiters]) waiter();
  }

  /** One timer for the earliest moment a waiting request could be admitted. */
  private schedule(delayMs: number): void {
    const dueAt = Date.now() + Math.max(1, delayMs);
    if (this.timer && this.timerDueAt <= dueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, dueAt - Date.now());
  }
}
