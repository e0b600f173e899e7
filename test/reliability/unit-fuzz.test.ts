/**
 * Property-based fuzz (fast-check, seeded) of every action, data source and trigger of the registry, against the
 * sandbox over real HTTP (issue 13, "Bad input"). Inputs are generated from each unit's own input schema (the
 * manifest's JSON Schema), then made hostile: wrong types, 100 KB strings, unicode, RTL and NUL, injection in search
 * and filter strings, dot segments and %2e encodings in ids, missing and unknown fields. For each run:
 *
 * - it succeeds, or fails with a ConnectorError whose code is in the catalogue with the catalogue's kind, is one the
 *   manifest lists for the unit, and is never `internal` (a crash);
 * - an input the unit's schema refuses (zod, or an unknown field) sends no request at all;
 * - every request goes to one of the unit's own operations (lib/operations.ts), with no dot segment in its path.
 *
 * test/actions/id-fuzz.test.ts goes deeper on id fields of actions (the id lands in its own segment); this covers
 * every field of every unit. The count of inputs tried is printed at the end.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createConnector, manifest, registry } from '../../connector.ts';
import { ERROR_CODES, isConnectorError } from '../../lib/errors.ts';
import { decodeFully } from '../../lib/http/path.ts';
import {
  actionOperations,
  compileOperation,
  dataSourceOperations,
  matchOperation,
  triggerOperations,
} from '../../lib/operations.ts';
import { unknownFieldIssues } from '../../lib/unknown-fields.ts';
import { suiteSandbox } from '../support/org.ts';

const SEED = 1313;
/** Runs per unit: 178 units, a few hundred milliseconds each at most. */
const RUNS = { action: 10, dataSource: 10, trigger: 4 };

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  'x-dataSource'?: string;
};

/** Real ids of the sandbox org, so that some generated inputs reach the request under test. */
const real: Record<string, string[]> = {};

const HUGE = 'x'.repeat(100_000);
/** What an attacker or a careless flow puts in a string field. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '" or 1 eq 1',
    'a" or status eq "ACTIVE',
    ')',
    '(',
    '\\',
    '"',
    '.',
    '..',
    '%2e',
    '%2e%2e',
    '%2E%2E%2f',
    '%252e%252e',
    '../../api/v1/users',
    'a/b',
    '?limit=1000',
    '#frag',
    '\u202Eevil\u202C',
    'nul\u0000byte',
    'line\r\nX-Injected: 1',
    'ümlaut 漢字 🙂 \uFFFF',
    ' ',
    '',
    HUGE,
    `${HUGE}" or 1 eq 1`,
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const unknownKey = fc.constantFrom('keyword', 'search', 'UserId', 'id', '__proto__x', 'constructor', 'q2', 'xyz');

/** A value valid by the JSON Schema, most of the time (zod refinements are not in it). */
function valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return fc.constant(undefined);
  const source = schema['x-dataSource'] ?? (schema.items as JsonSchema | undefined)?.['x-dataSource'];
  const ids = source ? real[source] : undefined;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((choice) => valid(choice, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const examples = schema.examples?.length ? [fc.constantFrom(...schema.examples)] : [];
  switch (type) {
    case 'string': {
      if (ids?.length) return fc.constantFrom(...ids);
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      const text = fc.string({ minLength: schema.minLength ?? 1, maxLength: Math.min(schema.maxLength ?? 16, 16) });
      return examples.length ? fc.oneof(examples[0] as fc.Arbitrary<unknown>, text) : text;
    }
    case 'integer':
    case 'number': {
      const min = Math.ceil(schema.minimum ?? 0);
      return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 50, 50)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (ids?.length) return fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 2 });
      return fc.array(valid(schema.items, depth + 1), { maxLength: 2 });
    case 'object':
      return objectOf(schema, depth);
    default:
      return examples.length ? (examples[0] as fc.Arbitrary<unknown>) : fc.constant(undefined);
  }
}

