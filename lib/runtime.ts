/**
 * @module The runtime: resolves a connection, validates input, runs a module and classifies what goes wrong.
 *
 * It knows no module by name; the registry passed to `createRuntime` is the one list of them (see `connector.ts`).
 * Every entry point is a thin use of one pipeline (`perform`): validate the input → resolve the connection (a session
 * of ./sessions.ts) → run → check the output → turn any failure into a `ConnectorError` with no secret in it.
 */
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import type { Auth } from './auth/auth.ts';
import { executeRequest, streamRequest } from './declarative.ts';
import type {
  ActionDefinition,
  ConnectionDefinition,
  ConnectionTestReport,
  DataSourceDefinition,
  DeclarativeRequest,
  Option,
  RunContext,
  Subscription,
  TriggerDefinition,
  WebhookRequest,
  WebhookResponse,
} from './define.ts';
import { isStreamable } from './define.ts';
import {
  ConnectorError,
  clause,
  InternalError,
  isConnectorError,
  NotFoundError,
  TransientError,
  unexpectedResponse,
  ValidationError,
} from './errors.ts';
import { type ClientOptions, NEVER_ABORTS } from './http/client.ts';
import { rateLimiterCount } from './http/limiter-registry.ts';
import { describeIssues, toIssues } from './issues.ts';
import { type Logger, silentLogger } from './logger.ts';
import { redactingLogger, redactSecrets, redactValue } from './redact.ts';
import { BOUNDS, cursorText } from './schemas/bounds.ts';
import { type ConnectionInput, fieldSecrets, type Session, SessionCache } from './sessions.ts';
import type { StateStore } from './store/types.ts';
import { unknownFieldIssues } from './unknown-fields.ts';

export type { ConnectionInput } from './sessions.ts';

/** A picklist's search text and cursor, bounded like every input (lib/schemas/bounds.ts). */
const PICKLIST_CALL = z.object({
  search: z
    .string()
    .trim()
    .max(BOUNDS.quickFind, `Too long: a search is at most ${BOUNDS.quickFind} characters`)
    .optional(),
  cursor: cursorText().optional(),
});

