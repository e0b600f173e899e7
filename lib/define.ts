/**
 * @module The module contract. Every action, trigger, data source and connection is one file whose default export
 * is one of these `define*` calls. They return their argument unchanged: they exist so that `input` inside `run` is
 * `z.infer` of the input schema, with no hand-written interface beside the schema.
 */
import type { z } from 'zod';
import type { Auth } from './auth/auth.ts';
import type { ErrorCode } from './errors.ts';
import type { OktaClient } from './http/client.ts';
import type { Logger } from './logger.ts';
import type { StateStore } from './store/types.ts';

// The contracts a unit's code meets, kept in modules of their own so that the client needs nothing from this file.
export type { Auth, AuthResponse } from './auth/auth.ts';
export type { Logger } from './logger.ts';

export type Area =
  | 'users'
  | 'factors'
  | 'groups'
  | 'group-rules'
  | 'apps'
  | 'event-hooks'
  | 'logs'
  | 'org'
  | 'imports'
  | 'misc';

/** Tells flow builders and AI agents what a step does to the org. */
export interface Hints {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
}

/**
 * Field metadata carried through zod's `.meta()` into the manifest's JSON Schemas, where lib/manifest.ts writes it in
 * JSON Schema's words: `label` → `title`, `example` → `examples: [example]`, `placeholder` → `x-placeholder`,
 * `dataSource` → `x-dataSource`.
 */
export interface FieldMeta {
  label?: string;
  placeholder?: string;
  example?: unknown;
  /** Key of the data source (picklist) that fills this field. */
  dataSource?: string;
}

declare module 'zod/v4/core' {
  interface GlobalMeta extends FieldMeta {}
}

export interface RunContext<I> {
  input: I;
  okta: OktaClient;
  signal: AbortSignal;
  log: Logger;
  /** For long runs: how many records are done so far, and how many at most. Hosts may show it (the CLI does). */
  progress?: (done: number, total?: number) => void;
}

/**
 * How an input becomes what a path takes, before the call (lib/declarative.ts):
 * - `user`: an id or a login → the user's id, for endpoints that take only an id (spec parameter `pathUserId`, e.g.
 *   group memberships); an id-shaped value is used as it is, a login costs one lookup.
 * - `userPath`: an id or a login → what `/api/v1/users/{id}` and its lifecycle operations route: the value itself,
 *   except a login Okta cannot route (holding `/` or `?`, docs/okta.md §7.2), looked up for its id.
 */
export type Resolver = 'user' | 'userPath';

/** The shared pager's settings for a list action (lib/list.ts). */
export interface DeclarativeList {
  /**
   * While this input is set, Okta does not page (`q` on users and groups, docs/okta.md §2.3, §2.4): one request, with
   * `fetchAll` of up to `maxRecords`, at most `maxLimit`.
   */
  unpaged?: { when: string; maxLimit: number };
  /** An empty page ends the list (System Log polling queries, docs/okta.md §3.2). */
  stopOnEmptyPage?: boolean;
  /**
   * Okta can search this list by an immutable timestamp: a stream reads it in parallel windows
   * (lib/export/partitioned.ts), unless an input in `unless` is set. `search` names the input ANDed with each window;
   * `everything`, the expression selecting what the list returns when that input is empty.
   */
  partition?: { attribute: string; search: string; unless: string[]; everything?: string };
}

/**
 * An action that is one Okta call, as data: executed by `executeRequest` (lib/declarative.ts) and carried as is in
 * the manifest, so a host in another language can execute it too. Everything is JSON: no functions.
 */
