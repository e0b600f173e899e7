/**
 * @module What every webhook trigger does with Okta's event hooks (docs/okta.md §4): create a hook for the host's
 * webhook URL with a random per-subscription secret, have Okta verify it, answer that verification GET, check the
 * secret on each delivery in constant time, split `data.events[]` into events, drop repeats, and on unsubscribe
 * deactivate and delete the hook it created, and only that one.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import catalogue from '../data/event-types.json' with { type: 'json' };
import type { Logger, Subscription, WebhookRequest, WebhookResponse } from '../define.ts';
import { MAX_WEBHOOK_BODY_BYTES } from '../define.ts';
import {
  ConnectorError,
  ERROR_CODES,
  type ErrorCode,
  type ErrorJson,
  isOktaApiError,
  ValidationError,
} from '../errors.ts';
import type { OktaClient } from '../http/client.ts';
import type { LogEvent } from '../schemas/log-event.ts';

/** §4.2: at most 25 active event hooks per org, 300 event types per hook. */
/** What subscribing and unsubscribing an event hook calls (`createEventHook`, `removeEventHook`). */
export const EVENT_HOOK_LIFECYCLE = [
  'GET /api/v1/eventHooks',
  'POST /api/v1/eventHooks',
  'POST /api/v1/eventHooks/{eventHookId}/lifecycle/verify',
  'GET /api/v1/eventHooks/{eventHookId}',
  'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
  'DELETE /api/v1/eventHooks/{eventHookId}',
];

export const MAX_ACTIVE_HOOKS = 25;
export const MAX_EVENT_TYPES = 300;
/** The header Okta sends the secret in (`channel.config.authScheme.key`). */
const SECRET_HEADER = 'authorization';
/** Headers Okta sets itself, which a hook may not configure (§4.2). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host', 'user-agent', 'connection']);

export const ELIGIBLE_EVENT_TYPES: ReadonlySet<string> = new Set(
  catalogue.eventTypes.filter((type) => type.eventHookEligible).map((type) => type.id),
);

/** What an event hook subscribes to and sends besides the secret. */
export const hookFields = {
  filters: z
    .array(
      z.object({
        eventType: z.string().min(1).meta({ label: 'Event type', example: 'group.user_membership.add' }),
        expression: z.string().trim().min(1).max(1024).meta({
          label: 'Condition',
          description: 'An Okta Expression Language condition on `event` (an Early Access feature of Okta).',
          example: "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0",
        }),
      }),
    )
    .max(MAX_EVENT_TYPES)
    .optional()
    .meta({ label: 'Filters', description: 'Deliver an event type only when its condition holds.' }),
  headers: z
    .array(
      z.object({
        key: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,64}$/, 'A header name: letters, digits and dashes')
          .refine((key) => !RESERVED_HEADERS.has(key.toLowerCase()) && key.toLowerCase() !== SECRET_HEADER, {
            message: 'Okta sets this header itself',
          })
          .meta({ label: 'Header name', example: 'X-Flow' }),
        value: z
          .string()
          .max(1024)
          .regex(/^[^\r\n]*$/, 'One line')
          .meta({ label: 'Header value', example: 'onboarding' }),
      }),
    )
    .max(10)
    .optional()
    .meta({ label: 'Extra headers', description: 'Sent by Okta with every delivery.' }),
};

export interface HookSpec {
  name: string;
  eventTypes: string[];
  webhookUrl: string;
  filters?: { eventType: string; expression: string }[] | undefined;
  headers?: { key: string; value: string }[] | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Okta calls only https URLs (§4.2); a loopback org (the sandbox) can only ever call loopback ones. */
function checkWebhookUrl(webhookUrl: string, orgOrigin: string): void {
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw new ValidationError(`The webhook URL "${webhookUrl}" is not a URL.`, [
      { path: 'webhookUrl', message: 'Not a URL' },
    ]);
  }
  const orgIsLoopback = LOOPBACK.test(new URL(orgOrigin).hostname);
  if (url.protocol !== 'https:' && !(orgIsLoopback && LOOPBACK.test(url.hostname))) {
    throw new ValidationError(
      `Okta delivers event hooks only to https:// URLs it can reach, and ${url.origin} is not one. Set PUBLIC_URL ` +
        'to the https address that reaches this host (a tunnel or reverse proxy; see the README, "Webhooks from a ' +
        'real org").',
      [{ path: 'webhookUrl', message: 'Must be a public https URL' }],
      { code: 'WEBHOOK_URL_NOT_HTTPS' },
    );
  }
  if (webhookUrl.length > 1024 || /\s/.test(webhookUrl)) {
    throw new ValidationError('Okta takes webhook URLs of at most 1024 characters, without whitespace.', [
      { path: 'webhookUrl', message: 'Too long or has whitespace' },
    ]);
  }
}