export interface Registry {
  actions: ActionDefinition[];
  triggers: TriggerDefinition[];
  dataSources: DataSourceDefinition[];
  connections: ConnectionDefinition[];
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

/** What every runtime call takes; the declarations of `createConnector` name it, so it is exported. */
export interface CallOptions {
  connection: ConnectionInput;
  input?: unknown;
  signal?: AbortSignal;
  /** Told how a long run (a `fetchAll` list) is getting on: records done, and the most it will read. */
  onProgress?: (done: number, total?: number) => void;
}

/** What a host, the CLI or a flow platform calls: one method per thing a unit does. */
export interface Runtime {
  readonly registry: Registry;
  /** How many sessions this runtime holds, and rate limiters the process holds: both are bounded. */
  cacheStats(): { sessions: number; rateLimiters: number };
  runAction(key: string, call: CallOptions): Promise<unknown>;
  /**
   * The records of a list action as an async iterable, read as they arrive with constant memory: the partitioned
   * export where the action declares one (not in Okta's order), else page by page. `maxRecords` caps the stream only
   * when given; `fetchAll` does not apply. Breaking out of the loop or aborting `signal` stops the requests.
   * Errors (an action that is no list, a bad input, Okta failing mid-way) are thrown from the iteration.
   */
  streamAction(key: string, call: CallOptions): AsyncIterable<unknown>;
  listOptions(
    key: string,
    call: CallOptions & { search?: string; cursor?: string },
  ): Promise<{ options: Option[]; nextCursor?: string }>;
  poll(key: string, call: CallOptions & { state?: unknown }): Promise<{ records: unknown[]; state: unknown }>;
  subscribe(key: string, call: CallOptions & { webhookUrl: string }): Promise<Subscription>;
  unsubscribe(
    key: string,
    call: { connection: ConnectionInput; subscription: Subscription; signal?: AbortSignal },
  ): Promise<void>;
  handleWebhook(
    key: string,
    call: { subscription: Subscription; request: WebhookRequest },
  ): Promise<{ response: WebhookResponse; records: unknown[] }>;
  testConnection(connection: ConnectionInput, signal?: AbortSignal): Promise<ConnectionTestReport>;
}

/** Okta retries a delivery it got no answer to (docs/okta.md §4.2); a repeat a day later is no longer expected. */
const DEDUPE_TTL_MS = 24 * 60 * 60_000;

/**
 * For calls given no signal: one shared signal that never fires (a new AbortController per call costs), which the
 * client does not hand to the transport (a listener per request on it costs more still).
 */
const NEVER_ABORTED = NEVER_ABORTS;
// Code that waits (a retry's sleep) may listen to it while it runs, and stops listening when done: no leak to warn of.
setMaxListeners(0, NEVER_ABORTED);

/** A call as the pipeline sees it: what any entry point may carry. */
interface Call extends CallOptions {
  state?: unknown;
  /** A webhook subscription: its secret is one more to keep out of errors and logs. */
  subscription?: Subscription;
}

/** What an entry point asks of the pipeline for one unit. */
interface Step<R> {
  /** `action "getUser"`: names the unit in validation errors and output checks. */
  what: string;
  /** Checked strictly (an unknown field is refused); absent for a call that takes no input. */
  input?: z.ZodType;
  /** A poller's state, checked when given: a state is only ever one a poll returned (issue 20). */
  state?: z.ZodType;
  /** Awaited before the input is checked: data the input's checks need, loaded on first use (callOktaOperation). */
  prepare?(): Promise<unknown>;
  /** Checks the rest of the call, before the connection is resolved (a picklist's search and cursor). */
  check?(): void;
  /** Checked against the result, as `outputCheck` says; absent where nothing is checked. */
  output?: z.ZodType;
  /** Checked on every run: the shape Okta documents (an action's `id`s), an error when it is missing. */
  checkShape?(output: unknown): void;
  run(ctx: StepContext, session: Session): Promise<R>;
}

type StepContext = RunContext<unknown> & { state?: unknown };

export function createRuntime(registry: Registry, options: RuntimeOptions = {}): Runtime {
  const log = options.log ?? silentLogger;
  const store = options.store?.shared ? options.store : undefined;
  const byKey = <T extends { key: string }>(list: T[]) => new Map(list.map((unit) => [unit.key, unit]));
  const actions = byKey(registry.actions);
  const triggers = byKey(registry.triggers);
  const dataSources = byKey(registry.dataSources);
  const connectionTypes = byKey(registry.connections);
  const sessions = new SessionCache(connectionTypes, {
    ...options.sessions,
    client: options.client,
    log: options.log,
    store,
  });
  /**
   * Each action's step, built on its first run and kept: a run allocates nothing to find what to do (issue 14,
   * per-call overhead), and a start reads nothing of an action but its key (a bundle loads its module on first use,
   * lib/lazy-unit.ts).
   */
  const actionSteps = new Map<string, Step<unknown>>();
  const actionStepOf = (key: string): Step<unknown> | undefined => {
    const step = actionSteps.get(key);
    if (step) return step;
    const action = actions.get(key);
    if (!action) return undefined;
    actionSteps.set(key, actionStep(action));
    return actionSteps.get(key);
  };
  /** Runs per unit, for sampling the output check. */
  const outputRuns = new Map<string, number>();

  function find<T>(map: Map<string, T>, key: string, what: string): T {
    const unit = map.get(key);
    if (!unit) throw notFound(map, key, what);
    return unit;
  }

  /**
   * The pipeline every call goes through: validate the input (before the connection: a bad input never costs a token
   * request) → resolve the connection (an authorised one without awaiting it) → run → check the output → any failure
   * as a ConnectorError with the connection's secrets redacted. One async layer, and secrets listed only when needed
   * (an error, a log line).
   */
  async function perform<R>(step: Step<R>, call: Call): Promise<R> {
    let auth: Auth | undefined;
    try {
      if (step.prepare) await step.prepare();
      const input = step.input ? parseInput(step.input, call.input, step.what) : undefined;
      const state =
        step.state && call.state !== undefined && call.state !== null
          ? parseInput(step.state, call.state, `the state of ${step.what}`)
          : undefined;
      step.check?.();
      const session = sessions.ready(call.connection) ?? (await sessions.get(call.connection));
      auth = session.auth;
      const ctx: StepContext = {
        input,
        okta: session.okta,
        signal: call.signal ?? NEVER_ABORTED,
        log: options.log ? redactingLogger(options.log, () => secretsOf(call, auth)) : silentLogger,
      };
      if (call.onProgress) ctx.progress = call.onProgress;
      if (step.state) ctx.state = state;
      const output = await step.run(ctx, session);
      step.checkShape?.(output);
      if (step.output) checkOutput(step.output, output, step.what);
      return output;
    } catch (error) {
      throw redactSecrets(classify(error), secretsOf(call, auth));
    }
  }

  function actionStep(action: ActionDefinition): Step<unknown> {
    const { run, request, prepare } = action;
    return {
      what: `action "${action.key}"`,
      prepare,
      input: action.input,
      output: action.output,
      checkShape: (output) => checkShape(action, output),
      run: run ? (ctx) => run(ctx as never) : (ctx) => executeRequest(request as DeclarativeRequest, ctx as never),
    };
  }

  function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
    // A field the schema does not know is refused, not dropped (lib/unknown-fields.ts), in a state too: a state is only
    // ever one a poll returned, so a field it does not have means it was not (issue 20).
    const unknown = unknownFieldIssues(schema, input);
    const parsed = schema.safeParse(input ?? {});
    if (parsed.success && !unknown.length) return parsed.data;
    const issues = [...unknown, ...(parsed.success ? [] : toIssues(parsed.error))];
    throw new ValidationError(`Invalid input for ${what}: ${describeIssues(issues)}.`, issues, {
      code: unknown.length ? 'UNKNOWN_INPUT_FIELD' : 'INVALID_INPUT',
    });
  }

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

