/**
 * @module Okta's rate limits as the sandbox enforces them (docs/okta.md §1): a budget per bucket and window, the
 * `X-Rate-Limit-*` headers on every answer, 429 E0000047 when a bucket is spent, an optional per-token share, and a
 * concurrency limit whose 429 reports Limit = Remaining = 0.
 */

/** Buckets in matching order: exact match first, then the longest prefix (docs/okta.md §1.3, Enterprise column). */
const BUCKETS: { name: string; methods?: string[]; pattern: RegExp; limit: number }[] = [
  { name: 'users', methods: ['GET', 'POST'], pattern: /^\/api\/v1\/users$/, limit: 600 },
  { name: 'users/{id} get', methods: ['GET'], pattern: /^\/api\/v1\/users\/[^/]+$/, limit: 1000 },
  { name: 'users/{id}', pattern: /^\/api\/v1\/users\/[^/]+(\/.*)?$/, limit: 600 },
  { name: 'groups', pattern: /^\/api\/v1\/groups$/, limit: 600 },
  { name: 'groups/{id}', pattern: /^\/api\/v1\/groups\/.+$/, limit: 600 },
  { name: 'apps/{id}', pattern: /^\/api\/v1\/apps\/[^/]+$/, limit: 600 },
  { name: 'apps', pattern: /^\/api\/v1\/apps(\/.*)?$/, limit: 100 },
  { name: 'logs', pattern: /^\/api\/v1\/logs$/, limit: 50 },
  { name: 'devices', pattern: /^\/api\/v1\/devices(\/.*)?$/, limit: 150 },
  { name: 'oauth2/v1/clients', pattern: /^\/oauth2\/v1\/clients(\/.*)?$/, limit: 100 },
  { name: 'api/v1', pattern: /^\/api\/v1(\/.*)?$/, limit: 600 },
];

/** Unmetered endpoints (docs/okta.md §1.3). */
const UNMETERED = /^\/(\.well-known\/|oauth2\/v1\/keys)/;

export interface RateLimitSettings {
  /** Off: no limits and no rate-limit headers. */
  enabled: boolean;
  /** Window length; Okta's is 60 s, tests shorten it. */
  windowMs: number;
  /** Per-bucket limits by bucket name, overriding the defaults. */
  limits: Record<string, number>;
  /** When set, the limit of every bucket not in `limits`. */
  defaultLimit?: number | undefined;
  /** The share of a bucket one token may use (Okta's default cap is 0.5); 1 turns the cap off. */
  perTokenShare: number;
  /** Most requests in flight at once (Okta's default is 75). */
  concurrency: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  windowMs: 60_000,
  limits: {},
  perTokenShare: 1,
  concurrency: 75,
};

interface Window {
  startedAt: number;
  used: number;
}

export interface Admission {
  allowed: boolean;
  bucket: string;
  /** Headers for the answer, empty when limits are off. */
  headers: Record<string, string>;
  /** Call when the answer has been sent. */
  release(): void;
  /** Why it was refused: the bucket's budget or the concurrency limit. */
  reason?: 'rate' | 'concurrency';
}

export function bucketOf(method: string, path: string): string | undefined {
  if (UNMETERED.test(path)) return undefined;
  const bucket = BUCKETS.find((b) => (!b.methods || b.methods.includes(method)) && b.pattern.test(path));
  return bucket?.name;
}

export class RateLimits {
  settings: RateLimitSettings;
  private windows = new Map<string, Window>();
  private inFlight = 0;

  constructor(
    settings: Partial<RateLimitSettings>,
    private readonly now: () => number,
  ) {
    this.settings = { ...DEFAULT_RATE_LIMITS, ...settings };
  }

  /** Changes the settings and starts every window afresh. */
  configure(settings: Partial<RateLimitSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.windows.clear();
  }

  limitOf(bucket: string): number {
    const configured = this.settings.limits[bucket];
    if (configured !== undefined) return configured;
    if (this.settings.defaultLimit !== undefined) return this.settings.defaultLimit;
    return BUCKETS.find((b) => b.name === bucket)?.limit ?? 600;
  }

  /** Counts a request against its bucket (per token when the share is below 1). */
  admit(method: string, path: string, principal: string): Admission {
    const bucket = bucketOf(method, path);
    const none = { allowed: true, bucket: bucket ?? 'unmetered', headers: {}, release() {} };
    if (!this.settings.enabled || !bucket) return none;

    const now = this.now();
    const resetHeader = (w: Window) => String(Math.ceil((w.startedAt + this.settings.windowMs) / 1000));
    if (this.inFlight >= this.settings.concurrency) {
      return {
        allowed: false,
        bucket,
        reason: 'concurrency',
        headers: {
          'x-rate-limit-limit': '0',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil((now + 1000) / 1000)),
        },
        release() {},
      };
    }
    const share = this.settings.perTokenShare;
    const key = share < 1 ? `${bucket}|${principal}` : bucket;
    const limit = share < 1 ? Math.max(1, Math.floor(this.limitOf(bucket) * share)) : this.limitOf(bucket);
    // Rolling windows start with their first request, not on the minute (docs/okta.md §1.1).
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.settings.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    if (window.used >= limit) {
      return {
        allowed: false,
        bucket,
        reason: 'rate',
        headers: {
          'x-rate-limit-limit': String(limit),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': resetHeader(window),
        },
        release() {},
      };
    }
    window.used += 1;
    this.inFlight += 1;
    let released = false;
    return {
      allowed: true,
      bucket,
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(limit - window.used),
        'x-rate-limit-reset': resetHeader(window),
      },
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
      },
    };
  }
}
