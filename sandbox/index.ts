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
import {
  createAuthenticator,
  OAuthServer,
  type OAuthStats,
  oauthHandlers,
  type ServiceAppOptions,
  type WebAppOptions,
} from './oauth/index.ts';
import { type RateLimitSettings, RateLimits } from './rate-limits.ts';
import { seedOrg } from './seed.ts';
import { createFront, createStats, type SandboxStats } from './server.ts';
import type { Org } from './state.ts';

export type { Fault, FaultTiming } from './faults.ts';
export type { OAuthStats, ServiceAppOptions, WebAppOptions } from './oauth/index.ts';
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
  /** Keep each request's body in `stats.requestLog` (for tests that check what was sent against Okta's spec). */
  recordBodies?: boolean;
  /** OAuth apps registered from the start; more can be added with `oauth.registerServiceApp` / `registerWebApp`. */
  oauthClients?: { serviceApps?: ServiceAppOptions[]; webApps?: WebAppOptions[] };
  /** Timeout of each event-hook call, verification and delivery (Okta: 3,000 ms). */
  eventHookTimeoutMs?: number;
}

/** The org authorization server (`/oauth2/v1/token`, `/authorize`, `/revoke`) and its OAuth apps. */
export interface SandboxOAuth {
  /** A service app (private_key_jwt; DPoP required unless `dpopRequired: false`). */
  registerServiceApp(options: ServiceAppOptions): { clientId: string };
  /** A web app for the authorization code flow (client secret, PKCE, refresh-token rotation). */
  registerWebApp(options: WebAppOptions): { clientId: string; clientSecret: string };
  /** Every access token issued so far expires now, as if an hour had passed. */
  expireTokens(): void;
  /** A new token-endpoint DPoP nonce; the previous one keeps working. */
  rotateNonce(): void;
  /** Resource requests must carry the current nonce in their DPoP proof (off by default, as at Okta). */
  requireResourceNonce(required: boolean): void;
  stats: OAuthStats;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`: the org's domain. */
  url: string;
  apiToken: string;
  /** A connection that reaches the org: `{ type: 'apiToken', fields: { domain, apiToken } }`. */
  connection: { type: 'apiToken'; fields: { domain: string; apiToken: string } };
  org: Org;
  faults: {
    inject(fault: Fault): void;
    clear(): void;
    /** Faults that hit a request since the sandbox started, by kind and variant (`5xx-after`, `429-concurrency`). */
    readonly injected: Readonly<Record<string, number>>;
  };
  stats: SandboxStats;
  /** Changes the rate limits; every window starts afresh. */
  setRateLimits(settings: Partial<RateLimitSettings>): void;
  oauth: SandboxOAuth;
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
  const stats = createStats({ recordBodies: options.recordBodies ?? false });
  const rateLimits = new RateLimits(options.rateLimits ?? {}, () => org.now());
  const orgId = `00o${randomBytes(8).toString('hex').slice(0, 17)}`;
  const oauth = new OAuthServer(() => org.now());
  for (const app of options.oauthClients?.serviceApps ?? []) oauth.registerServiceApp(app);
  for (const app of options.oauthClients?.webApps ?? []) oauth.registerWebApp(app);

  const app = createFront({
    handlers: [...oauthHandlers(oauth), ...createHandlers(org, orgId)],
    faults,
    rateLimits,
    stats,
    now: () => org.now(),
    latencyMs: options.latencyMs ?? 0,
    // SSWS, Bearer or DPoP, with the scope each endpoint needs (sandbox/oauth/resource-auth.ts).
    authenticate: createAuthenticator({ server: oauth, apiToken }),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  org.eventHooks.delivery.orgUrl = url;
  if (options.eventHookTimeoutMs !== undefined) org.eventHooks.settings.timeoutMs = options.eventHookTimeoutMs;

  return {
    url,
    apiToken,
    connection: { type: 'apiToken', fields: { domain: url, apiToken } },
    org,
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear(), injected: faults.injected },
    stats,
    setRateLimits: (settings) => rateLimits.configure(settings),
    oauth: {
      registerServiceApp: (app) => oauth.registerServiceApp(app),
      registerWebApp: (app) => oauth.registerWebApp(app),
      expireTokens: () => oauth.expireTokens(),
      rotateNonce: () => oauth.rotateNonce(),
      requireResourceNonce: (required) => {
        oauth.resourceNonceRequired = required;
      },
      stats: oauth.stats,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