function objectOf(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties);
  if (!names.length) return fc.constant({});
  return fc
    .tuple(fc.subarray(names), fc.tuple(...names.map((name) => valid(properties[name], depth + 1))))
    .map(([chosen, values]) => {
      const out: Record<string, unknown> = {};
      names.forEach((name, index) => {
        if ((required.has(name) || chosen.includes(name)) && values[index] !== undefined) out[name] = values[index];
      });
      return out;
    });
}

type Mutation =
  | { kind: 'hostile'; field: string; value: unknown }
  | { kind: 'wrongType'; field: string; value: unknown }
  | { kind: 'unknown'; field: string; value: unknown }
  | { kind: 'drop'; field: string };

/** Valid inputs, and the same made hostile by up to three mutations of its fields. */
function inputsFor(schema: JsonSchema, example: Record<string, unknown> | undefined): fc.Arbitrary<unknown> {
  const names = Object.keys(schema.properties ?? {});
  const base = example ? fc.oneof(fc.constant(example), objectOf(schema, 0)) : objectOf(schema, 0);
  const field = names.length ? fc.constantFrom(...names) : fc.constant('x');
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('hostile' as const), field, value: hostileString }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wrongType' as const), field, value: wrongType }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('unknown' as const), field: unknownKey, value: hostileString }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), field }) },
  );
  return fc.tuple(base, fc.array(mutation, { maxLength: 3 })).map(([input, mutations]) => {
    const out: Record<string, unknown> = { ...input };
    for (const m of mutations) {
      if (m.kind === 'drop') delete out[m.field];
      else {
        const property = schema.properties?.[m.field];
        // An id list gets the hostile id as an item, so that it reaches a path.
        out[m.field] = property?.type === 'array' && m.kind === 'hostile' ? [m.value] : m.value;
      }
    }
    return out;
  });
}

interface Unit {
  kind: 'action' | 'dataSource' | 'trigger';
  key: string;
  schema: z.ZodType;
  jsonSchema: JsonSchema;
  example: Record<string, unknown> | undefined;
  /** undefined: any operation of the org (rawRequest, callOktaOperation). */
  operations: readonly string[] | undefined;
  errors: string[];
  call(input: unknown, extra: { search?: string; cursor?: string }): Promise<unknown>;
}

