/**
 * @module The runtime: resolves a connection, validates input, runs a module and classifies what goes wrong.
 *
 * It knows no module by name; the registry passed to `createRuntime` is the one list of them (see `connector.ts`).
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { executeRequest, streamRequest } from './declarative.ts';
import type {
  ActionDefinition,
  Auth,
  ConnectionDefinition,
  ConnectionTestReport,
  DataSourceDefinition,
  DeclarativeRequest,
  Logger,
  Option,
  RunContext,
  Subscription,
  TriggerDefinition,
  WebhookRequest,
  WebhookResponse,
} from './define.ts';
import { isStreamable } from './define.ts';
import {
  ConnectionError,
  ConnectorError,
  clause,
  type FieldIssue,
  InternalError,
  isConnectorError,
  NotFoundError,
  TransientError,
  ValidationError,
} from './errors.ts';
import { type ClientOptions, NEVER_ABORTS, OktaClient, rateLimiterCount } from './http/client.ts';
import { redactSecrets, redactValue } from './redact.ts';
import type { StateStore } from './store/types.ts';
import { unknownFieldIssues } from './unknown-fields.ts';

export interface Registry {
  actions: ActionDefinition[];
  triggers: TriggerDefinition[];
  dataSources: DataSourceDefinition[];
  connections: ConnectionDefinition[];
}

/** `{ type: 'apiToken', fields: { domain, apiToken } }` and likewise for the other types. */
export interface ConnectionInput {
  type: string;
  fields: Record<string, unknown>;
}

export interface RuntimeOptions {
  log?: Logger;
  /** Client settings (timeouts, retries, rate-limit share) for every connection. */
  client?: Omit<ClientOptions, 'auth' | 'log'>;
  /**
   * 'throw' fails a run whose output does not match its schema (tests); 'warn' logs it (production), checking the
   * first runs of each unit and one in fifty after that, enough to notice Okta changing a shape; 'off' skips it.
   */
  outputCheck?: 'warn' | 'throw' | 'off';
  /**
   * The session cache (one Auth and client per connection): at most `max` sessions (500 by default), the least
   * recently used dropped first, and none kept once idle for `idleMs` (30 minutes by default).
   */
  sessions?: { max?: number; idleMs?: number };
  /**
   * What several hosts on one org share (issue 15, lib/store/): with a Redis store, the rate budget, webhook
   * dedupe keys and OAuth tokens. By default nothing is shared (one process).
   */
  store?: StateStore;
}

/** Okta retries a delivery it got no answer to (API-FACTS §4.2); a repeat a day later is no longer expected. */
const DEDUPE_TTL_MS = 24 * 60 * 60_000;

interface Session {
  auth: Auth;
  okta: OktaClient;
  fields: unknown;
}

/** What every runtime call takes; the declarations of `createConnector` name it, so it is exported. */
export interface CallOptions {
  connection: ConnectionInput;
  input?: unknown;
  signal?: AbortSignal;
  /** Told how a long run (a `fetchAll` list) is getting on: records done, and the most it will read. */
  onProgress?: (done: number, total?: number) => void;
}

const silent: Logger = { debug() {}, info() {}, warn() {} };

/** Shared by every input with no unknown field (only read). */
const NO_ISSUES: FieldIssue[] = [];

/**
 * For calls given no signal: one shared signal that never fires (a new AbortController per call costs), which the
 * client does not hand to the transport (a listener per request on it costs more still).
 */
const NEVER_ABORTED = NEVER_ABORTS;
// Code that waits (a retry's sleep) may listen to it while it runs, and stops listening when done: no leak to warn of.
setMaxListeners(0, NEVER_ABORTED);

