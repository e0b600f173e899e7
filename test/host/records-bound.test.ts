/**
 * Issue 20, item 16: what the host keeps of delivered records is bounded by bytes (HOST_MAX_RECORD_BYTES), over all
 * subscriptions, not by a count that 3 KB events turn into hundreds of MiB. Read back over real HTTP.
 */
import { describe, expect, it } from 'vitest';
import { SubscriptionStore } from '../../host/subscriptions.ts';
import { call, suiteHost } from '../support/host.ts';

const BOUND = 256 * 1024;
const MiB = 1024 * 1024;
// Nothing here calls Okta; nothing listens on port 9.
const connection = { type: 'apiToken', fields: { domain: 'http://127.0.0.1:9', apiToken: 'unused-token' } };
const store = new SubscriptionStore(undefined, undefined, BOUND);
for (const id of ['a', 'b']) store.add({ id, trigger: 'eventHook', connection: undefined, subscription: undefined });
const host = suiteHost(() => ({ defaultConnection: connection, store }));

function event(id: string, n: number) {
  return { event: { uuid: `${id}-${n}`, eventType: 'user.session.start', padding: 'x'.repeat(3 * 1024) } };
}

async function records(id: string): Promise<{ text: string; uuids: string[] }> {
  const { text, json } = await call<{ records: { event: { uuid: string } }[] }>(
    host.url,
    'GET',
    `/api/subscriptions/${id}/records`,
  );
  return { text, uuids: json.records.map((record) => record.event.uuid) };
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