  /**
   * A list action's records one by one: the pipeline validates the input and resolves the connection, then each record
   * is checked as a run's output is (the first ones), and a failure mid-way is classified and redacted as in `perform`.
   */
  async function* streamRecords(key: string, call: CallOptions): AsyncGenerator<unknown> {
    let auth: Auth | undefined;
    try {
      const action = find(actions, key, 'action');
      if (!isStreamable(action)) {
        throw new ValidationError(
          `Action "${key}" is not a list, so it cannot be streamed: run it as a step instead.`,
          [{ path: '(action)', message: 'only list actions stream (the manifest marks them streamable)' }],
          { code: 'NOT_STREAMABLE' },
        );
      }
      const opening = { what: `action "${key}"`, prepare: action.prepare, input: action.input, run: openStream };
      const opened = await perform(opening, call);
      auth = opened.auth;
      const { ctx } = opened;
      const given = (call.input ?? {}) as { maxRecords?: unknown };
      const input = ctx.input as Record<string, unknown>;
      const maxRecords = given.maxRecords === undefined ? Number.POSITIVE_INFINITY : (input.maxRecords as number);
      const item = itemSchema(action.output);
      const shape = shapeOfSchema(action.output);
      const needsId = shape.list && shape.itemId;
      let count = 0;
      const records = action.stream
        ? action.stream(ctx as never, maxRecords)
        : streamRequest(action.request as DeclarativeRequest, ctx as never, maxRecords);
      for await (const record of records) {
        // Each record has the shape Okta documents (checkShape); the first are checked whole, as a run's output is.
        if (needsId && !hasId(record)) {
          throw unexpectedResponse(operationOf(action), `records each with its "id" (record ${count})`, record);
        }
        if (item && count < 20) checkOutput(item, record, `action "${key}" (a streamed record)`);
        count += 1;
        yield record;
      }
    } catch (error) {
      throw redactSecrets(classify(error), secretsOf(call, auth));
    }
  }

  /**
   * A trigger called the way it is not delivered (polling a webhook-only one, subscribing a polling one): it exists,
   * so not UNKNOWN_KEY, and the error says which calls it takes.
   */
  function unsupportedDelivery(key: string, trigger: TriggerDefinition, call: string): ConnectorError {
    const polls = trigger.kind === 'polling';
    return new ConnectorError(
      'validation',
      'UNSUPPORTED_DELIVERY',
      `Trigger "${key}" cannot be called with ${call}: it is ${polls ? 'a polling trigger: poll it' : 'delivered by webhook: subscribe to it'}.`,
      { details: { key, call, supports: polls ? ['poll'] : ['subscribe', 'unsubscribe', 'handleWebhook'] } },
    );
  }

  function pollingTrigger(key: string) {
    const trigger = find(triggers, key, 'trigger');
    if (trigger.kind === 'webhook') throw unsupportedDelivery(key, trigger, 'poll');
    return trigger;
  }

  function webhookTrigger(key: string, call: 'subscribe' | 'unsubscribe' | 'handleWebhook') {
    const trigger = find(triggers, key, 'trigger');
    if (trigger.kind === 'polling') throw unsupportedDelivery(key, trigger, call);
    return trigger;
  }