export function createRuntime(registry: Registry, options: RuntimeOptions = {}) {
  const log = options.log ?? silent;
  const store = options.store?.shared ? options.store : undefined;
  const byKey = <T extends { key: string }>(list: T[]) => new Map(list.map((unit) => [unit.key, unit]));
  const actions = byKey(registry.actions);
  const triggers = byKey(registry.triggers);
  const dataSources = byKey(registry.dataSources);
  const connectionTypes = byKey(registry.connections);
  /** `action "getUser"`, built once per action: each run names its action to the checks. */
  const actionNames = new Map(registry.actions.map((action) => [action.key, `action "${action.key}"`]));
  /**
   * One Auth and client per connection, so OAuth tokens and rate-limit budgets are reused across runs. Bounded: a
   * host serving many tenants (or a caller sending a new token each time) must not grow it without end.
   */
  const sessions = new LRUCache<string, Promise<Session>>({
    max: options.sessions?.max ?? 500,
    ttl: options.sessions?.idleMs ?? 30 * 60_000,
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

  /** Each authorised session by its cache entry, for `readySession`; gone with the entry. */
  const ready = new WeakMap<Promise<Session>, Session>();

  function find<T>(map: Map<string, T>, key: string, what: string): T {
    const unit = map.get(key);
    if (!unit)
      throw new NotFoundError(`There is no ${what} "${key}".`, {
        details: { key, known: [...map.keys()] },
      });
    return unit;
  }

  /**
   * The session a connection already has, without a promise to wait on: the hot path of a run (issue 14, per-call
   * overhead). Undefined when it is still being authorised or has never been (then `session` creates or awaits it).
   */
  function readySession(connection: ConnectionInput | undefined): Session | undefined {
    if (!connection || typeof connection !== 'object' || typeof connection.type !== 'string') return undefined;
    if (!connectionTypes.has(connection.type)) return undefined;
    const pending = sessions.get(sessionKey(connection));
    return pending && ready.get(pending);
  }

  async function session(connection: ConnectionInput | undefined) {
    if (!connection || typeof connection !== 'object' || typeof connection.type !== 'string') {
      throw new ConnectionError('MISSING_CONNECTION', 'No connection was given: pass { type, fields }.', {
        details: { types: [...connectionTypes.keys()] },
      });
    }
    const definition = find(connectionTypes, connection.type, 'connection type');
    const cacheKey = sessionKey(connection);
    let pending = sessions.get(cacheKey);
    if (!pending) {
      // Sessions idle past their time are released as new ones arrive, not only when the cache is full.
      sessions.purgeStale();
      pending = (async () => {
        const parsed = definition.fields.safeParse(connection.fields ?? {});
        if (!parsed.success) {
          const issues = toIssues(parsed.error);
          throw new ConnectionError(
            'INVALID_CONNECTION',
            `The ${definition.label} connection is not valid: ${describeIssues(issues)}.`,
            { details: { issues } },
          );
        }
        const auth = await definition.authorize(parsed.data, store ? { store } : {});
        // The client wraps a logger to redact each line: given none, it logs nothing and wraps nothing.
        const okta = new OktaClient({
          ...options.client,
          auth,
          ...(options.log ? { log: options.log } : {}),
          ...(store ? { store } : {}),
        });
        return { auth, okta, fields: parsed.data };
      })();
      const created = pending;
      sessions.set(cacheKey, created);
      created.then(
        (done) => ready.set(created, done),
        () => {
          if (sessions.peek(cacheKey, { allowStale: true }) === created) sessions.delete(cacheKey);
        },
      );
    }
    return pending;
  }

  /** Runs `fn`, turning anything thrown into a ConnectorError with every secret of the connection redacted. */
  async function guarded<T>(secrets: () => string[], fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw redactSecrets(classify(error), secrets());
    }
  }

  function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string, strict = true): z.output<S> {
    // A field the schema does not know is refused, not dropped (lib/unknown-fields.ts); the state is ours, not a user's.
    const unknown = strict ? unknownFieldIssues(schema, input) : NO_ISSUES;
    const parsed = schema.safeParse(input ?? {});
    if (parsed.success && !unknown.length) return parsed.data;
    const issues = [...unknown, ...(parsed.success ? [] : toIssues(parsed.error))];
    throw new ValidationError(`Invalid input for ${what}: ${describeIssues(issues)}.`, issues, {
      code: unknown.length ? 'UNKNOWN_INPUT_FIELD' : 'INVALID_INPUT',
    });
  }

  /** Runs per unit, for sampling the output check. */
  const outputRuns = new Map<string, number>();

  function checkOutput(schema: z.ZodType, output: unknown, what: string): void {
    const mode = options.outputCheck ?? 'warn';
    if (mode === 'off') return;
    if (mode === 'warn') {
      const runs = (outputRuns.get(what) ?? 0) + 1;
      outputRuns.set(what, runs);
      if (runs > 20 && runs % 50 !== 0) return;
    }
    const parsed = schema.safeParse(output);
    if (parsed.success) return;
    const message = `The output of ${what} does not match its schema: ${describeIssues(toIssues(parsed.error))}.`;
    if (options.outputCheck === 'throw') throw new ConnectorError('okta', 'UNEXPECTED_OUTPUT', message);
    log.warn(message);
  }

  function redactingLog(secrets: string[]): Logger {
    if (!options.log) return silent; // nothing is written, so nothing to redact: no wrapper per run
    const wrap =
      (level: keyof Logger) =>
      (message: string, data?: Record<string, unknown>): void =>
        log[level](redactValue(message, secrets), data && redactValue(data, secrets));
    return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn') };
  }

  async function* streamRecords(key: string, call: CallOptions): AsyncGenerator<unknown> {
    let secrets = fieldSecrets(call.connection);
    try {
      const action = find(actions, key, 'action');
      if (!isStreamable(action)) {
        throw new ValidationError(
          `Action "${key}" is not a list, so it cannot be streamed: run it as a step instead.`,
          [{ path: '(action)', message: 'only list actions stream (the manifest marks them streamable)' }],
          { code: 'NOT_STREAMABLE' },
        );
      }
      await action.prepare?.();
      const input = parseInput(action.input, call.input, `action "${key}"`) as Record<string, unknown>;
      const given = (call.input ?? {}) as { maxRecords?: unknown };
      const maxRecords = given.maxRecords === undefined ? Number.POSITIVE_INFINITY : (input.maxRecords as number);
      const { auth, okta } = await session(call.connection);
      secrets = [...secrets, ...auth.secrets];
      const ctx = { input, okta, signal: call.signal ?? NEVER_ABORTED, log: redactingLog(secrets) };
      const item = itemSchema(action.output);
      let count = 0;
      const records = action.stream
        ? action.stream(ctx as never, maxRecords)
        : streamRequest(action.request as DeclarativeRequest, ctx, maxRecords);
      for await (const record of records) {
        // The first records of each stream are checked, as a run's output is (outputCheck).
        if (item && count < 20) checkOutput(item, record, `action "${key}" (a streamed record)`);
        count += 1;
        yield record;
      }
    } catch (error) {
      throw redactSecrets(classify(error), secrets);
    }
  }

  return {
    registry,

    /** How many sessions this runtime holds, and rate limiters the process holds: both are bounded. */
    cacheStats(): { sessions: number; rateLimiters: number } {
      return { sessions: sessions.size, rateLimiters: rateLimiterCount() };
    },

    async runAction(key: string, call: CallOptions): Promise<unknown> {
      // One async layer, no closure or copy per run (issue 14): `guarded`'s work is inlined, secrets are listed only
      // when needed (an error, a log line), and a connection already authorised is used without awaiting it.
      let auth: Auth | undefined;
      try {
        const action = find(actions, key, 'action');
        // Validate before resolving the connection: a bad input never costs a token request.
        if (action.prepare) await action.prepare();
        const input = parseInput(action.input, call.input, actionNames.get(key) as string);
        const current = readySession(call.connection) ?? (await session(call.connection));
        auth = current.auth;
        const ctx: RunContext<Record<string, unknown>> = {
          input: input as Record<string, unknown>,
          okta: current.okta,
          signal: call.signal ?? NEVER_ABORTED,
          log: options.log ? redactingLog([...fieldSecrets(call.connection), ...auth.secrets]) : silent,
        };
        if (call.onProgress) ctx.progress = call.onProgress;
        const output = action.run
          ? await action.run(ctx as never)
          : await executeRequest(action.request as DeclarativeRequest, ctx);
        checkOutput(action.output, output, actionNames.get(key) as string);
        return output;
      } catch (error) {
        throw redactSecrets(classify(error), [...fieldSecrets(call.connection), ...(auth?.secrets ?? [])]);
      }
    },

    /**
     * The records of a list action as an async iterable, read as they arrive with constant memory: the partitioned
     * export where the action declares one (not in Okta's order), else page by page. `maxRecords` caps the stream only
     * when given; `fetchAll` does not apply. Breaking out of the loop or aborting `signal` stops the requests.
     * Errors (an action that is no list, a bad input, Okta failing mid-way) are thrown from the iteration.
     */
    streamAction(key: string, call: CallOptions): AsyncIterable<unknown> {
      return streamRecords(key, call);
    },

    async listOptions(
      key: string,
      call: CallOptions & { search?: string; cursor?: string },
    ): Promise<{ options: Option[]; nextCursor?: string }> {
      const source = find(dataSources, key, 'data source');
      let secrets = fieldSecrets(call.connection);
      return guarded(
        () => secrets,
        async () => {
          const input = parseInput(source.input, call.input, `data source "${key}"`);
          const { auth, okta } = await session(call.connection);
          secrets = [...secrets, ...auth.secrets];
          const signal = call.signal ?? NEVER_ABORTED;
          const result = await source.list({
            input,
            okta,
            signal,
            log: redactingLog(secrets),
            search: call.search?.trim() || undefined,
            cursor: call.cursor || undefined,
          });
          return result.nextCursor ? result : { options: result.options };
        },
      );
    },

    async poll(key: string, call: CallOptions & { state?: unknown }): Promise<{ records: unknown[]; state: unknown }> {
      const trigger = find(triggers, key, 'trigger');
      if (trigger.kind === 'webhook') throw new NotFoundError(`Trigger "${key}" is not a polling trigger.`);
      let secrets = fieldSecrets(call.connection);
      return guarded(
        () => secrets,
        async () => {
          const input = parseInput(trigger.input, call.input, `trigger "${key}"`);
          const state =
            call.state === undefined || call.state === null
              ? undefined
              : parseInput(trigger.state, call.state, `the state of trigger "${key}"`, false);
          const { auth, okta } = await session(call.connection);
          secrets = [...secrets, ...auth.secrets];
          const signal = call.signal ?? NEVER_ABORTED;
          return trigger.poll({ input, state, okta, signal, log: redactingLog(secrets) });
        },
      );
    },

    async subscribe(key: string, call: CallOptions & { webhookUrl: string }): Promise<Subscription> {
      const trigger = find(triggers, key, 'trigger');
      if (trigger.kind === 'polling') throw new NotFoundError(`Trigger "${key}" is not a webhook trigger.`);
      let secrets = fieldSecrets(call.connection);
      return guarded(
        () => secrets,
        async () => {
          const input = parseInput(trigger.input, call.input, `trigger "${key}"`);
          const { auth, okta } = await session(call.connection);
          secrets = [...secrets, ...auth.secrets];
          const signal = call.signal ?? NEVER_ABORTED;
          return trigger.subscribe({ input, okta, signal, log: redactingLog(secrets), webhookUrl: call.webhookUrl });
        },
      );
    },

    async unsubscribe(
      key: string,
      call: { connection: ConnectionInput; subscription: Subscription; signal?: AbortSignal },
    ): Promise<void> {
      const trigger = find(triggers, key, 'trigger');
      if (trigger.kind === 'polling') throw new NotFoundError(`Trigger "${key}" is not a webhook trigger.`);
      let secrets = fieldSecrets(call.connection);
      return guarded(
        () => secrets,
        async () => {
          const { auth, okta } = await session(call.connection);
          secrets = [...secrets, ...auth.secrets, call.subscription.secret];
          const signal = call.signal ?? NEVER_ABORTED;
          await trigger.unsubscribe({ okta, subscription: call.subscription, signal, log: redactingLog(secrets) });
        },
      );
    },

    async handleWebhook(
      key: string,
      call: { subscription: Subscription; request: WebhookRequest },
    ): Promise<{ response: WebhookResponse; records: unknown[] }> {
      const trigger = find(triggers, key, 'trigger');
      if (trigger.kind === 'polling') throw new NotFoundError(`Trigger "${key}" is not a webhook trigger.`);
      return guarded(
        () => [call.subscription.secret],
        () => trigger.handle(store ? { ...call, claim: (keys) => claimShared(store, keys) } : call),
      );
    },

    async testConnection(connection: ConnectionInput, signal?: AbortSignal): Promise<ConnectionTestReport> {
      let secrets = fieldSecrets(connection);
      return guarded(
        () => secrets,
        async () => {
          const { auth, okta, fields } = await session(connection);
          secrets = [...secrets, ...auth.secrets];
          const definition = find(connectionTypes, connection.type, 'connection type');
          const report = await definition.test({ fields, okta, signal: signal ?? new AbortController().signal });
          return redactValue(report, secrets);
        },
      );
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;

/**
 * Which of `keys` this host is the first to see, across hosts. With the store unreachable every key is new here:
 * the trigger's own (per-process) dedupe still drops repeats that reach this host.
 */
async function claimShared(store: StateStore, keys: string[]): Promise<boolean[]> {
  if (!store.connected()) return keys.map(() => true);
  try {
    return await store.claimAll(
      keys.map((key) => `dedupe:${key}`),
      DEDUPE_TTL_MS,
    );
  } catch {
    return keys.map(() => true);
  }
}

/**
 * Sessions are keyed by a hash of the connection, never the secrets themselves. A field holding a function (a
 * named credential's header provider) is told apart by identity.
 */
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

/**
 * Before a connection is authorised its Auth cannot list its secrets, so every string field but the domain is
 * treated as one.
 */
function fieldSecrets(connection: ConnectionInput | undefined): string[] {
  const fields = connection?.fields;
  if (!fields || typeof fields !== 'object') return [];
  return Object.entries(fields)
    .filter(([name, value]) => name !== 'domain' && typeof value === 'string')
    .map(([, value]) => value as string);
}

/** The schema of one record of a list output (`listOutput(item)`: `{ items: item[] }`). */
function itemSchema(output: z.ZodType): z.ZodType | undefined {
  const items = (output as { shape?: Record<string, { element?: z.ZodType }> }).shape?.items;
  return items?.element;
}

function toIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

function describeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${clause(issue.message)}`).join('; ');
}

function classify(error: unknown): ConnectorError {
  if (isConnectorError(error)) return error;
  const name = (error as Error)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new TransientError(name === 'TimeoutError' ? 'TIMEOUT' : 'ABORTED', 'The run was cancelled or timed out.');
  }
  // Anything else is a bug (a TypeError in an action, a RangeError): the same input fails the same way, so it is not
  // transient, and a flow builder must not retry it.
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(
    `Unexpected error in the connector: ${clause(message)}. This is a bug, not a problem with the input or the ` +
      'connection; trying again will not help.',
    { cause: error },
  );
}
