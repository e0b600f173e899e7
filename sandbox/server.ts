/**
 * @module The sandbox's HTTP front: a hono app on loopback that does what Okta's edge does before a handler runs —
 * request id and `Date` headers, authentication, 411 on a bodiless POST or PUT without `Content-Length`, rate limits,
 * injected faults — then hands the request to the msw handlers.
 */
import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { getResponse, type RequestHandler } from 'msw';
import { exampleResponse } from './examples.ts';
import type { Faults } from './faults.ts';
import type { RateLimits } from './rate-limits.ts';
import { oktaError, oktaErrorBody } from './responses.ts';

export interface RequestRecord {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** With `recordBodies` (tests that check what was sent): the Content-Type and the body as received. */
  contentType?: string;
  body?: string;
  /** The status answered, once answered. */
  status?: number;
  /** True when no handler models the endpoint and the spec's example answered it (`sandbox/examples.ts`). */
  example?: boolean;
  /** When it arrived, on the org's clock (ms): tests that measure how a rate-limit window was used. */
  at?: number;
}

export interface SandboxStats {
  /** Requests received, whatever their answer. */
  requests: number;
  /** 429 answers sent. */
  rateLimited: number;
  /** Requests per rate-limit bucket. */
  byBucket: Record<string, number>;
  /** The most recent requests (at most 100,000). */
  requestLog: RequestRecord[];
  /** Whether `requestLog` keeps each request's body too (off by default: benchmarks send many). */
  readonly recordBodies: boolean;
  reset(): void;
}

export function createStats(options: { recordBodies?: boolean } = {}): SandboxStats {
  const stats: SandboxStats = {
    recordBodies: options.recordBodies ?? false,
    requests: 0,
    rateLimited: 0,
    byBucket: {},
    requestLog: [],
    reset() {
      stats.requests = 0;
      stats.rateLimited = 0;
      stats.byBucket = {};
      stats.requestLog = [];
    },
  };
  return stats;
}

const LOG_CAP = 100_000;

export interface FrontOptions {
  handlers: RequestHandler[];
  faults: Faults;
  rateLimits: RateLimits;
  stats: SandboxStats;
  /** Who the Authorization header belongs to, or an answer refusing it. */
  authenticate(request: Request): { principal: string } | Response;
  /** The org's clock, for `Date` and reset headers. */
  now(): number;
  /** Added to every answer. */
  latencyMs: number;
}

const PUBLIC = /^\/(\.well-known\/|oauth2\/)/;

const serverError = (status = 500) => Response.json(oktaErrorBody('E0000009'), { status });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFront(options: FrontOptions) {
  const app = new Hono<{ Bindings: HttpBindings }>();
  let requestCounter = 0;

  app.all('*', async (c) => {
    const request = c.req.raw;
    const incoming = c.env.incoming as IncomingMessage;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const { stats, faults, rateLimits } = options;
    stats.requests += 1;
    if (stats.requestLog.length >= LOG_CAP) stats.requestLog.splice(0, LOG_CAP / 10);
    const record: RequestRecord = { method, path: url.pathname, query: url.search.slice(1), at: options.now() };
    stats.requestLog.push(record);
    if (stats.recordBodies && request.body) {
      const contentType = request.headers.get('content-type');
      if (contentType) record.contentType = contentType;
      record.body = await request.clone().text();
    }

    requestCounter += 1;
    const headers = new Headers({
      date: new Date(options.now()).toUTCString(),
      'x-okta-request-id': `sandbox-${Date.now().toString(36)}-${requestCounter}`,
    });
    /** Headers Okta sends more than once; Fetch's Headers would join them into one line. */
    const repeated = new Map<string, string[]>();
    const answer = (response: Response) => {
      record.status = response.status;
      if (response.headers.has('x-sandbox-example')) record.example = true;
      response.headers.forEach((value, name) => {
        // One Link header per relation, as Okta sends them (docs/okta.md §2.1).
        if (name === 'link') repeated.set('link', value.split(/,\s*(?=<)/));
        else headers.append(name, value);
      });
      for (const [name, values] of repeated) {
        headers.delete(name);
        c.env.outgoing.setHeader(name, values);
      }
      return new Response(response.body, { status: response.status, headers });
    };

    // Okta refuses a POST or PUT without a body length (docs/okta.md §6).
    const bodiless =
      incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined;
    if ((method === 'POST' || method === 'PUT') && bodiless) {
      return answer(new Response('Length Required', { status: 411, headers: { 'content-type': 'text/plain' } }));
    }

    let principal = 'anonymous';
    if (!PUBLIC.test(url.pathname)) {
      const auth = options.authenticate(request);
      if (auth instanceof Response) return answer(auth);
      principal = auth.principal;
    }

    const admission = rateLimits.admit(method, url.pathname, principal);
    stats.byBucket[admission.bucket] = (stats.byBucket[admission.bucket] ?? 0) + 1;
    for (const [name, value] of Object.entries(admission.headers)) headers.set(name, value);
    if (!admission.allowed) {
      stats.rateLimited += 1;
      return answer(oktaError('E0000047'));
    }
    try {
      const hits = faults.take(method, url.pathname);
      const after = hits.filter((fault) => fault.kind !== '429' && fault.when === 'after');
      /** A latency, reset or 5xx fault: waits, or answers in the org's place (a reset answers nothing at all). */
      const disrupt = async (fault: (typeof hits)[number]): Promise<Response | undefined> => {
        if (fault.kind === 'latency') {
          await sleep(fault.ms);
        } else if (fault.kind === 'reset') {
          incoming.socket.destroy();
          return new Response(null, { status: 500 });
        } else if (fault.kind === '5xx') {
          return answer(serverError(fault.status));
        }
        return undefined;
      };
      for (const fault of hits.filter((f) => !after.includes(f))) {
        if (fault.kind !== '429') {
          const disrupted = await disrupt(fault);
          if (disrupted) return disrupted;
        } else {
          stats.rateLimited += 1;
          // A concurrency 429 reports Limit = Remaining = 0 and an estimated reset (docs/okta.md §1.1).
          const reset = String(Math.ceil(options.now() / 1000) + (fault.resetInSeconds ?? 1));
          const limit = fault.concurrency ? '0' : (headers.get('x-rate-limit-limit') ?? '600');
          headers.set('x-rate-limit-limit', limit);
          headers.set('x-rate-limit-remaining', '0');
          headers.set('x-rate-limit-reset', reset);
          if (fault.duplicateResetHeader) repeated.set('x-rate-limit-reset', [reset, reset]);
          return answer(oktaError('E0000047'));
        }
      }
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      const response = (await getResponse(options.handlers, request)) ?? exampleResponse(method, url.pathname);
      // The org did the work; what reaches the client is late, an error, or nothing at all.
      for (const fault of after) {
        const disrupted = await disrupt(fault);
        if (disrupted) return disrupted;
      }
      return answer(response);
    } finally {
      admission.release();
    }
  });

  return app;
}
