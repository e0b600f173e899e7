/**
 * @module The host's webhook routes (docs/architecture.md, "The host and the CLI"): subscribe and unsubscribe a trigger, the
 * records delivered per subscription, the server-sent event stream of every record, and `/hooks/{id}`, the URL
 * Okta calls.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { MAX_WEBHOOK_BODY_BYTES } from '../lib/define.ts';
import { ConnectorError, TransientError } from '../lib/errors.ts';
import type { ConnectionInput, Runtime } from '../lib/runtime.ts';
import { challengeProblem, sameSecret, WRONG_SECRET, webhookError } from '../lib/triggers/event-hooks.ts';
import { explicitConnection, readBody } from './body.ts';
import type { EventStreams } from './event-streams.ts';
import { MAX_SUBSCRIPTIONS, type SubscriptionStore } from './subscriptions.ts';

export interface WebhookRoutesOptions {
  connector: Runtime;
  store: SubscriptionStore;
  /** Where Okta reaches this host: `PUBLIC_URL`, else the address it listens on. */
  publicUrl: () => string;
  defaultConnection: () => ConnectionInput | undefined;
  /** `GET /api/events`' bounded streams. */
  eventStreams: EventStreams;
}

export function webhookRoutes(options: WebhookRoutesOptions): Hono {
  const { connector, store } = options;
  const connectionOf = (entry: { connection: ConnectionInput | undefined }) =>
    (entry.connection ?? options.defaultConnection()) as ConnectionInput;
  const app = new Hono();

  app.post('/api/triggers/:key/subscriptions', async (c) => {
    const body = await readBody(c, ['connection', 'input']);
    const key = c.req.param('key');
    const explicit = explicitConnection(body);
    // Bounded: each entry is kept in memory (with its last records), whoever asks.
    if (store.all().length >= MAX_SUBSCRIPTIONS) {
      throw new ConnectorError(
        'validation',
        'TOO_MANY_SUBSCRIPTIONS',
        `The host already holds ${MAX_SUBSCRIPTIONS} subscriptions: remove some before adding another.`,
        { details: { maximum: MAX_SUBSCRIPTIONS } },
      );
    }
    const id = randomUUID();
    const webhookUrl = `${options.publicUrl().replace(/\/+$/, '')}/hooks/${id}`;
    store.checkWritable();
    // Stored before subscribing: Okta calls the URL back (the verification challenge) while the hook is created.
    store.add({ id, trigger: key, connection: explicit, subscription: undefined });
    let hookId: string;
    try {
      await store.publish(id);
      const subscription = await connector.subscribe(key, {
        connection: connectionOf({ connection: explicit }),
        input: body.input,
        webhookUrl,
      });
      store.complete(id, subscription);
      await store.publish(id);
      hookId = subscription.hookId;
    } catch (error) {
      store.delete(id);
      await store.unpublish(id).catch(() => undefined);
      throw error;
    }
    return c.json({ id, webhookUrl, hookId }, 201);
  });

  app.delete('/api/triggers/:key/subscriptions/:id', async (c) => {
    const entry = await findSubscription(store, c.req.param('id'), c.req.param('key'));
    store.checkWritable();
    if (entry.subscription) {
      await connector.unsubscribe(entry.trigger, { connection: connectionOf(entry), subscription: entry.subscription });
    }
    store.delete(entry.id);
    await store.unpublish(entry.id);
    return c.body(null, 204);
  });

  app.get('/api/subscriptions/:id/records', async (c) => {
    const entry = await findSubscription(store, c.req.param('id'));
    // Kept as JSON text (subscriptions.ts): sent as it is.
    return c.body(`{"records":${store.recordsJson(entry)}}`, 200, { 'content-type': 'application/json' });
  });

  // HEAD too (hono answers it with this handler): headers only, no listener (host/event-streams.ts).
  app.get('/api/events', (c) => options.eventStreams.respond(c));

  app.on(['GET', 'POST'], '/hooks/:id', async (c) => {
    const entry = await findSubscription(store, c.req.param('id'));
    const subscription = entry.subscription;
    if (!subscription) {
      // `subscribe` verifies the hook it creates, so Okta's one-time GET (docs/okta.md §4.1) arrives before the host has
      // the subscription and its secret. The answer only echoes the challenge, so the host gives it itself.
      const challenge = c.req.header('x-okta-verification-challenge');
      if (c.req.method === 'GET') {
        const problem = challengeProblem(challenge);
        if (problem) return c.json(webhookError('INVALID_VERIFICATION_CHALLENGE', problem), 400);
        return c.json({ verification: challenge });
      }
      throw new ConnectorError('transient', 'SUBSCRIPTION_PENDING', 'The subscription is still being created.');
    }
    const incoming = nodeRequest(c);
    // Node's own lower-case header object: hono would build a Headers for every request.
    const headers = incoming ? plainHeaders(incoming.headers) : c.req.header();
    // Okta sends the hook's secret in Authorization (lib/triggers/event-hooks.ts). A delivery without it is refused before a
    // byte of its body is read: a forger must not make the host buffer 4 MiB per connection. The trigger checks the
    // secret again, with the body.
    if (c.req.method !== 'GET' && !sameSecret(headers.authorization, subscription.secret)) {
      return c.json(WRONG_SECRET, 401);
    }
    // The raw body, so that the trigger's checks see exactly what Okta sent.
    const body =
      c.req.method === 'GET' ? { text: '', bytes: 0 } : await rawBody(c, incoming, headers['content-length']);
    if (body === undefined) {
      const message = `The delivery is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.`;
      return c.json({ error: { code: 'BODY_TOO_LARGE', kind: 'validation', message } }, 413);
    }
    // Room first (host/delivery-queue.ts): a delivery refused for want of it has not been handled, so it is not marked
    // as seen, and Okta's retry of it is still new.
    const slot = await store.deliveries.reserve(body.bytes);
    if (!slot) {
      throw new TransientError(
        'DELIVERIES_BACKLOGGED',
        'The host holds as many webhook deliveries as it may until it has processed some: try again (Okta retries ' +
          'a delivery answered 5xx once).',
      );
    }
    let handled: Awaited<ReturnType<Runtime['handleWebhook']>>;
    try {
      const request = { method: c.req.method, headers, body: body.text };
      handled = await connector.handleWebhook(entry.trigger, { subscription, request });
    } catch (error) {
      slot.release();
      throw error;
    }
    // Checked and deduplicated: keeping the records and sending them to the event streams happen after the answer.
    if (handled.records.length > 0) slot.run(store.deliveryTask(entry.id, handled.records));
    else slot.release();
    return toResponse(handled.response);
  });

  return app;
}

