/**
 * @module The sandbox: an in-memory Okta org served on loopback, for tests, the host, the CLI and benchmarks.
 *
 * ```ts
 * const sandbox = await startSandbox({ users: 500, seed: 1 });
 * await connector.runAction('listUsers', { connection: sandbox.connection, input: {} });
 * sandbox.faults.inject({ kind: '5xx', status: 503, count: 2, match: { method: 'GET' } });
 * await sandbox.close();
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Fault, Faults } from './faults.ts';
import { createHandlers } from './handlers/index.ts';
import { type RateLimitSettings, RateLimits } from './rate-limits.ts';
import { oktaError } from './responses.ts';
import { seedOrg } from './seed.ts';
import { createFront, createStats, type SandboxStats } from './server.ts';
import type { Org } from './state.ts';

export type { Fault } from './faults.ts';
export type { RateLimitSettings } from './rate-limits.ts';
export type { RequestRecord, SandboxStats } from './server.ts';
export type { Org } from './state.ts';

export interface SandboxOptions {
  /** Seeded users (default 300). */
  users?: number;
  /** Seed of the generated data (default 1). */
  seed?: number;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** The API token the org accepts (default: a random one). */
  apiToken?: string;
  rateLimits?: Partial<RateLimitSettings>;
  /** Added to every answer, in ms. */
  latencyMs?: number;
  /** How far the org's clock runs ahead of this machine's (negative: behind), in ms. */
  clockOffsetMs?: number;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`: the org's domain. */
  url: string;
  apiToken: string;
  /** A connection that reaches the org: `{ type: 'apiToken', fields: { domain, apiToken } }`. */
  connection: { type: 'apiToken'; fields: { domain: string; apiToken: string } };
  org: Org;
  faults: { inject(fault: Fault): void; clear(): void };
  stats: SandboxStats;
  /** Changes the rate limits; every window starts afresh. */
  setRateLimits(settings: Partial<RateLimitSettings>): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const org = seedOrg({
    users: options.users ?? 300,
    seed: options.seed ?? 1,
    ...(options.clockOffsetMs !== undefined ? { clockOffsetMs: options.clockOffsetMs } : {}),
  });
  const apiToken = options.apiToken ?? `00${randomBytes(20).toString('base64url')}`;
  const faults = new Faults();
  const stats = createStats();
  const rateLimits = new RateLimits(options.rateLimits ?? {}, () => org.now());
  const orgId = `00o${randomBytes(8).toString('hex').slice(0, 17)}`;

  const app = createFront({
    handlers: createHandlers(org, orgId),
    faults,
    rateLimits,
    stats,
    now: () => org.now(),
    latencyMs: options.latencyMs ?? 0,
    authenticate(request) {
      const header = request.headers.get('authorization') ?? '';
      if (header === `SSWS ${apiToken}`) return { principal: 'api-token' };
      // A missing or wrong token: 401 E0000011 (API-FACTS §6).
      return oktaError('E0000011');
    },
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiToken,
    connection: { type: 'apiToken', fields: { domain: url, apiToken } },
    org,
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    stats,
    setRateLimits: (settings) => rateLimits.configure(settings),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