const sandbox = suiteSandbox({ users: 12, seed: 131 });
const connector = createConnector({
  outputCheck: 'off',
  client: { retry: { baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 10_000 },
});
const connection = () => sandbox.connection;
const built = manifest();

const units: Unit[] = [
  ...registry.actions.map((action): Unit => {
    const entry = built.actions.find((a) => a.key === action.key);
    return {
      kind: 'action',
      key: action.key,
      schema: action.input,
      jsonSchema: entry?.inputSchema as JsonSchema,
      example: entry?.examples[0]?.input as Record<string, unknown> | undefined,
      operations: actionOperations(action),
      errors: entry?.errors ?? [],
      call: (input) => connector.runAction(action.key, { connection: connection(), input }),
    };
  }),
  ...registry.dataSources.map((source): Unit => {
    const entry = built.dataSources.find((d) => d.key === source.key);
    return {
      kind: 'dataSource',
      key: source.key,
      schema: source.input,
      jsonSchema: entry?.inputSchema as JsonSchema,
      example: undefined,
      operations: dataSourceOperations(source),
      errors: entry?.errors ?? [],
      call: (input, extra) => connector.listOptions(source.key, { connection: connection(), input, ...extra }),
    };
  }),
  ...registry.triggers.map((trigger): Unit => {
    const entry = built.triggers.find((t) => t.key === trigger.key);
    return {
      kind: 'trigger',
      key: trigger.key,
      schema: trigger.input,
      jsonSchema: entry?.inputSchema as JsonSchema,
      example: entry?.examples[0]?.input as Record<string, unknown> | undefined,
      operations: triggerOperations(trigger),
      errors: entry?.errors ?? [],
      // A webhook trigger is subscribed on loopback (allowed for a loopback org): Okta's verification then fails
      // there, and nothing leaves the machine. The others are polled.
      call: (input) =>
        trigger.kind === 'webhook'
          ? connector.subscribe(trigger.key, { connection: connection(), input, webhookUrl: 'http://127.0.0.1:9/h' })
          : connector.poll(trigger.key, { connection: connection(), input }),
    };
  }),
];

const tried = { action: 0, dataSource: 0, trigger: 0, refused: 0, sent: 0, succeeded: 0 };

beforeAll(async () => {
  sandbox.setRateLimits?.({ enabled: false });
  real.selectUser = sandbox.org
    .listUsers()
    .slice(0, 2)
    .map((u) => u.id);
  real.selectGroup = sandbox.org
    .listGroups()
    .filter((g) => g.type === 'OKTA_GROUP')
    .slice(0, 2)
    .map((g) => g.id);
});
afterAll(async () => {
  // The figure the issue's closing note asks for.
  console.info(`unit-fuzz: ${JSON.stringify(tried)} inputs over ${units.length} units`);
});

/** One run of a unit on one input, checked against the three rules. */
async function check(unit: Unit, input: unknown, extra: { search?: string; cursor?: string }): Promise<void> {
  sandbox.stats.reset();
  const refusedBySchema = !unit.schema.safeParse(input).success || unknownFieldIssues(unit.schema, input).length > 0;
  const error = await unit.call(input, extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  const sent = sandbox.stats.requestLog;
  const shown = JSON.stringify(input)?.slice(0, 300);
  tried[unit.kind] += 1;
  if (sent.length) tried.sent += 1;
  if (error === undefined) tried.succeeded += 1;

  if (error !== undefined) {
    if (!isConnectorError(error)) throw new Error(`${unit.key} threw a non-ConnectorError on ${shown}: ${error}`);
    const entry = ERROR_CODES[error.code];
    expect(entry, `${unit.key}: code ${error.code} is not in the catalogue`).toBeDefined();
    expect(error.kind, `${unit.key}: ${error.code} kind`).toBe(entry.kind);
    expect(error.kind, `${unit.key} crashed on ${shown}: ${error.message}`).not.toBe('internal');
    expect(unit.errors, `${unit.key} answered ${error.code}, which its manifest entry does not list`).toContain(
      error.code,
    );
  }
  if (refusedBySchema) {
    tried.refused += 1;
    expect(sent, `${unit.key} sent requests for an input its schema refuses: ${shown}`).toEqual([]);
    expect(error && isConnectorError(error) && error.kind, `${unit.key} accepted ${shown}`).toBe('validation');
  }
  const operations = unit.operations?.map(compileOperation);
  for (const request of sent) {
    if (operations) {
      expect(
        matchOperation(operations, request)?.op.operation,
        `${unit.key} with ${shown} sent ${request.method} ${request.path}, not one of its operations`,
      ).toBeDefined();
    }
    expect(
      request.path.split('/').some((part) => ['.', '..'].includes(decodeFully(part))),
      `${unit.key}: dot segment in ${request.path}`,
    ).toBe(false);
  }
}

describe('every unit of the registry, fuzzed with inputs from its own schema made hostile', () => {
  it('covers every unit, each with its operations and error codes known', () => {
    expect(units).toHaveLength(registry.actions.length + registry.dataSources.length + registry.triggers.length);
    for (const unit of units) {
      expect(unit.jsonSchema, unit.key).toBeDefined();
      expect(unit.errors.length, unit.key).toBeGreaterThan(0);
    }
  });

  for (const kind of ['action', 'dataSource', 'trigger'] as const) {
    it.each(units.filter((unit) => unit.kind === kind).map((unit) => [unit.key, unit] as const))(
      `${kind} %s`,
      async (_, unit) => {
        const extra = fc.record(
          { search: fc.oneof(hostileString, fc.constant('a')), cursor: fc.oneof(hostileString, fc.constant('')) },
          { requiredKeys: [] },
        );
        await fc.assert(
          fc.asyncProperty(inputsFor(unit.jsonSchema, unit.example), extra, (input, more) =>
            check(unit, input, unit.kind === 'dataSource' ? more : {}),
          ),
          { numRuns: RUNS[kind], seed: SEED, endOnFailure: true },
        );
      },
      60_000,
    );
  }
});
