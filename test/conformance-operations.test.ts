/**
 * callOktaOperation against Okta's spec (issue 28), over real HTTP against the sandbox: every operation of the index
 * is called with a request built from its schemas (test/conformance/operation-requests.ts), and what the sandbox
 * received is checked by the conformance harness (test/conformance/okta-spec.ts, which reads request-schemas.json,
 * derived apart from the index): the operation the method and path reach is the one named, the path parameters are
 * the values given, one segment each, the query holds exactly the parameters given, the body is the one given and
 * conforms. Then, for every operation, three calls that must send nothing: an unknown parameter, a path id of `..`,
 * a body off the schema. One test per check over all operations, with a summary line: not 700 vitest tests.
 *
 * The sandbox answers what it models from its state and the rest with the spec's example; an answer of 4xx is fine
 * here (ids are made up): what is checked is what was sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../connector.ts';
import { isConnectorError } from '../lib/errors.ts';
import { loadOperationIndex, type OktaOperation, type OperationIndex } from '../lib/operation-index.ts';
import { checkRequest, findOperation } from './conformance/okta-spec.ts';
import { requestFor } from './conformance/operation-requests.ts';
import { suiteSandbox } from './support/org.ts';

const connector = createConnector({
  outputCheck: 'off',
  client: { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 0 } },
});
const sandbox = suiteSandbox({ users: 10, seed: 5, recordBodies: true, rateLimits: { enabled: false } });
let index: OperationIndex;

beforeAll(async () => {
  index = await loadOperationIndex();
});

async function call(operationId: string, rest: Record<string, unknown>) {
  sandbox.stats.reset();
  const error = await connector
    .runAction('callOktaOperation', { connection: sandbox.connection, input: { operationId, ...rest } })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { error, records: [...sandbox.stats.requestLog] };
}

/** What is wrong with the one request sent for `operation` with these parameters and body. */
function sentProblems(
  operation: OktaOperation,
  request: { parameters: Record<string, unknown>; body?: unknown },
  records: typeof sandbox.stats.requestLog,
): string[] {
  const where = operation.id;
  if (records.length !== 1) return [`${where}: sent ${records.length} requests, not 1`];
  const record = records[0] as (typeof records)[number];
  const problems = checkRequest(record).problems.map((p) => `${where}: ${p}`);
  if (record.method !== operation.method) problems.push(`${where}: sent ${record.method}, not ${operation.method}`);
  const found = findOperation(record.method, record.path);
  if (found?.operation.path !== operation.path) {
    problems.push(`${where}: ${record.path} reaches ${found?.operation.operationId ?? 'no operation'}`);
  }
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const sent = found?.params[parameter.name];
    if (sent === undefined || decodeURIComponent(sent) !== String(request.parameters[parameter.name])) {
      problems.push(`${where}: path parameter ${parameter.name} sent as ${sent}`);
    }
  }
  const query = new URLSearchParams(record.query);
  const expected = operation.parameters
    .filter((p) => p.in === 'query' && request.parameters[p.name] !== undefined)
    .map((p) => p.name);
  // A list's pager may add `limit` (lib/list.ts); nothing else.
  const extra = [...new Set(query.keys())].filter((name) => !expected.includes(name) && name !== 'limit');
  const missing = expected.filter((name) => !query.has(name));
  if (extra.length || missing.length)
    problems.push(`${where}: query ${record.query}: extra ${extra}, missing ${missing}`);
  for (const name of expected) {
    const value = request.parameters[name];
    const shown = Array.isArray(value) ? value.map(String) : [String(value)];
    const got = query.getAll(name).flatMap((v) => (Array.isArray(value) ? v.split(',') : [v]));
    if (name !== 'limit' && JSON.stringify(got) !== JSON.stringify(shown)) {
      problems.push(`${where}: query ${name}=${got}, given ${shown}`);
    }
  }
  const body = record.body ? JSON.parse(record.body) : undefined;
  if (JSON.stringify(body) !== JSON.stringify(request.body)) {
    problems.push(`${where}: body sent ${record.body ?? '(none)'}, given ${JSON.stringify(request.body)}`);
  }
  return problems;
}

describe("callOktaOperation against Okta's spec", () => {
  it('sends every operation it can build a request for as the spec describes: method, path, parameters, body', async () => {
    const problems: string[] = [];
    const unbuilt: string[] = [];
    const refused: string[] = [];
    const notJson: string[] = [];
    let sent = 0;
    let bodies = 0;
    for (const operation of index.operations) {
      const request = requestFor(operation, index.defs);
      if (!request) {
        unbuilt.push(operation.id);
        continue;
      }
      const { error, records } = await call(operation.id, request);
      if (operation.body?.required && !operation.body.schema) {
        // A certificate, a JWT: not JSON, which callOktaOperation refuses to send (rawRequest can).
        expect(records).toHaveLength(0);
        notJson.push(operation.id);
        continue;
      }
      if (isConnectorError(error) && error.kind === 'validation') {
        // Our generator made a value the index refuses: a gap of the generator, counted, not a failure.
        refused.push(`${operation.id}: ${error.message}`);
        continue;
      }
      sent += 1;
      if (request.body !== undefined) bodies += 1;
      problems.push(...sentProblems(operation, request, records));
    }
    console.log(
      `callOktaOperation conformance: ${sent} of ${index.operations.length} operations sent and checked ` +
        `(${bodies} with a body); ${unbuilt.length} without a request we can build from the schemas ` +
        `(a required pattern); ${notJson.length} whose body is not JSON (refused, nothing sent); ` +
        `${refused.length} built but refused by the index's own check`,
    );
    if (refused.length) console.log(refused.join('\n'));
    expect(problems).toEqual([]);
    // Most operations are covered: a generator or an index that broke would leave many out.
    expect(sent).toBeGreaterThan(index.operations.length * 0.9);
    expect(refused.length).toBeLessThan(10);
  }, 300_000);

  it('sends nothing for an unknown parameter, a path id of "..", or a body off the schema, on every operation', async () => {
    const leaks: string[] = [];
    let checks = 0;
    const expectNothingSent = async (operation: OktaOperation, what: string, rest: Record<string, unknown>) => {
      const { error, records } = await call(operation.id, rest);
      checks += 1;
      const refusedAsInput = isConnectorError(error) && error.kind === 'validation';
      if (!refusedAsInput || records.length) leaks.push(`${operation.id} ${what}: ${records.length} sent, ${error}`);
    };
    for (const operation of index.operations) {
      const request = requestFor(operation, index.defs) ?? { parameters: {} };
      await expectNothingSent(operation, 'unknown parameter', {
        ...request,
        parameters: { ...request.parameters, notAParameter: 'x' },
      });
      const pathParameter = operation.parameters.find((p) => p.in === 'path' && !Array.isArray(p.schema.enum));
      if (pathParameter) {
        for (const id of ['..', '%2e%2e', 'a/b']) {
          await expectNothingSent(operation, `${pathParameter.name}=${id}`, {
            ...request,
            parameters: { ...request.parameters, [pathParameter.name]: id },
          });
        }
      }
      // A number where the body must be an object (or any body where it takes none).
      await expectNothingSent(operation, 'body off the schema', { ...request, body: 42 });
    }
    console.log(
      `callOktaOperation refusals: ${checks} bad calls over ${index.operations.length} operations, none sent`,
    );
    expect(leaks).toEqual([]);
  }, 300_000);
});
