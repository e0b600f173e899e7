/**
 * Faults (issue 13): with the sandbox failing a share of requests — 5xx answers, connections reset before or after
 * the org did the work, answers slower than the client's timeout, 429 bursts by time and by concurrency — every
 * idempotent action still succeeds, and a create whose answer was lost is resolved without a duplicate.
 *
 * Seeded (each fault draws from its own PRNG), bounded (a small org, short timeouts and backoffs), loopback only.
 * The faults each test injected are counted from the sandbox and printed at the end.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, manifest, registry } from '../../connector.ts';
import { isConnectorError, isOktaApiError, OktaApiError, TransientError } from '../../lib/errors.ts';
import { RateLimiter } from '../../lib/http/rate-limiter.ts';
import { createOnce, oktaAnswered } from '../../lib/idempotent-create.ts';
import { Faults } from '../../sandbox/faults.ts';
import type { Fault } from '../../sandbox/index.ts';
import { prepareExample } from '../conformance/prepare.ts';
import { suiteSandbox, withSandbox } from '../support/org.ts';

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

const sandbox = suiteSandbox({ users: 40, seed: 13, rateLimits: { enabled: false } });
// Before the sandbox closes: afterAll hooks run in the reverse order of their registration.
afterAll(() => {
  const injected = Object.entries(sandbox.faults.injected).sort(([a], [b]) => a.localeCompare(b));
  const total = injected.reduce((sum, [, n]) => sum + n, 0);
  console.log(`faults injected: ${total} (${injected.map(([label, n]) => `${label} ${n}`).join(', ')})`);
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

/**
 * The creates that look their natural key up before sending again (lib/idempotent-create.ts): a fresh input each
 * time, and how many objects the org then holds under that key.
 */
interface Create {
  key: string;
  path: string | RegExp;
  input(): Record<string, unknown>;
  held(input: Record<string, unknown>): number;
}
const CREATES: Create[] = [
  {
    key: 'createUser',
    path: '/api/v1/users',
    input: () => ({ firstName: 'Lost', lastName: 'Answer', email: newLogin('lost') }),
    held: (input) => sandbox.org.listUsers().filter((u) => u.profile.login === input.email).length,
  },
  {
    key: 'createGroup',
    path: '/api/v1/groups',
    input: () => ({ name: `Lost answer ${++logins}`, description: 'Made once' }),
    held: (input) => sandbox.org.listGroups().filter((g) => g.profile.name === input.name).length,
  },
  {
    key: 'createGroupRule',
    path: '/api/v1/groups/rules',
    input: () => {
      const group = sandbox.org.listGroups().find((g) => g.type === 'OKTA_GROUP');
      if (!group) throw new Error('the sandbox has no OKTA_GROUP');
      return { name: `Lost rule ${++logins}`, expression: 'user.department=="Lost"', groupIds: [group.id] };
    },
    held: (input) => sandbox.org.groupRules.list().filter((r) => r.name === input.name).length,
  },
  {
    key: 'assignUserToApp',
    path: /^\/api\/v1\/apps\/[^/]+\/users$/,
    input: () => {
      const login = newLogin('assigned');
      const user = sandbox.org.users.create(
        { profile: { login, email: login, firstName: 'App', lastName: 'User' } },
        { activate: true },
      );
      const app = sandbox.org.listApps().find((a) => a.status === 'ACTIVE');
      if (!app) throw new Error('the sandbox has no active app');
      return { appId: app.id, userId: user.id, userName: login };
    },
    held: (input) => Number(sandbox.org.apps.isAssigned(String(input.appId), String(input.userId))),
  },
];

const creates = () => sandbox.stats.requestLog.filter((r) => r.method === 'POST');

describe('the sandbox’s faults', () => {
  const hits = (faults: Faults, n: number) =>
    Array.from({ length: n }, () => faults.take('GET', '/api/v1/users').length).join('');

  it('hit a seeded share of requests, the same each run, and count them', () => {
    const [a, b, c] = [new Faults(), new Faults(), new Faults()];
    a.inject({ kind: '5xx', rate: 0.3, seed: 7 });
    b.inject({ kind: '5xx', rate: 0.3, seed: 7 });
    c.inject({ kind: '5xx', rate: 0.3, seed: 8 });
    const [first, second, other] = [hits(a, 200), hits(b, 200), hits(c, 200)];
    expect(first).toBe(second);
    expect(first).not.toBe(other);
    expect(a.injected['5xx-before']).toBeGreaterThan(40);
    expect(a.injected['5xx-before']).toBeLessThan(80);
    expect(() => a.inject({ kind: 'reset', rate: 1.5 })).toThrow(RangeError);
  });

  it('keep to their count, and one failure per request', () => {
    const faults = new Faults();
    faults.inject({ kind: 'reset', when: 'after', count: 2 });
    faults.inject({ kind: '429', concurrency: true, count: 1 });
    expect(hits(faults, 4)).toBe('1110');
    expect(faults.injected).toEqual({ 'reset-after': 2, '429-concurrency': 1 });
  });
});