  return {
    registry,

    cacheStats() {
      return { sessions: sessions.size, rateLimiters: rateLimiterCount() };
    },

    runAction(key, call) {
      const step = actionStepOf(key);
      if (!step) return Promise.reject(redactSecrets(notFound(actions, key, 'action'), fieldSecrets(call.connection)));
      return perform(step, call);
    },

    streamAction(key, call) {
      return streamRecords(key, call);
    },

    async listOptions(key, call) {
      const source = find(dataSources, key, 'data source');
      const what = `data source "${key}"`;
      let picked: z.output<typeof PICKLIST_CALL> = {};
      const check = () => {
        picked = parseInput(PICKLIST_CALL, { search: call.search, cursor: call.cursor || undefined }, what);
      };
      const list = async (ctx: StepContext) => {
        const result = await source.list({ ...ctx, search: picked.search || undefined, cursor: picked.cursor });
        return result.nextCursor ? result : { options: result.options };
      };
      return perform({ what, input: source.input, check, run: list }, call);
    },

    async poll(key, call) {
      const trigger = pollingTrigger(key);
      const poll = (ctx: StepContext) => trigger.poll(ctx as never);
      return perform({ what: `trigger "${key}"`, input: trigger.input, state: trigger.state, run: poll }, call);
    },

    async subscribe(key, call) {
      const trigger = webhookTrigger(key, 'subscribe');
      const subscribe = (ctx: StepContext) => trigger.subscribe({ ...ctx, webhookUrl: call.webhookUrl });
      return perform({ what: `trigger "${key}"`, input: trigger.input, run: subscribe }, call);
    },

    async unsubscribe(key, call) {
      const trigger = webhookTrigger(key, 'unsubscribe');
      const unsubscribe = ({ okta, signal, log }: StepContext) =>
        trigger.unsubscribe({ okta, subscription: call.subscription, signal, log });
      return perform({ what: `trigger "${key}"`, run: unsubscribe }, call);
    },

    async handleWebhook(key, call) {
      const trigger = webhookTrigger(key, 'handleWebhook');
      try {
        return await trigger.handle(store ? { ...call, claim: (keys) => claimShared(store, keys) } : call);
      } catch (error) {
        throw redactSecrets(classify(error), [call.subscription.secret]);
      }
    },

    async testConnection(connection, signal) {
      const call = { connection, signal: signal ?? new AbortController().signal };
      const test = async ({ okta, signal }: StepContext, { auth, fields }: Session) => {
        const definition = find(connectionTypes, connection.type, 'connection type');
        return redactValue(await definition.test({ fields, okta, signal }), secretsOf(call, auth));
      };
      return perform({ what: 'connection', run: test }, call);
    },
  };
}

/** The pipeline's context for a stream, with the credential whose secrets its failures must not show. */
async function openStream(ctx: StepContext, session: Session): Promise<{ ctx: StepContext; auth: Auth }> {
  return { ctx, auth: session.auth };
}

function notFound(map: Map<string, unknown>, key: string, what: string): NotFoundError {
  return new NotFoundError(`There is no ${what} "${key}".`, { details: { key, known: [...map.keys()] } });
}

/** Every secret a call may hold: its connection's fields and credential, and a webhook subscription's. */
function secretsOf(call: Call, auth: Auth | undefined): string[] {
  return [
    ...fieldSecrets(call.connection),
    ...(auth?.secrets ?? []),
    ...(call.subscription ? [call.subscription.secret] : []),
  ];
}

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

/** The schema of one record of a list output (`listOutput(item)`: `{ items: item[] }`). */
function itemSchema(output: z.ZodType): z.ZodType | undefined {
  const items = (output as { shape?: Record<string, { element?: z.ZodType }> }).shape?.items;
  return items?.element;
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

/**
 * The shape Okta documents for an output, worked out once from its schema: a record's required `id`, a list's array
 * of records (each with its `id` when the item requires one). Checked on every run, unlike the sampled output check:
 * an answer without it is an error (UNEXPECTED_RESPONSE), never a success with nothing in it (issue 20).
 */
type DocumentedShape = { list: false; id: boolean } | { list: true; itemId: boolean };
const documentedShapes = new WeakMap<z.ZodType, DocumentedShape>();

function shapeOfSchema(schema: z.ZodType): DocumentedShape {
  let shape = documentedShapes.get(schema);
  if (!shape) {
    const items = fieldsOf(schema)?.items;
    const element = (items as { element?: z.ZodType } | undefined)?.element;
    shape = element ? { list: true, itemId: requiresId(element) } : { list: false, id: requiresId(schema) };
    documentedShapes.set(schema, shape);
  }
  return shape;
}

function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return (schema as { shape?: Record<string, z.ZodType> }).shape;
}

/** Whether an object schema has an `id` it cannot do without. */
function requiresId(schema: z.ZodType): boolean {
  const id = fieldsOf(schema)?.id;
  return id !== undefined && !id.safeParse(undefined).success;
}

const hasId = (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

/** The operation an action's answer came from, for the error: its request, else its key. */
function operationOf(action: ActionDefinition): string {
  return action.request ? `${action.request.method} ${action.request.path}` : `action "${action.key}"`;
}

function checkShape(action: ActionDefinition, output: unknown): void {
  const shape = shapeOfSchema(action.output);
  if (!shape.list) {
    if (shape.id && !hasId(output)) throw unexpectedResponse(operationOf(action), 'a record with its "id"', output);
    return;
  }
  const items = (output as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) throw unexpectedResponse(operationOf(action), 'a JSON array (a list)', items);
  if (!shape.itemId) return;
  const index = items.findIndex((item) => !hasId(item));
  if (index !== -1) {
    throw unexpectedResponse(operationOf(action), `records each with its "id" (record ${index})`, items[index]);
  }
}
