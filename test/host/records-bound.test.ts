/**
 * Issue 20, item 16: what the host keeps of delivered records is bounded by bytes (HOST_MAX_RECORD_BYTES), over all
 * subscriptions, not by a count that 3 KB events turn into hundreds of MiB. Read back over real HTTP.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../host/server.ts';
import { SubscriptionStore } from '../../host/subscriptions.ts';

const BOUND = 256 * 1024;
const MiB = 1024 * 1024;
let host: RunningHost;
let store: SubscriptionStore;
// Nothing here calls Okta; nothing listens on port 9.
const connection = { type: 'apiToken', fields: { domain: 'http://127.0.0.1:9', apiToken: 'unused-token' } };

beforeAll(async () => {
  store = new SubscriptionStore(undefined, undefined, BOUND);
  for (const id of ['a', 'b']) store.add({ id, trigger: 'eventHook', connection: undefined, subscription: undefined });
  host = await startHost({ defaultConnection: connection, store });
});
afterAll(async () => {
  await host?.close();
});

function event(id: string, n: number) {
  return { event: { uuid: `${id}-${n}`, eventType: 'user.session.start', padding: 'x'.repeat(3 * 1024) } };
}

async function records(id: string): Promise<{ text: string; uuids: string[] }> {
  const response = await request(`${host.url}/api/subscriptions/${id}/records`);
  const text = await response.body.text();
  const parsed = JSON.parse(text) as { records: { event: { uuid: string } }[] };
  return { text, uuids: parsed.records.map((record) => record.event.uuid) };
}

describe('delivered records kept', () => {
  it('stay within the byte bound over all subscriptions, newest kept (catches: a count-only bound)', async () => {
    const before = process.memoryUsage();
    for (let n = 0; n < 5_000; n++) {
      store.deliver('a', [event('a', n)]);
      store.deliver('b', [event('b', n)]);
      expect(store.recordBytes()).toBeLessThanOrEqual(BOUND);
    }
    const after = process.memoryUsage();
    console.log(
      `records: 10,000 records of 3 KB into a ${BOUND / 1024} KiB bound: kept ${(store.recordBytes() / 1024).toFixed(0)} KiB; ` +
        `heap ${(before.heapUsed / MiB).toFixed(1)} → ${(after.heapUsed / MiB).toFixed(1)} MiB, ` +
        `RSS ${(before.rss / MiB).toFixed(1)} → ${(after.rss / MiB).toFixed(1)} MiB`,
    );
    const a = await records('a');
    const b = await records('b');
    expect(a.text.length + b.text.length).toBeLessThanOrEqual(BOUND + 64);
    // Both subscriptions keep their newest records, in order, and share the bound about evenly.
    expect(a.uuids.at(-1)).toBe('a-4999');
    expect(b.uuids.at(-1)).toBe('b-4999');
    expect(a.uuids).toEqual(a.uuids.map((_, i) => `a-${5_000 - a.uuids.length + i}`));
    expect(Math.abs(a.uuids.length - b.uuids.length)).toBeLessThanOrEqual(1);
    expect(a.uuids.length).toBeGreaterThan(30);
  });

  it('frees a removed subscription’s share', () => {
    const held = store.recordBytes();
    store.delete('a');
    expect(store.recordBytes()).toBeLessThan(held);
    store.deliver('b', [event('b', 5_000)]);
    expect(store.recordBytes()).toBeLessThanOrEqual(BOUND);
  });
});