describe('createOnce', () => {
  /** An org of one key, whose answers the test decides: what `send` and `lookup` see, and what they did. */
  function org(answers: { send: ('ok' | 'lost-before' | 'lost-after')[]; lookup: ('lag' | 'fail' | 'read')[] }) {
    const made: string[] = [];
    const calls: string[] = [];
    const transient = (reached: boolean) =>
      new TransientError('NETWORK_ERROR', 'reset', { details: { mayHaveReachedOkta: reached } });
    const conflict = new OktaApiError({ status: 400, method: 'POST', path: '/x', body: { errorCode: 'E0000001' } });
    return {
      made,
      calls,
      options: {
        what: 'thing',
        send: async () => {
          const answer = answers.send.shift() ?? 'ok';
          calls.push(`send ${answer}`);
          // A connection broken before Okta ran it looks the same to the client as one broken after.
          if (answer === 'lost-before') throw transient(true);
          if (made.length > 0) throw conflict;
          made.push('thing');
          if (answer === 'lost-after') throw transient(true);
          return 'thing';
        },
        lookup: async () => {
          const answer = answers.lookup.shift() ?? 'read';
          calls.push(`lookup ${answer}`);
          if (answer === 'fail') throw transient(false);
          return answer === 'lag' ? undefined : made[0];
        },
        isConflict: (error: unknown) => oktaAnswered(error, 400, 'E0000001'),
      },
    };
  }

  it('a lookup that lags behind the create → the resend is refused for the key, a second lookup finds it', async () => {
    const o = org({ send: ['lost-after'], lookup: ['lag', 'read'] });
    expect(await createOnce(o.options)).toBe('thing');
    expect(o.made).toEqual(['thing']);
    expect(o.calls).toEqual(['send lost-after', 'lookup lag', 'send ok', 'lookup read']);
  });

  it('a lookup that fails → the create’s own error, and nothing sent again', async () => {
    const o = org({ send: ['lost-after'], lookup: ['fail'] });
    const error = await createOnce(o.options).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.details).toMatchObject({ mayHaveReachedOkta: true });
    expect(o.calls).toEqual(['send lost-after', 'lookup fail']);
  });
});

describe('a create whose answer was lost', () => {
  for (const create of CREATES) {
    for (const { name, fault } of LOST) {
      it(`${create.key}: ${name} → made once, and answered`, async () => {
        const input = create.input();
        sandbox.faults.inject({ ...fault, count: 1, match: { method: 'POST', path: create.path } });
        const output = await run(create.key, input);
        expect(output).toMatchObject({ id: expect.any(String) });
        expect(create.held(input)).toBe(1);
        // Found by the lookup: not sent a second time.
        expect(creates()).toHaveLength(1);
      });
    }

    it(`${create.key}: a reset before the org made it → looked up, sent again, made once`, async () => {
      const input = create.input();
      sandbox.faults.inject({ kind: 'reset', count: 1, match: { method: 'POST', path: create.path } });
      await run(create.key, input);
      expect(create.held(input)).toBe(1);
      expect(sandbox.stats.requestLog.filter((r) => r.method === 'POST')).toHaveLength(2);
    });
  }

  it('createUser: another user holding the login is not taken for ours', async () => {
    const login = newLogin('taken');
    sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'Someone', lastName: 'Else' } },
      { activate: true },
    );
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 1, match: { method: 'POST', path: '/api/v1/users' } });
    const error = await run('createUser', { firstName: 'Lost', lastName: 'Answer', email: login }).catch((e) => e);
    expect(isOktaApiError(error, 400) && error.errorCode).toBe('E0000001');
  });
});

/**
 * The idempotent actions: every read, and every write whose requests are all safe to repeat — declarative GETs,
 * PUTs, DELETEs and POSTs marked idempotent (a partial update), and the code actions that read then PUT.
 */