export interface DeclarativeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the org, with `{inputKey}` placeholders, each filled as exactly one encoded segment (`pathOf`). */
  path: string;
  /** Input keys sent as query parameters of the same name, when set. */
  query?: string[];
  /** Sends the `extraQuery` input (a record) as further query parameters; the declared ones win. */
  extraQuery?: boolean;
  /**
   * The JSON body as `{ oktaField: inputKey }`; absent means no body. A dotted field nests (`'profile.name': 'name'`
   * → `{ profile: { name } }`). Entries apply in order and an object input merges into what is there, so flat fields
   * listed after a record (`profile: 'profile'`) win over its keys. An absent input is left out; null is sent.
   */
  body?: Record<string, string>;
  /** A POST or PATCH that is safe to repeat (a partial update with the same values), retried after a 5xx. */
  idempotent?: boolean;
  /** Inputs resolved before the call, `{ userId: 'user' }`; the resolved value is the input from then on. */
  resolve?: Record<string, Resolver>;
  /**
   * A list action: the shared pager (lib/list.ts) with the `limit`, `after`, `fetchAll` and `maxRecords` inputs
   * (`listFields`); the output is `{ items, nextCursor }`.
   */
  list?: true | DeclarativeList;
  /** A read-back after the call, e.g. the user after a lifecycle operation that Okta may complete later. */
  readBack?: { method: 'GET'; path: string };
  /**
   * The output, `{ outputField: source }`, a source being `input.<key>` (after `resolve`), `response.<path>` (the
   * call's JSON body) or `readBack.<path>` (the read-back's), dotted for nested fields, or `response` alone for the
   * whole body (`{ items: 'response' }` for a collection Okta answers in one response); a source that is absent or null
   * leaves the field out. Without it: the list, else the read-back's body, else the call's body (`{}` when empty).
   */
  output?: Record<string, string>;
}

interface UnitBase<I extends z.ZodType, O extends z.ZodType> {
  /** Stable forever: flows saved by users refer to it. camelCase, equal to its key in docs/catalog.md. */
  key: string;
  label: string;
  description: string;
  input: I;
  output: O;
  /** OAuth scopes the connection must grant. */
  scopes: string[];
  examples?: { input: z.input<I>; output?: z.output<O> }[];
  /**
   * The Okta operations its code may call, as the spec writes them (`GET /api/v1/users/{userId}`): the manifest
   * derives the error codes it can answer from them (lib/operations.ts), and test/reliability/unit-fuzz.test.ts fails a
   * unit that sends a request to any other. A declarative action's follow from its `request`; `'any'` is for the one
   * unit that may call any operation of the org, by a path and headers its caller gives (rawRequest). Optional for
   * units written before it existed: an action without it is taken to call any, a trigger none. Every unit of this
   * connector declares its own (test/structure.test.ts).
   */
  operations?: Operations;
}

export type Operations = readonly string[] | 'any';

export interface ActionDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType>
  extends UnitBase<I, O> {
  area: Area;
  hints: Hints;
  run?: (ctx: RunContext<z.output<I>>) => Promise<z.input<O>>;
  request?: DeclarativeRequest;
  /**
   * The codes its own code throws beyond those its operations answer (lib/operations.ts): rawRequest's checks of the
   * path and headers its caller gives, callOktaOperation's unknown operation. The manifest lists them with the rest.
   */
  throws?: readonly ErrorCode[];
  /** Awaited before the input is checked: data the input's checks need, loaded on first use (callOktaOperation). */
  prepare?: () => Promise<unknown>;
  /**
   * The hints of one call, where they depend on the input (callOktaOperation: the operation's); `hints` are then the
   * action's in general. Read after `prepare`; undefined for an input that names nothing (it is refused anyway).
   */
  hintsOf?: (input: unknown) => Hints | undefined;
  /** A code action's records as a stream (`streamAction`), for inputs that name a list. */
  stream?: (ctx: RunContext<z.output<I>>, maxRecords: number) => AsyncIterable<unknown>;
}

export function defineAction<I extends z.ZodType, O extends z.ZodType>(
  definition: ActionDefinition<I, O> &
    ({ run: (ctx: RunContext<z.output<I>>) => Promise<z.input<O>> } | { request: DeclarativeRequest }),
): ActionDefinition<I, O> {
  return definition;
}

/** A declarative list action can run as a stream of its records (lib/runtime.ts, `streamAction`). */
export function isStreamable(action: ActionDefinition): boolean {
  return Boolean(action.request?.list || action.stream);
}

export interface PollContext<I, S> extends RunContext<I> {
  /** What the previous poll returned; undefined on the first poll. The runtime keeps nothing between polls. */
  state: S | undefined;
}

export interface PollingTriggerDefinition<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
> extends UnitBase<I, O> {
  kind: 'polling';
  state: S;
  poll(ctx: PollContext<z.output<I>, z.output<S>>): Promise<{ records: z.input<O>[]; state: z.input<S> }>;
}

export function definePollingTrigger<I extends z.ZodType, O extends z.ZodType, S extends z.ZodType>(
  definition: Omit<PollingTriggerDefinition<I, O, S>, 'kind'>,
): PollingTriggerDefinition<I, O, S> {
  return { ...definition, kind: 'polling' };
}

