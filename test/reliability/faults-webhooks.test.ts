/**
 * Webhook deliveries that Okta retries are emitted once (issue 13). Okta retries a delivery once after a 5xx or a
 * timeout (docs/okta.md §4.2), so a delivery the host did handle comes again when its answer was lost on the way back:
 * a proxy in front of the host (a load balancer, say) forwards each delivery, then for a seeded share of them answers
 * the sandbox 500 or holds the answer past the sandbox's timeout. The host must emit each event once.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { mulberry32 } from '../../sandbox/seed.ts';
import { suiteSandbox } from '../support/org.ts';

/** The sandbox's timeout for each delivery (Okta's is 3 s). */
const HOOK_TIMEOUT_MS = 300;

const sandbox = suiteSandbox({ users: 10, seed: 17, eventHookTimeoutMs: HOOK_TIMEOUT_MS });
let host: RunningHost;
let proxyUrl: string;
let closeProxy: () => Promise<void>;
/** Answers lost on the way back, by kind, and deliveries seen (each delivery's first attempt). */
const lost = { '5xx-after': 0, 'timeout-after': 0 };
const seenDeliveries = new Set<string>();

/** Forwards a request to the host as it came (its Host header names the proxy, the host's public URL). */
function forward(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; body: Buffer; headers: IncomingHttpHeaders }> {
  const target = new URL(path, host.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(target, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 502, body: Buffer.concat(chunks), headers: response.headers }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
  const random = mulberry32(1_313);
  const proxy = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await forward(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers, body);
    // Only a delivery's first attempt loses its answer: Okta retries once, and a retry lost too would be lost for
    // good, which no receiver can help.
    const eventId =
      incoming.method === 'POST' ? (JSON.parse(body.toString() || '{}') as { eventId?: string }).eventId : undefined;
    const first = eventId !== undefined && !seenDeliveries.has(eventId);
    if (eventId) seenDeliveries.add(eventId);
    // The first two deliveries lose their answer for sure (one of each kind), the others at random.
    const draw = !first ? 1 : seenDeliveries.size === 1 ? 0 : seenDeliveries.size === 2 ? 0.4 : random();
    if (draw < 0.3) {
      lost['5xx-after'] += 1;
      outgoing.writeHead(500).end();
      return;
    }
    if (draw < 0.6) {
      lost['timeout-after'] += 1;
      await new Promise((resolve) => setTimeout(resolve, HOOK_TIMEOUT_MS + 300));
    }
    if (outgoing.destroyed) return;
    outgoing.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
    outgoing.end(answer.body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  closeProxy = () =>
    new Promise((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    });
  host = await startHost({
    port: 0,
    publicUrl: proxyUrl,
    defaultConnection: sandbox.connection,
    connector: createConnector({ outputCheck: 'throw' }),
  });
});

afterAll(async () => {
  console.log(
    `webhooks: ${seenDeliveries.size} deliveries, answers lost ${lost['5xx-after'] + lost['timeout-after']} ` +
      `(5xx-after ${lost['5xx-after']}, timeout-after ${lost['timeout-after']}), ` +
      `sandbox attempts ${sandbox?.org.eventHooks.delivery.attempts}`,
  );
  await host?.close();
  await closeProxy?.();
});

async function hostJson(method: string, path: string, body?: unknown) {
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('webhook deliveries Okta retries', () => {
  it('are emitted once each, though a share of the host’s answers were lost and the deliveries came twice', async () => {
    const created = await hostJson('POST', '/api/triggers/eventHook/subscriptions', {
      input: { eventTypes: ['user.lifecycle.create'] },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = String(created.json.id);
    expect(created.json.webhookUrl).toBe(`${proxyUrl}/hooks/${id}`);

    const before = sandbox.org.eventHooks.delivery.attempts;
    const expected: string[] = [];
    for (let n = 0; n < 36; n += 1) {
      const login = `hooked.${n}@faults.example.com`;
      const user = sandbox.org.users.create(
        { profile: { login, email: login, firstName: 'Hooked', lastName: String(n) } },
        { activate: false },
      );
      expected.push(user.id);
      // Every third user waits for the deliveries under way, so that there are many deliveries, not a few merged.
      if (n % 3 === 2) await sandbox.org.eventHooks.delivery.settled();
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await sandbox.org.eventHooks.delivery.settled();

    const { json } = await hostJson('GET', `/api/subscriptions/${id}/records`);
    const records = json.records as { id: string; userId: string }[];
    const ids = records.map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(records.map((r) => r.userId).sort()).toEqual([...expected].sort());
    // The faults did happen: deliveries came twice.
    const attempts = sandbox.org.eventHooks.delivery.attempts - before;
    expect(lost['5xx-after']).toBeGreaterThan(0);
    expect(lost['timeout-after']).toBeGreaterThan(0);
    expect(attempts).toBe(seenDeliveries.size + lost['5xx-after'] + lost['timeout-after']);
    const removed = await fetch(`${host.url}/api/triggers/eventHook/subscriptions/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
  });
});
