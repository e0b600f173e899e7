/**
 * @module The operations of Okta's Management API that `callOktaOperation` calls, for forms and agents:
 * `GET /api/operations/{operationId}` answers the input schema of one operation (lib/operation-index.ts,
 * `operationFormSchema`); `GET /api/operations?search=` lists them, one page at a time, as the `operations` CLI
 * command does.
 */
import { Hono } from 'hono';
import { ValidationError } from '../lib/errors.ts';
import {
  loadOperationIndex,
  type OktaOperation,
  type OperationIndex,
  operationFormSchema,
  searchOperations,
} from '../lib/operation-index.ts';

/** Operations per page of the list. */
const PAGE_SIZE = 50;

/** One line of the list: what a person or an agent picks by. */
export function operationSummary(operation: OktaOperation) {
  const { id, tag, summary, method, path, hints, scopes } = operation;
  const parameters = operation.parameters.map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`);
  return {
    operationId: id,
    tag,
    summary,
    method,
    path,
    hints,
    scopes,
    parameters,
    ...(operation.body ? { body: operation.body.required ? 'required' : 'optional' } : {}),
    ...(operation.list ? { list: true } : {}),
  };
}

/** The operations matching a search, from `cursor` (an offset), one page. */
export function operationPage(index: OperationIndex, search: string | undefined, cursor: string | undefined) {
  const found = searchOperations(index, search);
  const start = /^\d+$/.test(cursor ?? '') ? Number(cursor) : 0;
  const next = start + PAGE_SIZE;
  return {
    operations: found.slice(start, next).map(operationSummary),
    total: found.length,
    ...(next < found.length ? { nextCursor: String(next) } : {}),
  };
}

/** The input schema of one operation; a validation error (404 at the host) when the spec has no such operation. */
export async function operationSchema(operationId: string) {
  const index = await loadOperationIndex();
  const operation = index.byId.get(operationId);
  if (!operation) {
    throw new ValidationError(
      `Okta's Management API has no operation "${operationId.slice(0, 80)}".`,
      [{ path: 'operationId', message: 'search the operations: GET /api/operations?search=…' }],
      { code: 'UNKNOWN_OPERATION' },
    );
  }
  return { operation: operationSummary(operation), inputSchema: operationFormSchema(index, operation) };
}

export function operationRoutes(): Hono {
  const app = new Hono();
  app.get('/api/operations', async (c) =>
    c.json(operationPage(await loadOperationIndex(), c.req.query('search'), c.req.query('cursor'))),
  );
  app.get('/api/operations/:operationId', async (c) => c.json(await operationSchema(c.req.param('operationId'))));
  return app;
}
