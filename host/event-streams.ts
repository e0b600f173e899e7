/**
 * @module `GET /api/events`: every delivered record, live, as server-sent events (issue 20, items 2 and 3).
 *
 * Each stream holds a listener on the subscription store and a queue of the events its reader has not taken yet.
 * Both are bounded:
 * - A `HEAD` gets the stream's headers and nothing else: no listener, no queue (hono answers HEAD with the GET
 *   handler, so the handler must tell them apart itself).
 * - The queue holds at most `maxBufferedBytes`. The response body is pulled (highWaterMark 0): the server takes the
 *   next chunk only once the socket has drained, so what a slow reader has not read waits here, counted. A reader
 *   that falls behind the bound loses the backlog (it could not keep up anyway), is sent one final `overflow` event
 *   saying so, and the stream ends; its listener is gone at once.
 * - At most `maxStreams` streams are open at once; one more is refused with 503 TOO_MANY_EVENT_STREAMS.
 */
import type { Context } from 'hono';
import { TransientError } from '../lib/errors.ts';
import type { DeliveredRecord, SubscriptionStore } from './subscriptions.ts';

export interface EventStreamLimits {
  /** Streams open at once (`HOST_MAX_EVENT_STREAMS`). */
  maxStreams: number;
  /** Bytes one stream may hold for a reader that has not read them (`HOST_EVENT_STREAM_BUFFER_BYTES`). */
  maxBufferedBytes: number;
}

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
} as const;

export class EventStreams {
  private readonly open = new Set<{ buffered: () => number }>();

  constructor(
    private readonly store: SubscriptionStore,
    private readonly limits: EventStreamLimits,
  ) {}

  /** Streams open now, and the bytes they hold for their readers: what a test or a probe may check is bounded. */
  stats(): { streams: number; bufferedBytes: number } {
    let bufferedBytes = 0;
    for (const stream of this.open) bufferedBytes += stream.buffered();
    return { streams: this.open.size, bufferedBytes };
  }

  respond(c: Context): Response {
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: HEADERS });
    if (this.open.size >= this.limits.maxStreams) {
      throw new TransientError(
        'TOO_MANY_EVENT_STREAMS',
        `The host already serves ${this.limits.maxStreams} event streams: close one, or try again later.`,
        { details: { maximum: this.limits.maxStreams, variable: 'HOST_MAX_EVENT_STREAMS' } },
      );
    }
    return new Response(this.body(), { status: 200, headers: HEADERS });
  }

  private body(): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const { maxBufferedBytes } = this.limits;
    let queue: Uint8Array[] = [];
    let queued = 0;
    let sequence = 0;
    let ending = false;
    let wake: (() => void) | undefined;
    const entry = { buffered: () => queued };

    const push = (text: string) => {
      const chunk = encoder.encode(text);
      queue.push(chunk);
      queued += chunk.byteLength;
      wake?.();
    };
    const stop = () => {
      this.open.delete(entry);
      unlisten();
      clearInterval(keepAlive);
    };
    const unlisten = this.store.listen((event: DeliveredRecord) => {
      if (ending) return;
      sequence += 1;
      // Written once by the store for every stream.
      push(`event: record\nid: ${sequence}\ndata: ${event.json}\n\n`);
      if (queued <= maxBufferedBytes) return;
      // Fallen behind: the backlog goes, the reader learns why, the stream ends.
      const dropped = queue.length;
      queue = [];
      queued = 0;
      ending = true;
      stop();
      const data = JSON.stringify({ reason: 'too slow', droppedEvents: dropped, maxBufferedBytes, lastId: sequence });
      push(`event: overflow\ndata: ${data}\n\n`);
    });
    const keepAlive = setInterval(() => push(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    this.open.add(entry);

    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          while (queue.length === 0 && !ending) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const chunk = queue.shift();
          if (chunk) {
            queued -= chunk.byteLength;
            controller.enqueue(chunk);
          }
          // Cancelled meanwhile: the stream is closed already.
          if (ending && queue.length === 0) closeQuietly(controller);
        },
        // The reader went away (the server cancels the body when the socket closes).
        cancel: () => {
          ending = true;
          stop();
          wake?.();
        },
      },
      { highWaterMark: 0 },
    );
  }
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // Already closed or cancelled.
  }
}
