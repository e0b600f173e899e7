/**
 * @module What the host's HTTP server accepts from one client: how long it waits for headers and for a whole request,
 * how long an idle keep-alive connection stays open, how large headers and bodies may be, how many connections it
 * holds. Node's defaults wait 60 s for headers and 300 s for a request, checked every 30 s: a client dribbling
 * bytes (slow-loris) would hold a socket for minutes. These bounds refuse it in seconds, with 408.
 *
 * `startHost({ limits })` takes them; `okta-connector serve` reads them from `HOST_*` variables (SECURITY.md).
 */
import type { ServerOptions } from 'node:http';

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
}

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

/** The defaults with `overrides`, checked: each a positive integer, and the head due no later than the request. */
export function hostLimits(overrides: Partial<HostLimits> = {}): HostLimits {
  const limits = { ...DEFAULT_HOST_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof HostLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new HostLimitsError(`The host limit ${name} must be a positive whole number, not ${String(value)}.`);
    }
    limits[name] = value;
  }
  // Node refuses a server whose head may take longer than its whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new HostLimitsError(
      `The headers timeout (${limits.headersTimeoutMs} ms) cannot exceed the request timeout (${limits.requestTimeoutMs} ms).`,
    );
  }
  return limits;
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