/** Refuses event types Okta cannot deliver by hook, naming each (§8.2). */
export function checkEventTypes(eventTypes: string[], path = 'eventTypes'): void {
  const issues = eventTypes
    .map((type, index) => ({ type, index }))
    .filter(({ type }) => !ELIGIBLE_EVENT_TYPES.has(type))
    .map(({ type, index }) => ({
      path: `${path}.${index}`,
      message: `"${type}" is not an event type Okta delivers by event hook (see the selectEventType picklist)`,
    }));
  if (issues.length) {
    throw new ValidationError(`Event hooks cannot deliver: ${issues.map((i) => i.message).join('; ')}.`, issues);
  }
}

/** An event hook id is one path segment of letters and digits (`who8vt36qfNpCGz9H1e6`), never `.`, `..` or a path. */
function hookPath(hookId: string): string {
  if (!/^[A-Za-z0-9]{1,64}$/.test(hookId)) {
    throw new ValidationError(`"${hookId.slice(0, 80)}" is not an event hook id.`, [
      { path: 'hookId', message: 'Letters and digits only' },
    ]);
  }
  return `/api/v1/eventHooks/${hookId}`;
}

interface HookJson {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus?: string;
  channel?: { config?: { uri?: string } };
}

/**
 * Creates the hook, has Okta verify it and returns the subscription. A hook that fails verification is removed
 * again, so a failed subscribe leaves nothing behind.
 */
export async function createEventHook(
  okta: OktaClient,
  spec: HookSpec,
  signal: AbortSignal,
  log: Logger,
): Promise<Subscription> {
  checkWebhookUrl(spec.webhookUrl, okta.origin);
  checkEventTypes(spec.eventTypes);
  const { data: existing } = await okta.request<HookJson[]>({ path: '/api/v1/eventHooks', signal });
  const active = existing.filter((hook) => hook.status === 'ACTIVE').length;
  if (active >= MAX_ACTIVE_HOOKS) {
    throw new ConnectorError(
      'okta',
      'EVENT_HOOK_LIMIT',
      `The org already has ${active} active event hooks, Okta's maximum of ${MAX_ACTIVE_HOOKS}: deactivate or delete ` +
        'one (Admin Console > Workflow > Event Hooks, or the deleteEventHook action) before subscribing again.',
      { details: { active, maximum: MAX_ACTIVE_HOOKS } },
    );
  }
  const secret = randomBytes(32).toString('base64url');
  const filters = spec.filters ?? [];
  const { data: hook } = await okta.request<HookJson>({
    method: 'POST',
    path: '/api/v1/eventHooks',
    signal,
    body: {
      name: spec.name.slice(0, 255),
      description: 'Created by okta-connector for one flow subscription; removed when the flow unsubscribes.',
      events: {
        type: 'EVENT_TYPE',
        items: spec.eventTypes,
        ...(filters.length
          ? {
              filter: {
                type: 'EXPRESSION_LANGUAGE',
                eventFilterMap: filters.map((f) => ({
                  event: f.eventType,
                  condition: { version: null, expression: f.expression },
                })),
              },
            }
          : {}),
      },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: spec.webhookUrl,
          headers: spec.headers ?? [],
          authScheme: { type: 'HEADER', key: 'Authorization', value: secret },
        },
      },
    },
  });
  const subscription: Subscription = {
    hookId: hook.id,
    secret,
    webhookUrl: spec.webhookUrl,
    eventTypes: [...spec.eventTypes],
  };
  try {
    // Verify is a POST that is safe to repeat: Okta sends the challenge again.
    await okta.request({
      method: 'POST',
      path: `${hookPath(hook.id)}/lifecycle/verify`,
      signal,
      idempotent: true,
    });
  } catch (error) {
    await removeEventHook(okta, subscription, signal, log).catch(() => undefined);
    if (isOktaApiError(error, 400)) {
      throw new ConnectorError(
        'okta',
        'EVENT_HOOK_NOT_VERIFIED',
        `Okta could not verify the webhook URL ${spec.webhookUrl}: ${error.message} Check that Okta reaches this ` +
          'host at that address (PUBLIC_URL) and that the host is running.',
        { details: { hookId: hook.id } },
      );
    }
    throw error;
  }
  log.info('Event hook created and verified.', { hookId: hook.id, eventTypes: spec.eventTypes.length });
  return subscription;
}

/**
 * Deactivates, then deletes (Okta deletes only INACTIVE hooks, §4.3) the subscription's hook — if it still calls
 * the subscription's URL: a hook id in a stored subscription is never enough to remove someone else's hook.
 */
export async function removeEventHook(
  okta: OktaClient,
  subscription: Subscription,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  const path = hookPath(subscription.hookId);
  try {
    const { data: hook } = await okta.request<HookJson>({ path, signal });
    if (hook.channel?.config?.uri !== subscription.webhookUrl) {
      log.warn('The event hook no longer calls this subscription’s URL: left in place.', {
        hookId: subscription.hookId,
      });
      return;
    }
    if (hook.status === 'ACTIVE') {
      await okta.request({ method: 'POST', path: `${path}/lifecycle/deactivate`, signal, idempotent: true });
    }
    await okta.request({ method: 'DELETE', path, signal });
  } catch (error) {
    // Already gone: what unsubscribe wanted.
    if (isOktaApiError(error, 404)) return;
    throw error;
  }
}

