/**
 * The System Log cursor of `newSystemLogs` (lib/triggers/polling.ts), as a host polls: the state through JSON between polls.
 * What it catches: a poll that never advances its `next` link, either in the state it returns (the next poll reads the
 * same events again; in a small test the 200 uuids remembered in `seen` hide that, so these tests make more than 200
 * events) or while it reads (it reads the same page without end). Both are told by what the poll emits, where its
 * cursor stands and how many requests it made, never by how long it took; the cursor's format is not looked at.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import type { Logger } from '../../lib/define.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 29 });
beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
});
beforeEach(() => sandbox.stats.reset());

/** Requests the org received for the System Log. */
const logRequests = () => sandbox.stats.requestLog.filter((request) => request.path === '/api/v1/logs').length;

/** More than any poll below needs: a poll past it is aborted (a cursor that does not move reads on without end). */
const MAX_REQUESTS = 10;

interface Polled {
  records: { id: string }[];
  state: { next: string; seen: string[] };
  /** Requests this poll made to the System Log. */
  requests: number;
}

/** One poll by a fresh host, its state read back from JSON; aborted once it has made MAX_REQUESTS requests. */
async function poll(state: Polled['state'] | undefined, input: Record<string, unknown> = {}): Promise<Polled> {
  const controller = new AbortController();
  const before = logRequests();
  // The client logs each response: the moment to count the requests so far.
  const check = () => {
    if (logRequests() - before > MAX_REQUESTS) controller.abort();
  };
  const log: Logger = { debug: check, info: check, warn: check };
  const result = (await createConnector({ log, outputCheck: 'throw' }).poll('newSystemLogs', {
    connection: sandbox.connection,
    input,
    ...(state ? { state: JSON.parse(JSON.stringify(state)) } : {}),
    signal: controller.signal,
  })) as Omit<Polled, 'requests'>;
  return { ...result, requests: logRequests() - before };
}

/** Makes `count` System Log events (users created) and returns their uuids, in the order the org stored them. */
function makeEvents(count: number): string[] {
  const before = sandbox.org.systemLog.list().length;
  while (sandbox.org.systemLog.list().length - before < count) {
    const login = `cursor.${sandbox.org.ids.next('c')}@example.com`;
    sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'Cur', lastName: 'Sor' } },
      { activate: false },
    );
  }
  return sandbox.org.systemLog
    .list()
    .slice(before)
    .map((stored) => stored.event.uuid);
}

describe('the System Log cursor', () => {
  it('moves when a poll emitted events (catches a poll that never advances `next`)', async () => {
    const baseline = await poll(undefined);
    const made = makeEvents(3);
    const first = await poll(baseline.state);
    expect(first.records.map((r) => r.id)).toEqual(made);
    expect(first.state.next).not.toBe(baseline.state.next);
    // Caught up: nothing new, and the cursor does not go back.
    const second = await poll(first.state);
    expect(second.records).toEqual([]);
    expect(second.requests).toBe(1);
  });

  it('emits more than 200 events since the last poll exactly once, in a bounded number of requests', async () => {
    let state = (await poll(undefined)).state;
    for (const count of [450, 250]) {
      const made = makeEvents(count);
      const first = await poll(state);
      expect(first.records.map((r) => r.id)).toEqual(made);
      // One page holds up to 1000 events (Okta's most): that page, then the empty one that says it is caught up.
      expect(first.requests).toBeLessThanOrEqual(2);
      // The next poll starts after them: beyond the 200 uuids it remembers, a cursor left behind would re-emit them.
      const again = await poll(first.state);
      expect(again.records).toEqual([]);
      expect(again.requests).toBe(1);
      expect(first.state.next).not.toBe(state.next);
      state = again.state;
    }
  });

  // Catches a poll that stops after its first page (Okta's pages hold at most 1000 events).
  it('reads on past a full page in one poll, up to its maxRecords', async () => {
    const baseline = await poll(undefined);
    const made = makeEvents(1500);
    const first = await poll(baseline.state, { maxRecords: 3000 });
    expect(first.records.map((r) => r.id)).toEqual(made);
    expect(first.requests).toBeLessThanOrEqual(3);
    expect((await poll(first.state)).records).toEqual([]);
  });
});
