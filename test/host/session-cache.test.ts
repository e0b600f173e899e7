/**
 * The runtime keeps a session (Auth, client, rate limiter) per connection. A host that receives a new token on
 * every call, by mistake or by design, must not grow that cache, or the rate-limiter registry, without end.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const MAX_SESSIONS = 8;
const sandbox = suiteSandbox({ users: 5, seed: 1 });
const connector = createConnector({ sessions: { max: MAX_SESSIONS } });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection, connector }));

async function listUsers(apiToken: string): Promise<number> {
  const connection = { type: 'apiToken', fields: { domain: sandbox.connection.fields.domain, apiToken } };
  return (await call(host.url, 'POST', '/api/actions/listUsers', { connection, input: { limit: 1 } })).status;
}

describe('the session cache', () => {
  it('stays within its bound however many distinct tokens come through the host', async () => {
    const tokens = 60;
    // The limiter registry is the process's: count only what this suite adds (a worker may have run other suites).
    const limitersBefore = connector.cacheStats().rateLimiters;
    for (let batch = 0; batch < tokens; batch += 10) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => listUsers(`distinct-token-${batch + i}-0000000000000000000`)),
      );
      // Each is a session of its own: authorised, then refused by the org.
      expect(statuses.every((status) => status === 401)).toBe(true);
      const stats = connector.cacheStats();
      expect(stats.sessions).toBeLessThanOrEqual(MAX_SESSIONS);
      // Each token is its own principal, hence its own rate limiter; dropped with its last session.
      expect(stats.rateLimiters - limitersBefore).toBeLessThanOrEqual(MAX_SESSIONS);
    }
    expect(connector.cacheStats().sessions).toBe(MAX_SESSIONS);
  });

  it('still serves and reuses the connections in use', async () => {
    expect(await listUsers(sandbox.apiToken)).toBe(200);
    const after = connector.cacheStats();
    expect(await listUsers(sandbox.apiToken)).toBe(200);
    expect(connector.cacheStats()).toEqual(after);
    expect(after.sessions).toBeLessThanOrEqual(MAX_SESSIONS);
  });
});