const READ_THEN_PUT = new Set(['updateGroupRule', 'updateEventHook']);
const IDEMPOTENT = registry.actions.filter((action) => {
  const request = action.request;
  if (action.hints.readOnly) return true;
  if (!request) return READ_THEN_PUT.has(action.key);
  return request.method !== 'POST' && request.method !== 'PATCH' ? true : request.idempotent === true;
});

/**
 * What goes wrong while one action runs, each fault from its own seeded PRNG: 10 % of requests answered 5xx, 10 %
 * reset before the org sees them, reads whose answer is lost after the org answered them (reset or 5xx), a
 * concurrency 429 now and then; and for a share of the actions one answer slower than the timeout and one 429 of a
 * spent bucket (each costs up to a second of waiting, so they are kept few).
 */
function faultsFor(index: number, example: number): Fault[] {
  const seed = 1_000 + index * 7;
  const faults: Fault[] = [
    { kind: '5xx', status: ([500, 502, 503, 504] as const)[index % 4], rate: 0.1, seed },
    { kind: 'reset', rate: 0.1, seed: seed + 1 },
    { kind: 'reset', when: 'after', rate: 0.05, seed: seed + 2, match: { method: 'GET' } },
    { kind: '5xx', when: 'after', rate: 0.05, seed: seed + 3, match: { method: 'GET' } },
    { kind: '429', concurrency: true, rate: 0.1, seed: seed + 4 },
  ];
  if (example > 0) return faults;
  if (index % 8 === 0) faults.push({ kind: 'latency', ms: SLOW_MS, count: 1, rate: 0.3, seed: seed + 5 });
  if (index % 8 === 1) faults.push({ kind: '429', resetInSeconds: 0, count: 1, rate: 0.3, seed: seed + 6 });
  return faults;
}

describe('429 by concurrency on the first request of a new window', () => {
  // After a window rolls over, the budget knows no reset until a response reports one; a concurrency 429 (Limit 0,
  // ignored by `update`) once `block`ed the bucket with remaining 0 and no reset, and nothing admitted a request again.
  it('does not stall the bucket for good', async () => {
    const limiter = new RateLimiter({ resetMarginMs: 0 });
    const now = Date.now();
    const spent = { limit: '50', remaining: '0', reset: String(Math.floor(now / 1000) - 1) };
    limiter.update('logs', { ...spent, date: new Date(now).toUTCString() }, now);
    (await limiter.acquire('logs'))();
    limiter.block('logs', 20);
    const outcome = await Promise.race([
      limiter.acquire('logs').then(() => 'admitted'),
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 2_000)),
    ]);
    expect(outcome).toBe('admitted');
  });
});

describe('the rule after a lost answer', () => {
  it('is in the description of every action not safe to repeat', () => {
    const unsafe = registry.actions.filter((a) => !IDEMPOTENT.includes(a) || !a.hints.idempotent);
    const silent = unsafe.filter((a) => !/after a lost answer/i.test(a.description)).map((a) => a.key);
    expect(unsafe.length).toBeGreaterThan(20);
    expect(silent, 'say what happens "after a lost answer": not resent, looked up, or retried').toEqual([]);
  });
});

/** Faults injected across the idempotent actions' orgs, by kind. */
const sweep: Record<string, number> = {};

describe('every idempotent action under faults', () => {
  const built = manifest();
  afterAll(() => {
    const total = Object.values(sweep).reduce((sum, n) => sum + n, 0);
    const shown = Object.entries(sweep).sort(([a], [b]) => a.localeCompare(b));
    console.log(
      `faults injected across ${IDEMPOTENT.length} idempotent actions: ${total} (${shown.map(([k, n]) => `${k} ${n}`).join(', ')})`,
    );
  });

  IDEMPOTENT.forEach((action, index) => {
    it(`${action.key}: each example succeeds`, async () => {
      const described = built.actions.find((a) => a.key === action.key);
      if (!described) throw new Error(`${action.key} is not in the manifest`);
      // A fresh org per action, as the conformance suite has: an example may need the org as seeded.
      await withSandbox({ users: 40, seed: 3, rateLimits: { enabled: false } }, async (org) => {
        try {
          for (const [number, example] of (action.examples ?? []).entries()) {
            const { input } = await prepareExample(connector, org, described, example.input as Record<string, unknown>);
            for (const fault of faultsFor(index, number)) org.faults.inject(fault);
            await connector.runAction(action.key, { connection: org.connection, input });
            org.faults.clear();
          }
        } finally {
          for (const [label, n] of Object.entries(org.faults.injected)) sweep[label] = (sweep[label] ?? 0) + n;
        }
      });
    });
  });
});
