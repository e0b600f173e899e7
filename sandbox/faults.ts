/**
 * @module Fault injection: a test switches on what goes wrong with the next matching requests — added latency, a
 * 5xx answer, a connection reset, or a 429 — and clears it afterwards.
 *
 * A fault hits the next `count` matching requests, or, with a `rate`, each matching request with that probability
 * (drawn from a PRNG seeded by `seed`, so a run is the same every time). `when: 'after'` lets the org do the work
 * first and then loses or delays the answer: the create happened, the client never heard of it.
 */
import { mulberry32 } from './seed.ts';

export interface FaultMatch {
  method?: string;
  /** An exact path, or a pattern tested against the path. */
  path?: string | RegExp;
}

interface Common {
  /** Most requests to hit (default: no limit). */
  count?: number;
  match?: FaultMatch;
  /** The probability, 0 to 1, that a matching request is hit (default 1: every one, up to `count`). */
  rate?: number;
  /** Seed of the PRNG that draws against `rate` (default 1). */
  seed?: number;
}

/** Before the org handles the request (nothing happened), or after (it happened; the answer is delayed or lost). */
export type FaultTiming = 'before' | 'after';

export type Fault = Common &
  (
    | { kind: 'latency'; ms: number; when?: FaultTiming }
    | { kind: '5xx'; status?: 500 | 502 | 503 | 504; when?: FaultTiming }
    | { kind: 'reset'; when?: FaultTiming }
    | {
        kind: '429';
        /** Seconds until the reset the 429 reports (default 1). */
        resetInSeconds?: number;
        /** Send `X-Rate-Limit-Reset` twice, as some proxies do (OKTA-112507, docs/okta.md §1.5). */
        duplicateResetHeader?: boolean;
        /**
         * A concurrency 429: `X-Rate-Limit-Limit` and `-Remaining` are 0 and the reset only an estimate (docs/okta.md
         * §1.1), instead of a spent bucket with its reset time.
         */
        concurrency?: boolean;
      }
  );

interface Armed {
  fault: Fault;
  /** Requests still to hit; Infinity when no count was given. */
  remaining: number;
  random: () => number;
}

/** How a fault is counted: its kind, and its variant (`5xx-after`, `429-concurrency`, `reset-before`). */
export function faultLabel(fault: Fault): string {
  if (fault.kind === '429') return fault.concurrency ? '429-concurrency' : '429-time';
  return `${fault.kind}-${fault.when ?? 'before'}`;
}

export class Faults {
  private armed: Armed[] = [];
  /** Faults that hit a request since the sandbox started, by `faultLabel` (not reset by `clear`). */
  readonly injected: Record<string, number> = {};

  /** Arms a fault for the next `count` matching requests (every matching request when no count is given). */
  inject(fault: Fault): void {
    const rate = fault.rate ?? 1;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`A fault's rate is between 0 and 1, not ${rate}`);
    this.armed.push({
      fault,
      remaining: fault.count ?? Number.POSITIVE_INFINITY,
      random: mulberry32(fault.seed ?? 1),
    });
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults that hit this request, latency first; each hit uses up one of its count. */
  take(method: string, path: string): Fault[] {
    const hits: Fault[] = [];
    for (const armed of this.armed) {
      if (armed.remaining <= 0 || !matches(armed.fault.match, method, path)) continue;
      // Drawn for every matching request, so that one fault's draws do not depend on the others'.
      if (armed.fault.rate !== undefined && armed.random() >= armed.fault.rate) continue;
      // One failure per request: after a 5xx, reset or 429 has hit, later ones wait for the next request.
      if (armed.fault.kind !== 'latency' && hits.some((f) => f.kind !== 'latency')) continue;
      armed.remaining -= 1;
      hits.push(armed.fault);
      const label = faultLabel(armed.fault);
      this.injected[label] = (this.injected[label] ?? 0) + 1;
    }
    this.armed = this.armed.filter((armed) => armed.remaining > 0);
    return hits.sort((a, b) => Number(b.kind === 'latency') - Number(a.kind === 'latency'));
  }
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}