/** The Node request under hono, when the host runs on Node and no middleware has read its body yet. */
function nodeRequest(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return incoming && !incoming.readableDidRead && !incoming.readableEnded ? incoming : undefined;
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const plain: Record<string, string | undefined> = {};
  for (const name in headers) {
    const value = headers[name];
    plain[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}

/**
 * The body as sent and its size, or undefined past MAX_WEBHOOK_BODY_BYTES (told at once by a larger Content-Length,
 * read from the headers the route already has). On Node it is read straight from the socket: deliveries must be acknowledged at once (docs/okta.md §4.2), and a web stream or an async iterator per
 * request costs several times more.
 */
async function rawBody(
  c: Context,
  incoming: IncomingMessage | undefined,
  contentLength: string | undefined,
): Promise<{ text: string; bytes: number } | undefined> {
  if (Number(contentLength) > MAX_WEBHOOK_BODY_BYTES) return undefined;
  // Another adapter, or a middleware that has read the body already (hono keeps what it read).
  if (!incoming) {
    const text = await c.req.text();
    const bytes = Buffer.byteLength(text);
    return bytes > MAX_WEBHOOK_BODY_BYTES ? undefined : { text, bytes };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  const complete = await new Promise<boolean>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_WEBHOOK_BODY_BYTES) return void chunks.push(chunk);
      done();
      resolve(false);
    };
    const onEnd = () => {
      done();
      resolve(true);
    };
    // The client went away, or the server cut it (the request timeout, host/limits.ts): no bug of ours to report.
    const aborted = () =>
      new ConnectorError('validation', 'REQUEST_ABORTED', 'The delivery was cut off before its end.');
    const onError = (error: Error) => {
      done();
      reject(incoming.destroyed ? aborted() : error);
    };
    const onClose = () => {
      done();
      reject(aborted());
    };
    const done = () => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
  if (!complete) return undefined;
  const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
  return { text, bytes };
}

async function findSubscription(store: SubscriptionStore, id: string, trigger?: string) {
  const entry = await store.find(id);
  if (!entry || (trigger !== undefined && entry.trigger !== trigger)) {
    throw new ConnectorError('validation', 'UNKNOWN_SUBSCRIPTION', `There is no subscription "${id}".`, {
      details: { id },
    });
  }
  return entry;
}

function toResponse(response: { status: number; headers?: Record<string, string>; body?: unknown }): Response {
  const headers = new Headers(response.headers);
  let body: string | null = null;
  if (response.body !== undefined && response.body !== null && response.status !== 204) {
    if (typeof response.body === 'string') {
      body = response.body;
    } else {
      body = JSON.stringify(response.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  return new Response(body, { status: response.status, headers });
}
