/**
 * Issue 10's big-org proof for users: on a sandbox of 100,000 users, `selectUser` sends the search to Okta and
 * answers in ONE request, and a search string full of quotes, backslashes and operators is matched literally.
 * Seeding 100,000 users takes about 2 s of CPU (sandbox/seed.ts); the figure is logged, never asserted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { suiteSandbox } from '../support/org.ts';

const USERS = 100_000;
const connector = createConnector();

/** Names a search must find literally: each would change an unescaped SCIM expression. */
const TRICKY = ['Zed" or status eq "ACTIVE', 'Back\\slash\\" pr', 'Paren (x) and sw "" or'];

const sandbox = suiteSandbox(
  { users: USERS, seed: 10, rateLimits: { enabled: false } },
  {
    timeoutMs: 120_000,
    prepare: (started, startedInMs) => {
      console.info(`100,000-user sandbox seeded and started in ${startedInMs} ms`);
      for (const [i, lastName] of TRICKY.entries()) {
        started.org.users.create(
          {
            profile: {
              login: `tricky${i}@example.com`,
              email: `tricky${i}@example.com`,
              firstName: 'Tricky',
              lastName,
            },
          },
          { activate: true },
        );
      }
    },
  },
);
beforeEach(() => sandbox.stats.reset());

function pick(search?: string, cursor?: string) {
  return connector.listOptions('selectUser', {
    connection: sandbox.connection,
    ...(search !== undefined ? { search } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  });
}

describe('selectUser on 100,000 users', () => {
  it('answers a search with matching options in one request, and pages with the cursor', async () => {
    expect(sandbox.org.listUsers().length).toBeGreaterThanOrEqual(USERS);
    const first = await pick('grace');
    expect(sandbox.stats.requests).toBe(1);
    expect(sandbox.stats.requestLog[0]?.query).toMatch(/search=/);
    expect(first.options).toHaveLength(50);
    for (const option of first.options) expect(option.label.toLowerCase()).toContain('grace');
    expect(first.nextCursor).toBeDefined();

    const second = await pick('grace', first.nextCursor);
    expect(sandbox.stats.requests).toBe(2);
    const seen = new Set(first.options.map((o) => o.value));
    expect(second.options.length).toBeGreaterThan(0);
    expect(second.options.some((o) => seen.has(o.value))).toBe(false);
  });

  it('finds a user by the start of a login deep in the directory, in one request', async () => {
    const last = sandbox.org.listUsers()[USERS - 7] as { id: string; profile: { login: string } };
    const result = await pick(last.profile.login);
    expect(result.options.map((o) => o.value)).toEqual([last.id]);
    expect(sandbox.stats.requests).toBe(1);
  });

  it('matches quotes, backslashes and operators literally', async () => {
    for (const [i, lastName] of TRICKY.entries()) {
      const result = await pick(lastName);
      expect(result.options.map((o) => o.label)).toEqual([`Tricky ${lastName} (tricky${i}@example.com)`]);
    }
    // An injected `or` would match every active user; taken literally it matches nobody.
    const injected = await pick('nobody" or status eq "ACTIVE');
    expect(injected.options).toEqual([]);
    expect(sandbox.stats.requests).toBe(TRICKY.length + 1);
  });
});
