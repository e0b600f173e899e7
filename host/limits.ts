/**
 * @module What the host's HTTP server accepts from one client: how long it waits for headers and for a whole request,
 * how long an idle keep-alive connection stays open, how large headers and bodies may be, how many connections it
 * holds. Node's defaults wait 60 s for headers and 300 s for a request, checked every 30 s: a client dribbling
 * bytes (slow-loris) would hold a socket for minutes. These bounds refuse it in seconds, with 408.
 *
 * `startHost({ limits })` takes them; `okta-connector serve` reads them from `HOST_*` variables (SECURITY.md).
 */
import type { ServerOptions } from 'node:http';
import { DEFAULT_DELIVERY_QUEUE, type DeliveryQueueLimits } from './delivery-queue.ts';

export interface HostLimits {
  /** The whole request head must arrive within this (408 otherwise). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (408 otherwise). Answering takes as long as it takes. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked; a timeout fires up to this late. */
  timeoutCheckIntervalMs: number;
  /** The request line and headers together (431 beyond). */
  maxHeaderBytes: number;
  /** Connections held at once; more are closed as they arrive. */
  maxConnections: number;
  /** A JSON body on `/api/*` and `/mcp` (413 beyond); webhook deliveries have Okta's own cap, 4 MiB. */
  maxBodyBytes: number;
  /** `GET /api/events` streams open at once (503 beyond; host/event-streams.ts). */
  maxEventStreams: number;
  /** What one event stream holds for a reader that has not read it; past it the reader is cut off. */
  eventStreamBufferBytes: number;
  /** Delivered records kept for `GET /api/subscriptions/{id}/records`, all subscriptions together, in bytes of JSON. */
  maxRecordBytes: number;
  /** Webhook deliveries acknowledged and not yet processed (host/delivery-queue.ts); one more waits for room. */
  maxQueuedDeliveries: number;
  /** Their bodies' bytes together (a delivery larger than this is taken alone). */
  maxQueuedDeliveryBytes: number;
  /** How long a delivery waits for room before it is refused with 503; under Okta's 3 s (docs/okta.md §4.2). */
  deliveryWaitMs: number;
}

/** Okta gives up on a delivery after 3 s (docs/okta.md §4.2): a longer wait for room would answer no one. */
const OKTA_DELIVERY_TIMEOUT_MS = 3_000;

export const DEFAULT_HOST_LIMITS: Readonly<HostLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  timeoutCheckIntervalMs: 1_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 1_024,
  maxBodyBytes: 1024 * 1024,
  maxEventStreams: 32,
  eventStreamBufferBytes: 1024 * 1024,
  maxRecordBytes: 32 * 1024 * 1024,
  maxQueuedDeliveries: DEFAULT_DELIVERY_QUEUE.maxDeliveries,
  maxQueuedDeliveryBytes: DEFAULT_DELIVERY_QUEUE.maxBytes,
  deliveryWaitMs: DEFAULT_DELIVERY_QUEUE.maxWaitMs,
};

/** The environment variable of each limit, for `okta-connector serve`. */
export const LIMIT_VARIABLES: Readonly<Record<keyof HostLimits, string>> = {
  headersTimeoutMs: 'HOST_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'HOST_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'HOST_KEEP_ALIVE_TIMEOUT_MS',
  timeoutCheckIntervalMs: 'HOST_TIMEOUT_CHECK_INTERVAL_MS',
  maxHeaderBytes: 'HOST_MAX_HEADER_BYTES',
  maxConnections: 'HOST_MAX_CONNECTIONS',
  maxBodyBytes: 'HOST_MAX_BODY_BYTES',
  maxEventStreams: 'HOST_MAX_EVENT_STREAMS',
  eventStreamBufferBytes: 'HOST_EVENT_STREAM_BUFFER_BYTES',
  maxRecordBytes: 'HOST_MAX_RECORD_BYTES',
  maxQueuedDeliveries: 'HOST_MAX_QUEUED_DELIVERIES',
  maxQueuedDeliveryBytes: 'HOST_MAX_QUEUED_DELIVERY_BYTES',
  deliveryWaitMs: 'HOST_DELIVERY_WAIT_MS',
};

export class HostLimitsError extends Error {
  /** The `HOST_*` variable that was wrong, when it came from one. */
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

/**
 * The defaults with `overrides`, checked: each a positive integer, the head due no later than the request, a delivery's
 * wait for room shorter than Okta's patience. Each refusal names the limit and its `HOST_*` variable.
 */
export function hostLimits(overrides: Partial<HostLimits> = {}): HostLimits {
  const limits = { ...DEFAULT_HOST_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof HostLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new HostLimitsError(
        `The host limit ${name} (${LIMIT_VARIABLES[name]}) must be a positive whole number, not ${String(value)}.`,
        LIMIT_VARIABLES[name],
      );
    }
    limits[name] = value;
  }
  // Node refuses a server whose head may take longer than its whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new HostLimitsError(
      `The headers timeout (${limits.headersTimeoutMs} ms) cannot exceed the request timeout (${limits.requestTimeoutMs} ms).`,
      LIMIT_VARIABLES.headersTimeoutMs,
    );
  }
  if (limits.deliveryWaitMs >= OKTA_DELIVERY_TIMEOUT_MS) {
    throw new HostLimitsError(
      `The host limit deliveryWaitMs (HOST_DELIVERY_WAIT_MS) must be under Okta's ${OKTA_DELIVERY_TIMEOUT_MS} ms delivery timeout, not ${limits.deliveryWaitMs}: Okta would give up before the 503 that makes it retry.`,
      LIMIT_VARIABLES.deliveryWaitMs,
    );
  }
  return limits;
}

/** The webhook delivery queue's share of the limits (`new SubscriptionStore(…, queue)`). */
export function deliveryQueueLimits(limits: HostLimits): DeliveryQueueLimits {
  return {
    maxDeliveries: limits.maxQueuedDeliveries,
    maxBytes: limits.maxQueuedDeliveryBytes,
    maxWaitMs: limits.deliveryWaitMs,
  };
}

/** The limits set in `HOST_*` variables; an unset or empty one keeps its default. */
export function limitsFromEnvironment(env: NodeJS.ProcessEnv): Partial<HostLimits> {
  const limits: Partial<HostLimits> = {};
  for (const [name, variable] of Object.entries(LIMIT_VARIABLES) as [keyof HostLimits, string][]) {
    const text = env[variable]?.trim();
    if (!text) continue;
    if (!/^\d+$/.test(text)) {
      throw new HostLimitsError(`${variable} must be a positive whole number, not "${text}".`, variable);
    }
    limits[name] = Number(text);
  }
  return limits;
}

/** The options of `http.createServer` that carry the limits. */
export function serverOptions(limits: HostLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    maxHeaderSize: limits.maxHeaderBytes,
  };
}
