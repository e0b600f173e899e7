/**
 * @module A stream of records as NDJSON (one JSON value per line, `application/x-ndjson`), for
 * `POST /api/actions/{key}/stream` and `run --stream`.
 *
 * - Errors before the first record (an unknown action, a bad input, a refused connection) are thrown, so the route
 *   answers them as every other route does, with their HTTP status.
 * - An error after the first record cannot change the status any more: it becomes the last line,
 *   `{"error": {...}}` (the same JSON as the routes' errors), and the stream ends. A record is never an object with
 *   `error` as its only key, so a reader tells the two apart.
 * - Records are pulled only as the client reads (the Response body is a pull stream, written with backpressure by
 *   @hono/node-server): memory holds a few pages whatever the size of the list. When the client goes away, the body is
 *   cancelled and the iterator returned, which stops the requests to Okta.
 */
import { errorJson } from './errors.ts';

/** Lines are sent in chunks of about this size: one write per record would cost more than the record. */
const CHUNK_BYTES = 64 * 1024;

export async function ndjsonResponse(records: AsyncIterable<unknown>): Promise<Response> {
  const iterator = records[Symbol.asyncIterator]();
  // The first record decides the status: whatever fails before it is a normal error answer.
  let pending: Promise<IteratorResult<unknown>> | undefined = Promise.resolve(await iterator.next());
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        let finished = false;
        try {
          while (text.length < CHUNK_BYTES) {
            const next = pending ?? iterator.next();
            pending = undefined;
            // Lines already made go out rather than wait for a record still on its way from Okta.
            const result = text ? await Promise.race([next, nextTurn()]) : await next;
            if (result === WAITING) {
              pending = next;
              break;
            }
            if (result.done) {
              finished = true;
              break;
            }
            text += `${JSON.stringify(result.value)}\n`;
          }
        } catch (error) {
          finished = true;
          text += `${JSON.stringify({ error: errorJson(error) })}\n`;
        }
        if (text) controller.enqueue(encoder.encode(text));
        if (finished) controller.close();
      },
      async cancel() {
        // The client went away: stop reading (and so stop the requests to Okta).
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
}

const WAITING = Symbol('waiting');

/** Resolves after the records already at hand (a page's, resolved in microtasks) have been taken. */
function nextTurn(): Promise<typeof WAITING> {
  return new Promise((resolve) => setImmediate(() => resolve(WAITING)));
}

/**
 * The same lines written through `write` (the CLI's stdout), waiting for `drained` when it reports a full buffer.
 * The lines already made are written before an error is rethrown.
 */
export async function writeNdjson(
  records: AsyncIterable<unknown>,
  write: (text: string) => unknown,
  drained: () => Promise<void>,
): Promise<void> {
  let text = '';
  try {
    for await (const record of records) {
      text += `${JSON.stringify(record)}\n`;
      if (text.length >= CHUNK_BYTES) {
        const ok = write(text);
        text = '';
        if (ok === false) await drained();
      }
    }
  } finally {
    if (text) write(text);
  }
}