/**
 * What `subscribe` hands back to the host: it keeps it (as JSON, across restarts) and passes it to `handle` and
 * `unsubscribe`. Closed on purpose: a host stores exactly these fields and nothing a trigger slips in.
 */
export interface Subscription {
  /** The Okta event hook created for this subscription. */
  hookId: string;
  /** The per-subscription secret Okta sends on every delivery; never logged, never shown. */
  secret: string;
  webhookUrl: string;
  /** The event types the hook delivers; anything else in a delivery is ignored. */
  eventTypes: string[];
}

/** Bodies larger than this are refused with 413 by the host before a trigger sees them. */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024;

/** A call to the webhook URL, as received: the trigger authenticates it and parses the raw body itself. */
export interface WebhookRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The raw body, at most MAX_WEBHOOK_BODY_BYTES; empty for a GET. */
  body: string | Uint8Array;
}

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What every webhook trigger does: subscribe (create the hook), unsubscribe (remove it) and handle deliveries. */
export interface WebhookMethods<I, O> {
  subscribe(ctx: RunContext<I> & { webhookUrl: string }): Promise<Subscription>;
  unsubscribe(ctx: { okta: OktaClient; subscription: Subscription; signal: AbortSignal; log: Logger }): Promise<void>;
  handle(ctx: {
    subscription: Subscription;
    request: WebhookRequest;
    /** Given by a runtime shared by several hosts: which of these dedupe keys no host has seen yet. */
    claim?: (keys: string[]) => Promise<boolean[]>;
  }): Promise<{
    response: WebhookResponse;
    records: O[];
  }>;
}

export interface WebhookTriggerDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType>
  extends UnitBase<I, O>,
    WebhookMethods<z.output<I>, z.input<O>> {
  kind: 'webhook';
}

export function defineWebhookTrigger<I extends z.ZodType, O extends z.ZodType>(
  definition: Omit<WebhookTriggerDefinition<I, O>, 'kind'>,
): WebhookTriggerDefinition<I, O> {
  return { ...definition, kind: 'webhook' };
}

/**
 * A trigger the user runs either way (the event cards): by webhook (`subscribe`/`handle`) or by polling (`poll`), with
 * the same records. Its input says which (`delivery`); the runtime accepts both kinds of call.
 */
export interface WebhookOrPollingTriggerDefinition<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
> extends UnitBase<I, O>,
    WebhookMethods<z.output<I>, z.input<O>> {
  kind: 'webhookOrPolling';
  state: S;
  poll(ctx: PollContext<z.output<I>, z.output<S>>): Promise<{ records: z.input<O>[]; state: z.input<S> }>;
}

export type TriggerDefinition = PollingTriggerDefinition | WebhookTriggerDefinition | WebhookOrPollingTriggerDefinition;

export interface Option {
  value: string;
  label: string;
  description?: string;
}

export interface DataSourceDefinition<I extends z.ZodType = z.ZodType> {
  key: string;
  label: string;
  description: string;
  scopes: string[];
  /** Input keys whose values this picklist needs (e.g. `userId` for a user's factors). */
  dependsOn: string[];
  input: I;
  /** The Okta operations it calls, `GET /api/v1/users` (lib/operations.ts); none for a list it holds itself. */
  operations?: string[];
  list(
    ctx: RunContext<z.output<I>> & { search: string | undefined; cursor: string | undefined },
  ): Promise<{ options: Option[]; nextCursor?: string | undefined }>;
}

export function defineDataSource<I extends z.ZodType>(definition: DataSourceDefinition<I>): DataSourceDefinition<I> {
  return definition;
}

export interface ConnectionTestReport {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string }[];
  org?: { id?: string; pipeline?: string; engine?: 'Identity Engine' | 'Classic' };
  warnings: string[];
}

export interface ConnectionDefinition<F extends z.ZodType = z.ZodType> {
  key: string;
  label: string;
  description: string;
  fields: F;
  /** `context.store`: given when several hosts share state (tokens are then shared too, issue 15). */
  authorize(fields: z.output<F>, context?: { store?: StateStore }): Promise<Auth> | Auth;
  test(ctx: { fields: z.output<F>; okta: OktaClient; signal: AbortSignal }): Promise<ConnectionTestReport>;
}

export function defineConnection<F extends z.ZodType>(definition: ConnectionDefinition<F>): ConnectionDefinition<F> {
  return definition;
}
