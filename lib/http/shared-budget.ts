/**
 * @module The rate budget shared by every host on one org (issue 15), consulted by the client beside its own
 * RateLimiter (./rate-limiter.ts): the limiter keeps this process's concurrency, its 429 holds and the clock offset;
 * this layer meters the budget, so that two hosts never spend the same request and every host opens the next window
 * when the first does, through the state store's atomic take and report (lib/store/redis.ts): the host whose request
 * opened a window reports the window's phase it learnt (RateLimiter.openedWindowEnds, issue 27).
 *
 * When the store cannot be reached, the host goes on alone on a conservative local budget: `fallbackShare` of each
 * window the org reported (25 % by default, or 1/N for N hosts), counted here. Nothing needs restoring when the store
 * returns: the shared budget is learnt again from the next responses' headers.
 */
import { randomUUID } from 'node:crypto';
import type { BudgetReport, StateStore } from '../store/types.ts';
import { sleep } from './retry.ts';

export interface SharedBudgetOptions {
  /** Fraction (0–1] of each bucket this connector may use (RateLimitOptions.share). */
  share: number;
  /** Fraction of each window one host uses while the store is unreachable: 0.25 by default. */
  fallbackShare: number;
  /** A reservation not reported by then is given back (a host that died mid-request): 60 s by default. */
  reservationMs: number;
}

export const DEFAULT_FALLBACK_SHARE = 0.25;

/** What a granted request carries until its response is reported. */
export interface BudgetTicket {
  bucket: string;
  id: string;
  /** Taken from the local fallback budget rather than the shared one. */
  local: boolean;
}

interface LocalWindow {
  limit: number;
  window: number;
  /** Local clock. */
  resetAt: number;
  /** Requests sent by this host since the window began. */
  used: number;
}

export class SharedBudget {
  readonly options: SharedBudgetOptions;
  private readonly local = new Map<string, LocalWindow>();
  /** Requests sent on the local fallback budget, for diagnostics. */
  fallbackTakes = 0;

  /** `scope` identifies the org and credential (a fingerprint, never the credential itself). */
  constructor(
    private readonly store: StateStore,
    private readonly scope: string,
    options: Partial<SharedBudgetOptions> = {},
  ) {
    this.options = { share: 1, fallbackShare: DEFAULT_FALLBACK_SHARE, reservationMs: 60_000, ...options };
  }

  /**
   * Waits until the org's budget has a request for `bucket`, and reserves it. `mayProbe`: whether this request may
   * be the window's one probe at its earliest possible end (RateLimiter.acquire's).
   */
  async take(bucket: string, signal?: AbortSignal, mayProbe = false): Promise<BudgetTicket> {
    const id = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      let waitMs: number;
      if (this.store.connected()) {
        try {
          const taken = await this.store.takeBudget(`${this.scope}|${bucket}`, id, { ...this.options, mayProbe });
          if (taken.granted) return { bucket, id, local: false };
          waitMs = taken.waitMs;
        } catch {
          waitMs = this.takeLocal(bucket);
          if (waitMs === 0) return { bucket, id, local: true };
        }
      } else {
        waitMs = this.takeLocal(bucket);
        if (waitMs === 0) return { bucket, id, local: true };
      }
      // Capped, so a host notices soon when the store comes back or goes away.
      await sleep(Math.min(waitMs, 1_000), signal);
    }
  }

  /** Gives the reservation back and shares what the response reported (`undefined`: no rate-limit headers). */
  async report(ticket: BudgetTicket, report: BudgetReport | undefined): Promise<void> {
    if (report) this.learnLocal(ticket.bucket, report);
    if (ticket.local) return;
    try {
      await this.store.reportBudget(`${this.scope}|${ticket.bucket}`, ticket.id, report);
    } catch {
      // The store went away: the reservation expires by itself, and the next responses tell the budget again.
    }
  }

  /** 0 when the local fallback budget grants a request now, else how long to wait. */
  private takeLocal(bucket: string): number {
    const now = Date.now();
    const window = this.local.get(bucket);
    // No budget known yet: the RateLimiter sends one request at a time until one is.
    if (!window) return this.grantLocal();
    if (now >= window.resetAt) {
      // A new window begins with this request; its reset comes with the response.
      window.used = 0;
      window.resetAt = Number.POSITIVE_INFINITY;
    }
    if (window.used < Math.max(1, Math.floor(window.limit * this.options.fallbackShare))) {
      window.used += 1;
      return this.grantLocal();
    }
    return Number.isFinite(window.resetAt) ? Math.max(1, window.resetAt - now) : 50;
  }

  private grantLocal(): number {
    this.fallbackTakes += 1;
    return 0;
  }

  private learnLocal(bucket: string, report: BudgetReport): void {
    const current = this.local.get(bucket);
    if (current && report.window <= current.window) {
      if (!Number.isFinite(current.resetAt) && report.window === current.window) return;
      current.limit = report.limit;
      return;
    }
    this.local.set(bucket, {
      limit: report.limit,
      window: report.window,
      resetAt: Date.now() + report.resetInMs,
      used: current?.used ?? 0,
    });
  }
}
