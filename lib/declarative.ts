/**
 * @module Executes a declarative action (`request` in the module contract, `DeclarativeRequest` in define.ts): resolve
 * the inputs that need it, fill the path, send the query and body, page a list, read back, map the output.
 *
 * Every id is checked as one path segment before the first request, so a bad id is refused with nothing sent, even
 * when another input would have needed a lookup first.
 */
import type { DeclarativeRequest, Resolver, RunContext } from './define.ts';
import { partitionedRecords } from './export/partitioned.ts';
import type { OktaClient, QueryValue } from './http/client.ts';
import { pathOf, placeholders, segment } from './http/path.ts';
import { list, listRecords } from './list.ts';
import { userIdOf, userPathRef } from './schemas/refs.ts';
import { isSet } from './schemas/rules.ts';

type Input = Record<string, unknown>;

const resolvers: Record<
  Resolver,
  (okta: OktaClient, value: string, field: string, signal: AbortSignal) => Promise<string>
> = {
  user: (okta, value, field, signal) => userIdOf(okta, value, signal, field),
  userPath: (okta, value, field, signal) => userPathRef(okta, value, signal, field),
};

/** Each request's placeholders that need no lookup, worked out once (declarations are data that never changes). */
const idsToCheck = new WeakMap<DeclarativeRequest, string[]>();

function checkedIds(request: DeclarativeRequest): string[] {
  let names = idsToCheck.get(request);
  if (!names) {
    const resolve = request.resolve ?? {};
    const all = new Set([...placeholders(request.path), ...placeholders(request.readBack?.path ?? '')]);
    names = [...all].filter((name) => !(name in resolve));
    idsToCheck.set(request, names);
  }
  return names;
}

/** Checks the ids, resolves the inputs that need it, and fills the path and query. */
async function prepare(request: DeclarativeRequest, ctx: RunContext<Input>) {
  const { okta, signal } = ctx;
  const resolve = request.resolve ?? {};
  // Ids that need no lookup are checked before any lookup spends a request; resolvers check their own.
  for (const name of checkedIds(request)) segment(name, ctx.input[name]);
  const input: Input = { ...ctx.input };
  for (const [name, resolver] of Object.entries(resolve)) {
    const value = input[name];
    if (typeof value === 'string') input[name] = await resolvers[resolver](okta, value, name, signal);
  }

  const path = pathOf(request.path, input);
  const query: Record<string, QueryValue> = request.extraQuery
    ? ({ ...(input.extraQuery as Input | undefined) } as Record<string, QueryValue>)
    : {};
  for (const name of request.query ?? []) query[name] = input[name] as QueryValue;
  return { input, path, query };
}

export async function executeRequest(request: DeclarativeRequest, ctx: RunContext<Input>): Promise<unknown> {
  const { okta, signal, log, progress } = ctx;
  const { input, path, query } = await prepare(request, ctx);

  if (request.list) {
    const settings = request.list === true ? {} : request.list;
    const unpaged = settings.unpaged && isSet(input[settings.unpaged.when]) ? settings.unpaged : undefined;
    const result = await list(okta, {
      path,
      query,
      limit: input.limit as number,
      after: input.after as string | undefined,
      fetchAll: input.fetchAll === true,
      maxRecords: input.maxRecords as number,
      ...(unpaged ? { unpaged: { maxLimit: unpaged.maxLimit } } : {}),
      ...(settings.stopOnEmptyPage ? { stopOnEmptyPage: true } : {}),
      signal,
      log,
      progress,
    });
    return request.output ? mapOutput(request.output, { input, response: result }) : result;
  }

  const response = await okta.request({
    method: request.method,
    path,
    query,
    body: request.body ? bodyOf(request.body, input) : undefined,
    ...(request.idempotent !== undefined ? { idempotent: request.idempotent } : {}),
    signal,
  });
  const readBack = request.readBack
    ? (await okta.request({ method: request.readBack.method, path: pathOf(request.readBack.path, input), signal })).data
    : undefined;
  if (request.output) return mapOutput(request.output, { input, response: response.data, readBack });
  return (request.readBack ? readBack : response.data) ?? {};
}

/**
 * The records of a list action as a stream, up to `maxRecords` (Infinity for all): read in parallel windows
 * (lib/export/partitioned.ts) when the action declares a `partition` and no input rules it out, else page by page
 * in Okta's order (`listRecords`, from `after` when given). `fetchAll` does not apply: a stream reads every page.
 */
export async function* streamRequest(
  request: DeclarativeRequest,
  ctx: RunContext<Input>,
  maxRecords: number,
): AsyncGenerator<unknown> {
  const settings = request.list === true ? {} : (request.list ?? {});
  const { input, path, query } = await prepare(request, ctx);
  const { okta, signal, log } = ctx;
  const limit = input.limit as number;
  const unpaged = settings.unpaged && isSet(input[settings.unpaged.when]) ? settings.unpaged : undefined;
  const partition = settings.partition;
  if (partition && !unpaged && !partition.unless.some((name) => isSet(input[name]))) {
    const search = isSet(input[partition.search]) ? String(input[partition.search]) : partition.everything;
    const rest = { ...query };
    delete rest[partition.search];
    yield* partitionedRecords(okta, {
      path,
      query: rest,
      attribute: partition.attribute,
      ...(search ? { search } : {}),
      limit,
      maxRecords,
      signal,
      log,
    });
    return;
  }
  yield* listRecords(okta, {
    path,
    query,
    limit,
    after: input.after as string | undefined,
    maxRecords,
    ...(unpaged ? { unpaged: { maxLimit: unpaged.maxLimit } } : {}),
    ...(settings.stopOnEmptyPage ? { stopOnEmptyPage: true } : {}),
    signal,
    log,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ 'profile.name': 'name' }` → `{ profile: { name: input.name } }`, entries in order, objects merged. */
export function bodyOf(mapping: Record<string, string>, input: Input): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(mapping)) {
    const value = input[name];
    if (value === undefined) continue;
    const keys = field.split('.');
    const last = keys.pop() as string;
    let node = body;
    for (const key of keys) {
      // Copied on the way down: an object input is never changed in place.
      const child: Record<string, unknown> = isObject(node[key]) ? { ...(node[key] as Record<string, unknown>) } : {};
      node[key] = child;
      node = child;
    }
    const existing = node[last];
    node[last] = isObject(value) ? { ...(isObject(existing) ? existing : {}), ...value } : value;
  }
  return body;
}

/** `{ userId: 'readBack.id' }` → `{ userId: <the read-back's id> }`; absent and null sources leave the field out. */
export function mapOutput(mapping: Record<string, string>, sources: Record<string, unknown>): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping)) {
    let value: unknown = sources;
    for (const key of source.split('.')) value = isObject(value) ? value[key] : undefined;
    if (value !== undefined && value !== null) output[field] = value;
  }
  return output;
}
