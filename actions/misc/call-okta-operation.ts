import { z } from 'zod';
import { defineAction, type RunContext } from '../../lib/define.ts';
import { ValidationError } from '../../lib/errors.ts';
import { cursorOf, type QueryValue } from '../../lib/http/client.ts';
import { pathOf } from '../../lib/http/path.ts';
import { list, listRecords } from '../../lib/list.ts';
import {
  answerIssues,
  callIssues,
  loadedOperationIndex,
  loadOperationIndex,
  type OktaOperation,
} from '../../lib/operation-index.ts';

/** The operation of an id, once the index is loaded (the action's `prepare` loads it before the input is checked). */
function operationOf(id: string): OktaOperation {
  const index = loadedOperationIndex();
  const operation = index?.byId.get(id);
  if (!operation) {
    throw new ValidationError(
      `Okta's Management API has no operation "${id}": look it up with selectOperation.`,
      [{ path: 'operationId', message: unknownOperation(id) }],
      { code: 'UNKNOWN_OPERATION' },
    );
  }
  return operation;
}

const unknownOperation = (id: string) =>
  `Okta's Management API has no operation "${id.slice(0, 80)}": search them with selectOperation`;

const Input = z
  .object({
    operationId: z.string().min(1).meta({
      label: 'Operation',
      description:
        "The operationId of an operation of Okta's Management API (e.g. listGroups); search them with the picker.",
      example: 'listGroups',
      dataSource: 'selectOperation',
    }),
    parameters: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({
        label: 'Parameters',
        description: "The operation's path and query parameters by name, checked against the spec before sending.",
        example: { limit: 2 },
      }),
    body: z.unknown().optional().meta({
      label: 'Body',
      description: "The JSON body, checked against the operation's request schema before sending.",
    }),
    fetchAll: z.boolean().default(false).meta({
      label: 'Fetch all pages',
      description: 'For a list operation: follow every page up to Max records, instead of returning one page.',
    }),
    maxRecords: z.number().int().min(1).max(100_000).default(1000).meta({
      label: 'Max records',
      description: 'For a list operation with Fetch all pages: stop after this many records.',
    }),
  })
  .superRefine((input, ctx) => {
    // The index is loaded by `prepare` (without it, `run` refuses the id itself).
    const index = loadedOperationIndex();
    const operation = index?.byId.get(input.operationId);
    if (!operation) {
      if (index) ctx.addIssue({ code: 'custom', path: ['operationId'], message: unknownOperation(input.operationId) });
      return;
    }
    for (const issue of callIssues(operation, input.parameters, input.body)) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
    // The pager asks for pages of `limit` records: it must be a count (a few operations type it as text).
    const limit = input.parameters.limit;
    if (operation.list && limit !== undefined && !/^[1-9]\d*$/.test(String(limit))) {
      ctx.addIssue({ code: 'custom', path: ['parameters', 'limit'], message: 'The page size must be a whole number' });
    }
  });

