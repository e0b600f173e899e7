/**
 * Issue 20, items 2 and 3: `GET /api/events` holds bounded memory whatever its clients do. A HEAD holds nothing; a
 * reader that never reads is cut off once its stream holds HOST_EVENT_STREAM_BUFFER_BYTES, with a final event
 * saying so; streams past HOST_MAX_EVENT_STREAMS are refused. Over real HTTP on loopback; the assertions are on the
 * bounded structures (listeners, bytes held), the heap (after GC) and RSS are printed for the record.
 */
import { connect, type Socket } from 'node:net';
import { setImmediate as turn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { EventStreams } from '../../host/event-streams.ts';
import { SubscriptionStore } from '../../host/subscriptions.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const BUFFER = 256 * 1024;
const MAX_STREAMS = 6;
const MiB = 1024 * 1024;
const sandbox = suiteSandbox({ users: 2, seed: 3 });
const store = new SubscriptionStore();
store.add({ id: 'sub', trigger: 'eventHook', connection: undefined, subscription: undefined });
const streams = new EventStreams(store, { maxStreams: MAX_STREAMS, maxBufferedBytes: BUFFER });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection, store, eventStreams: streams }));

/** V8's collector, exposed in this worker only (vitest runs it without --expose-gc), so the figures are after GC. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memory(): string {
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return `heap ${(heapUsed / MiB).toFixed(1)} MiB, RSS ${(rss / MiB).toFixed(1)} MiB`;
}

/** A record of about `bytes` bytes of JSON, as a delivery of the eventHook trigger would hold. */
function record(n: number, bytes = 1024) {
  return { event: { uuid: `e-${n}`, eventType: 'user.session.start', padding: 'x'.repeat(bytes) } };
}

/** Waits until `condition` holds, turning the event loop (no clock involved). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A client that asks for the stream and then never reads a byte: the kernel's buffers fill, then the host's. */
function stalledReader(): Promise<Socket> {
  const { port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

describe('HEAD /api/events', () => {
  it('answers headers only and leaves no listener behind (catches: each HEAD leaking a listener)', async () => {
    const before = memory();
    const agent = new Agent({ connections: 16 });
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const response = await request(`${host.url}/api/events`, { method: 'HEAD', dispatcher: agent });
          expect(response.statusCode).toBe(200);
          expect(response.headers['content-type']).toBe('text/event-stream');
          await response.body.text();
        }),
      );
    }
    // Checked while the HEADs' keep-alive connections are still open: a HEAD that opened a stream would hold its
    // listener until its socket closed, and copy every record delivered meanwhile.
    expect(store.listenerCount()).toBe(0);
    expect(streams.stats()).toEqual({ streams: 0, bufferedBytes: 0 });
    // Records delivered after the HEADs are copied to no one.
    for (let n = 0; n < 2_000; n++) store.deliver('sub', [record(n)]);
    expect(streams.stats()).toEqual({ streams: 0, bufferedBytes: 0 });
    await agent.close();
    console.log(`events/HEAD: 2,000 HEADs then 2,000 records: ${before} → ${memory()}`);
    expect(store.listenerCount()).toBe(0);
  }, 60_000);
});

describe('a reader that never reads', () => {
  it('is cut off at the buffer bound with a final overflow event; memory stays flat (catches: unbounded queues)', async () => {
    const before = memory();
    const readers = await Promise.all(Array.from({ length: 4 }, stalledReader));
    await until(() => streams.stats().streams === 4);
    let most = 0;
    for (let n = 0; n < 50_000; n++) {
      store.deliver('sub', [record(n)]);
      if (n % 100 === 0) {
        await turn();
        most = Math.max(most, streams.stats().bufferedBytes);
      }
    }
    console.log(
      `events/stalled: 4 readers that never read, 50,000 records of 1 KB: ${before} → ${memory()}, ` +
        `most held at once ${(most / 1024).toFixed(0)} KiB`,
    );
    // Each stream held at most its bound (plus the one record that crossed it), and all four were cut off.
    expect(most).toBeLessThanOrEqual(4 * (BUFFER + 2048));
    expect(store.listenerCount()).toBe(0);
    expect(streams.stats()).toEqual({ streams: 0, bufferedBytes: 0 });

    // One of them reads at last: after what the kernel held, the final event, then the end of the stream.
    const reader = readers[0] as Socket;
    const text = await new Promise<string>((resolve) => {
      let received = '';
      reader.setEncoding('utf8');
      reader.on('data', (chunk: string) => {
        received += chunk;
        // Chunked encoding's last chunk: the stream ended.
        if (received.endsWith('0\r\n\r\n')) resolve(received);
      });
      reader.resume();
    });
    expect(text).toContain('event: overflow');
    expect(text).toMatch(/"reason":"too slow"/);
    for (const socket of readers) socket.destroy();
  }, 120_000);
});

describe('HOST_MAX_EVENT_STREAMS', () => {
  it('refuses a stream past the cap with 503 TOO_MANY_EVENT_STREAMS, and frees a slot when one closes', async () => {
    const open = await Promise.all(Array.from({ length: MAX_STREAMS }, stalledReader));
    await until(() => streams.stats().streams === MAX_STREAMS);
    const refused = await call(host.url, 'GET', '/api/events');
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('TOO_MANY_EVENT_STREAMS');

    (open.pop() as Socket).destroy();
    await until(() => streams.stats().streams === MAX_STREAMS - 1);
    expect(store.listenerCount()).toBe(MAX_STREAMS - 1);
    // An event stream, which has no end: call() drops it once its headers are in.
    expect((await call(host.url, 'GET', '/api/events')).status).toBe(200);
    for (const socket of open) socket.destroy();
    await until(() => store.listenerCount() === 0);
  }, 60_000);
});