/**
 * Event uuids already emitted, per hook: Okta delivers at least once and retries (§4.2). Bounded. Made on the first
 * delivery: the cache allocates its 100,000 slots up front (1.4 MiB, 25 ms), which a process receiving none never
 * needs.
 */
let deliveredCache: LRUCache<string, true> | undefined;
const delivered = {
  has: (key: string) => deliveredCache?.has(key) ?? false,
  set: (key: string, value: true) => {
    deliveredCache ??= new LRUCache<string, true>({ max: 100_000 });
    deliveredCache.set(key, value);
  },
};

/** The GET challenge answered, or a delivery checked and split into its events. */
export function handleDelivery(
  subscription: Subscription,
  request: WebhookRequest,
): { response: WebhookResponse; events: LogEvent[] } {
  const nothing = (status: number, body?: unknown) => ({
    response: body === undefined ? { status } : { status, body },
    events: [],
  });
  const method = request.method.toUpperCase();
  if (method === 'GET') {
    // The one-time verification (§4.1): echo the challenge. It proves we control the URL and discloses nothing, and
    // Okta does not document sending the secret with it.
    const challenge = request.headers['x-okta-verification-challenge'];
    const problem = challengeProblem(challenge);
    if (problem) return nothing(400, webhookError('INVALID_VERIFICATION_CHALLENGE', problem));
    return { response: { status: 200, body: { verification: challenge } }, events: [] };
  }
  if (method !== 'POST') {
    return nothing(405, webhookError('METHOD_NOT_ALLOWED', `${method} is not allowed on a webhook URL; use POST.`));
  }
  // A forged delivery gets nothing: checked before anything else is read.
  if (!sameSecret(request.headers[SECRET_HEADER], subscription.secret)) return nothing(401, WRONG_SECRET);
  const size = typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
  if (size > MAX_WEBHOOK_BODY_BYTES) {
    return nothing(413, webhookError('BODY_TOO_LARGE', `The delivery is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.`));
  }
  const events = parseDelivery(request.body);
  if (!events) {
    return nothing(
      400,
      webhookError(
        'NOT_A_DELIVERY',
        'Not an Okta event hook delivery: expected {"eventType":"com.okta.event_hook","data":{"events":[…]}}.',
      ),
    );
  }
  const wanted = new Set(subscription.eventTypes);
  const fresh: LogEvent[] = [];
  for (const event of events) {
    if (!wanted.has(event.eventType)) continue;
    const key = `${subscription.hookId}\n${event.uuid}`;
    if (delivered.has(key)) continue;
    delivered.set(key, true);
    fresh.push(event);
  }
  // Okta wants 200 or 204 with an empty body, at once (§4.2).
  return { response: { status: 200 }, events: fresh };
}

/** Okta's verification challenge is a short token; the longest echoed is 1024 characters. */
export const MAX_CHALLENGE_LENGTH = 1024;

/** What is wrong with a verification challenge header, or undefined when it may be echoed. */
export function challengeProblem(challenge: string | undefined): string | undefined {
  if (!challenge) return 'The X-Okta-Verification-Challenge header is missing.';
  if (challenge.length > MAX_CHALLENGE_LENGTH) {
    return `The X-Okta-Verification-Challenge header is too long (${challenge.length} characters; at most ${MAX_CHALLENGE_LENGTH}).`;
  }
  return undefined;
}

/** A webhook URL's refusal, in the error shape every other route uses (`{ error: { code, kind, message } }`). */
export function webhookError(code: ErrorCode, message: string): { error: ErrorJson } {
  return { error: { code, kind: ERROR_CODES[code].kind, message } };
}

/** A delivery without the hook's secret: said plainly, and nothing else. */
export const WRONG_SECRET = webhookError(
  'WEBHOOK_UNAUTHORIZED',
  "The delivery does not carry this hook's secret in Authorization.",
);

/** The digests of the secrets checked lately: one hash per check, not two (a host holds at most 1,000 hooks). */
const secretDigests = new LRUCache<string, Buffer>({ max: 1024 });

/** Hashing first makes the comparison constant-time whatever the lengths. Also the host's early check (host/hooks.ts). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  let digest = secretDigests.get(expected);
  if (!digest) {
    digest = hash('sha256', expected, 'buffer');
    secretDigests.set(expected, digest);
  }
  return timingSafeEqual(hash('sha256', given, 'buffer'), digest);
}

/**
 * The `com.okta.event_hook` envelope's events (§4.2), or undefined when the body is not one. Checked by hand, not by
 * zod: deliveries are acknowledged at once (Okta waits 3 s, §4.2), and only what the records need is checked — each
 * event an object with a string `uuid`, `eventType` and `published`.
 */
function parseDelivery(body: string | Uint8Array): LogEvent[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(json) || json.eventType !== 'com.okta.event_hook' || !isObject(json.data)) return undefined;
  const events = json.data.events;
  if (!Array.isArray(events)) return undefined;
  for (const event of events) {
    if (!isObject(event)) return undefined;
    if (typeof event.uuid !== 'string' || typeof event.eventType !== 'string' || typeof event.published !== 'string') {
      return undefined;
    }
  }
  return events as LogEvent[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