const Output = z
  .object({
    operationId: z.string(),
    status: z.number().int().optional().meta({ description: 'The HTTP status Okta answered (not for a list).' }),
    body: z.unknown().optional().meta({ description: "Okta's JSON answer, absent when there is none." }),
    items: z.array(z.unknown()).optional().meta({ description: "A list operation's records." }),
    nextCursor: z.string().optional().meta({ description: 'Where the list continues (its after cursor).' }),
  })
  // As our own actions' outputs are: checked, tolerantly, against the operation's response schema.
  .superRefine((output, ctx) => {
    const operation = loadedOperationIndex()?.byId.get(output.operationId);
    if (!operation) return;
    const issues = output.items
      ? output.items.slice(0, 20).flatMap((item) => answerIssues(operation, item, true))
      : answerIssues(operation, output.body);
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

type Input = z.output<typeof Input>;

/** The request of a call: the path filled one segment per parameter, the query, and the list settings. */
function requestOf(operation: OktaOperation, input: Input) {
  const values: Record<string, unknown> = {};
  const query: Record<string, QueryValue> = {};
  for (const parameter of operation.parameters) {
    const value = input.parameters[parameter.name];
    if (value === undefined || value === null) continue;
    if (parameter.in === 'path') values[parameter.name] = value;
    else if (Array.isArray(value) && parameter.explode === false) query[parameter.name] = value.join(',');
    else
      query[parameter.name] =
        typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : (value as QueryValue);
  }
  return { path: pathOf(operation.path, values), query };
}

/** A list's paging: its own `limit` and `after` parameters drive the shared pager (lib/list.ts). */
function pagingOf(operation: OktaOperation, query: Record<string, QueryValue>) {
  const { limit, after, ...rest } = query;
  const limitSchema = operation.parameters.find((p) => p.name === 'limit')?.schema;
  const pageSize = Number(limit ?? limitSchema?.default ?? limitSchema?.maximum ?? 20);
  return { query: rest, limit: pageSize, after: after === undefined ? undefined : String(after) };
}

export default defineAction({
  key: 'callOktaOperation',
  label: 'Call an Okta Operation',
  description:
    "Call any operation of Okta's Management API by its operationId, with its parameters and body checked against " +
    "Okta's spec before anything is sent. Look the operation up first (the selectOperation picker, " +
    '`okta-connector operations <search>` or GET /api/operations/{operationId}) to see its parameters and body. ' +
    'List operations page like the list actions (fetchAll, maxRecords). An operation that deletes, deactivates, ' +
    'revokes or resets is destructive and is refused where destructive actions are. GET, PUT and DELETE ' +
    'operations are retried after a server error or after a lost answer; POST and PATCH are not.',
  area: 'misc',
  // What a call needs is the operation's (x-scopes in its form): the connection must grant it.
  scopes: [],
  // Those of the operation called, which the MCP server checks per call (host/mcp-policy.ts, `callAccess`).
  hints: { readOnly: false, destructive: false, idempotent: false },
  // Any operation of the spec, checked against it before sending (lib/operation-index.ts).
  operations: 'any',
  throws: ['UNKNOWN_OPERATION', 'NOT_STREAMABLE'],
  input: Input,
  output: Output,
  examples: [
    { input: { operationId: 'listGroups', parameters: { limit: 2 } } },
    {
      input: {
        operationId: 'listUsers',
        parameters: { limit: 5, search: 'status eq "ACTIVE"' },
        fetchAll: true,
        maxRecords: 10,
      },
    },
  ],
  prepare: loadOperationIndex,
  hintsOf: (input) => {
    const id = (input as { operationId?: unknown } | undefined)?.operationId;
    return typeof id === 'string' ? loadedOperationIndex()?.byId.get(id)?.hints : undefined;
  },
  async run({ input, okta, signal, log, progress }: RunContext<Input>) {
    const operation = operationOf(input.operationId);
    const { path, query } = requestOf(operation, input);
    if (operation.list) {
      const paging = pagingOf(operation, query);
      const result = await list(okta, {
        path,
        ...paging,
        fetchAll: input.fetchAll,
        maxRecords: input.maxRecords,
        signal,
        log,
        progress,
      });
      return { operationId: operation.id, ...result };
    }
    const response = await okta.request<unknown>({
      method: operation.method,
      path,
      query,
      ...(input.body === undefined ? {} : { body: input.body }),
      // The client sends JSON as application/json; some operations name their own JSON type (merge-patch…).
      ...(input.body !== undefined && operation.body && operation.body.mediaType !== 'application/json'
        ? { headers: { 'content-type': operation.body.mediaType } }
        : {}),
      signal,
    });
    const next = response.links.next;
    return {
      operationId: operation.id,
      status: response.status,
      ...(response.data === undefined || response.data === '' ? {} : { body: response.data }),
      // A collection paged without `limit` (the shared pager needs it): its cursor, to pass as `after`.
      ...(next && cursorOf(next) ? { nextCursor: cursorOf(next) } : {}),
    };
  },
  async *stream({ input, okta, signal, log }: RunContext<Input>, maxRecords: number) {
    const operation = operationOf(input.operationId);
    if (!operation.list) {
      throw new ValidationError(
        `${operation.id} is not a list operation, so it cannot be streamed: run it as a step instead.`,
        [{ path: 'operationId', message: 'only list operations (they take "after") stream' }],
        { code: 'NOT_STREAMABLE' },
      );
    }
    const { path, query } = requestOf(operation, input);
    yield* listRecords(okta, { path, ...pagingOf(operation, query), maxRecords, signal, log });
  },
});
