/**
 * @module Fault injection: a test switches on what goes wrong with the next matching requests — added latency, a
 * 5xx answer, a connection reset, or a 429 — and clears it afterwards.
 */

export interface FaultMatch {
  method?: string;
  /** An exact path, or a pattern tested against the path. */
  path?: string | RegExp;
}

export type Fault =
  | { kind: 'latency'; ms: number; count?: number; match?: FaultMatch }
  | { kind: '5xx'; status?: 500 | 502 | 503 | 504; count?: number; match?: FaultMatch }
  | { kind: 'reset'; count?: number; match?: FaultMatch }
  | {
      kind: '429';
      count?: number;
      match?: FaultMatch;
      /** Seconds until the reset the 429 reports (default 1). */
      resetInSeconds?: number;
      /** Send `X-Rate-Limit-Reset` twice, as some proxies do (OKTA-112507, API-FACTS §1.5). */
      duplicateResetHeader?: boolean;
    };

interface Armed {
  fault: Fault;
  /** Requests still to hit; Infinity when no count was given. */
  remaining: number;
}

export class Faults {
  private armed: Armed[] = [];

  /** Arms a fault for the next `count` matching requests (every matching request when no count is given). */
  inject(fault: Fault): void {
    this.armed.push({ fault, remaining: fault.count ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults that hit this request, latency first; each hit uses up one of its count. */
  take(method: string, path: string): Fault[] {
    const hits: Fault[] = [];
    for (const armed of this.armed) {
      if (armed.remaining <= 0 || !matches(armed.fault.match, method, path)) continue;
      // One failure per request: after a 5xx, reset or 429 has hit, later ones wait for the next request.
      if (armed.fault.kind !== 'latency' && hits.some((f) => f.kind !== 'latency')) continue;
      armed.remaining -= 1;
      hits.push(armed.fault);
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
