/**
 * @module The runtime's session cache: one Auth and client per connection, so that OAuth tokens and rate-limit budgets
 * are reused across runs. Bounded: a host serving many tenants (or a caller sending a new token each time) must not
 * grow it without end. Keyed by a hash of the connection, never by its secrets.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Auth } from './auth/auth.ts';
import type { ConnectionDefinition, Logger } from './define.ts';
import { ConnectionError, NotFoundError } from './errors.ts';
import { type ClientOptions, OktaClient } from './http/client.ts';
import { describeIssues, toIssues } from './issues.ts';
import type { StateStore } from './store/types.ts';

/** `{ type: 'apiToken', fields: { domain, apiToken } }` and likewise for the other types. */
export interface ConnectionInput {
  type: string;
  fields: Record<string, unknown>;
}

export interface Session {
  auth: Auth;
  okta: OktaClient;
  /** The connection's fields, parsed by its type. */
  fields: unknown;
}

export interface SessionOptions {
  /** At most this many sessions (500 by default), the least recently used dropped first. */
  max?: number;
  /** None kept once idle this long (30 minutes by default). */
  idleMs?: number;
  /** Client settings (timeouts, retries, rate-limit share) for every connection. */
  client?: Omit<ClientOptions, 'auth' | 'log'> | undefined;
  log?: Logger | undefined;
  /** A store shared by several hosts: tokens and the rate budget go through it. */
  store?: StateStore | undefined;
}

export class SessionCache {
  private readonly cache: LRUCache<string, Promise<Session>>;
  /** Each authorised session by its cache entry, for `ready`; gone with the entry. */
  private readonly authorised = new WeakMap<Promise<Session>, Session>();

  constructor(
    private readonly types: Map<string, ConnectionDefinition>,
    private readonly options: SessionOptions = {},
  ) {
    this.cache = new LRUCache<string, Promise<Session>>({
      max: options.max ?? 500,
      ttl: options.idleMs ?? 30 * 60_000,
      updateAgeOnGet: true,
      // An idle time of minutes needs no millisecond clock; a coarser one spares a timer per lookup.
      ttlResolution: 1_000,
      // A dropped session lets go of its client's share of the rate-limit registry.
      dispose: (pending) => {
        pending.then(
          ({ okta }) => okta.release(),
          () => undefined,
        );
      },
    });
  }

  /** How many sessions it holds. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The session a connection already has, without a promise to wait on: the hot path of a run (issue 14, per-call
   * overhead). Undefined when it is still being authorised or has never been (then `get` creates or awaits it).
   */
  ready(connection: ConnectionInput | undefined): Session | undefined {
    if (!connection || typeof connection !== 'object' || typeof connection.type !== 'string') return undefined;
    if (!this.types.has(connection.type)) return undefined;
    const pending = this.cache.get(sessionKey(connection));
    return pending && this.authorised.get(pending);
  }

  /** The session of a connection: the cached one, or a new one once its fields are checked and it is authorised. */
  get(connection: ConnectionInput | undefined): Promise<Session> {
    if (!connection || typeof connection !== 'object' || typeof connection.type !== 'string') {
      throw new ConnectionError('MISSING_CONNECTION', 'No connection was given: pass { type, fields }.', {
        details: { types: [...this.types.keys()] },
      });
    }
    const definition = this.types.get(connection.type);
    if (!definition) {
      throw new NotFoundError(`There is no connection type "${connection.type}".`, {
        details: { key: connection.type, known: [...this.types.keys()] },
      });
    }
    const key = sessionKey(connection);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Sessions idle past their time are released as new ones arrive, not only when the cache is full.
    this.cache.purgeStale();
    const created = this.authorise(definition, connection);
    this.cache.set(key, created);
    created.then(
      (done) => this.authorised.set(created, done),
      () => {
        if (this.cache.peek(key, { allowStale: true }) === created) this.cache.delete(key);
      },
    );
    return created;
  }

  private async authorise(definition: ConnectionDefinition, connection: ConnectionInput): Promise<Session> {
    const parsed = definition.fields.safeParse(connection.fields ?? {});
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      throw new ConnectionError(
        'INVALID_CONNECTION',
        `The ${definition.label} connection is not valid: ${describeIssues(issues)}.`,
        { details: { issues } },
      );
    }
    const { store, log, client } = this.options;
    const auth = await definition.authorize(parsed.data, store ? { store } : {});
    // The client wraps a logger to redact each line: given none, it logs nothing and wraps nothing.
    const okta = new OktaClient({ ...client, auth, ...(log ? { log } : {}), ...(store ? { store } : {}) });
    return { auth, okta, fields: parsed.data };
  }
}

/**
 * Before a connection is authorised its Auth cannot list its secrets, so every string field but the domain is
 * treated as one.
 */
export function fieldSecrets(connection: ConnectionInput | undefined): string[] {
  const fields = connection?.fields;
  if (!fields || typeof fields !== 'object') return [];
  return Object.entries(fields)
    .filter(([name, value]) => name !== 'domain' && typeof value === 'string')
    .map(([, value]) => value as string);
}

/** A field holding a function (a named credential's header provider) is told apart by identity. */
const providerIds = new WeakMap<object, number>();
let providers = 0;
/**
 * The last key computed for a connection's `fields` object, with the values it was computed from: a host that passes
 * the same connection on every run is spared a hash per run, and a field changed in place is noticed (only flat
 * fields of primitive values are remembered; anything else is hashed each time).
 */
const keyOfFields = new WeakMap<object, { type: string; values: unknown[]; key: string }>();

function sessionKey(connection: ConnectionInput): string {
  const fields = connection.fields ?? {};
  const cached = keyOfFields.get(fields);
  if (cached && cached.type === connection.type && sameValues(cached.values, fields)) return cached.key;
  const key = hashOf(connection.type, fields);
  const values = Object.values(fields);
  if (typeof fields === 'object' && values.every((value) => value === null || typeof value !== 'object')) {
    keyOfFields.set(fields, { type: connection.type, values: Object.entries(fields).flat(), key });
  }
  return key;
}

function sameValues(remembered: unknown[], fields: Record<string, unknown>): boolean {
  let i = 0;
  for (const name in fields) {
    if (remembered[i] !== name || remembered[i + 1] !== fields[name]) return false;
    i += 2;
  }
  return i === remembered.length;
}

function hashOf(type: string, fields: Record<string, unknown>): string {
  // A replacer slows JSON.stringify down several times: only connections holding a function need one.
  const hasFunction = Object.values(fields).some((value) => typeof value === 'function');
  const json = JSON.stringify(
    [type, fields],
    hasFunction
      ? (_, value) => {
          if (typeof value !== 'function') return value;
          if (!providerIds.has(value)) providerIds.set(value, ++providers);
          return `function#${providerIds.get(value)}`;
        }
      : undefined,
  );
  return createHash('sha256').update(json).digest('base64url');
}
