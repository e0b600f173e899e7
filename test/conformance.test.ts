/**
 * Conformance of every action, picklist and trigger to Okta's published spec (issue 9): each example runs against a fresh
 * sandbox org over HTTP, and every request the sandbox received is checked against the spec's operations — method
 * and path, path and query parameters, JSON body (ajv, JSON Schema 2020-12 derived from the spec) — and against the
 * unit's `scopes`. A request the spec does not describe fails. So does an endpoint the sandbox does not model (it
 * answers with the spec's example), as the issue asks the sandbox to model every endpoint the actions call.
 *
 * It applies to every unit of the registry as it is: a new action is checked by adding it, with its examples.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createConnector, isConnectorError, manifest, registry } from '../connector.ts';
import { callsAnyOperation } from '../lib/operations.ts';
import type { RequestRecord, SandboxOptions } from '../sandbox/index.ts';
import { checkRequest, keyOf, missingScopes, specVersion } from './conformance/okta-spec.ts';
import { prepareExample } from './conformance/prepare.ts';
import { call, suiteHost } from './support/host.ts';
import { suiteSandbox, withSandbox } from './support/org.ts';

const connector = createConnector({ outputCheck: 'throw', client: { retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
const built = manifest();

/**
 * Units whose requests are whatever the user asks for: their scopes cannot be fixed in advance, and the user's
 * connection must grant what the path needs.
 */
const SCOPES_FROM_INPUT = new Set(registry.actions.filter(callsAnyOperation).map((action) => action.key));

/** Inputs whose values shape the request as the user likes (`extraQuery`): not ours to check against the spec. */
const FREE_FORM = new Set(['extraQuery']);

/** A value for an optional input: its example, the other boolean, or an enum value other than the default. */
function variantValue(property: Record<string, unknown>): unknown {
  const example = property.example ?? (property.examples as unknown[] | undefined)?.[0];
  if (example !== undefined) return example;
  if (property.type === 'boolean') return property.default !== true;
  if (Array.isArray(property.enum)) return property.enum.find((v) => v !== property.default && v !== null);
  return undefined;
}

const tally = {
  /** Runs checked: action examples, picklist calls, trigger examples. */
  runs: 0,
  requests: 0,
  operations: new Set<string>(),
  parameters: 0,
  bodies: 0,
  /** `unit scope` pairs: each scope the spec requires of an operation a unit calls, checked against its scopes. */
  scopes: new Set<string>(),
};

/** Each run's org: as seeded, keeping bodies to check against the spec. */
const ORG: SandboxOptions = { users: 40, seed: 3, recordBodies: true, rateLimits: { enabled: false } };

interface Unit {
  key: string;
  scopes: string[];
  hints?: { readOnly: boolean; destructive: boolean };
}

/** Every problem of the recorded requests of one run; the scopes they needed are added to `needed`. */
function problemsOf(unit: Unit, records: RequestRecord[], needed: Set<string>): string[] {
  const problems: string[] = [];
  tally.runs += 1;
  for (const record of records) {
    const check = checkRequest(record);
    tally.requests += 1;
    tally.parameters += check.parameters;
    if (check.body) tally.bodies += 1;
    problems.push(...check.problems);
    if (!check.operation) continue;
    const operation = keyOf(check.operation);
    tally.operations.add(operation);
    if (record.example) {
      problems.push(`${operation}: the sandbox does not model it (it answered with the spec's example)`);
    }
    if (!SCOPES_FROM_INPUT.has(unit.key)) {
      for (const scope of check.operation.scopes) {
        tally.scopes.add(`${unit.key} ${scope}`);
        needed.add(scope);
      }
      for (const scope of missingScopes(unit.scopes, check.operation.scopes)) {
        problems.push(`${operation} needs ${scope}, which ${unit.key}'s scopes (${unit.scopes.join(', ')}) lack`);
      }
    }
    if (unit.hints?.readOnly && record.method !== 'GET') {
      problems.push(`${record.method} ${record.path}: ${unit.key} is hinted readOnly but changes the org`);
    }
    if (unit.hints && !unit.hints.destructive && record.method === 'DELETE') {
      problems.push(`${record.method} ${record.path}: ${unit.key} deletes but is not hinted destructive`);
    }
  }
  return problems;
}

const failure = (unit: string, input: unknown, error: unknown) =>
  new Error(
    `${unit} failed against the sandbox with ${JSON.stringify(input)}: ${(error as Error).message}\n` +
      'If the example needs state in the org, add a fixture in test/conformance/fixtures.ts.',
    { cause: error },
  );

describe(`actions against Okta's spec ${specVersion}`, () => {
  for (const action of registry.actions) {
    const described = built.actions.find((a) => a.key === action.key);
    const needed = new Set<string>();
    const examples = action.examples ?? [];
    let passed = 0;
    describe(action.key, () => {
      examples.forEach((example, index) => {
        it(`example ${index + 1}: every request is an operation of the spec, with its parameters, body and scopes`, async () => {
          if (!described) throw new Error(`${action.key} is not in the manifest`);
          await withSandbox(ORG, async (sandbox) => {
            const { input } = await prepareExample(
              connector,
              sandbox,
              described,
              example.input as Record<string, unknown>,
            );
            sandbox.stats.reset();
            await connector.runAction(action.key, { connection: sandbox.connection, input }).catch((error: unknown) => {
              throw failure(action.key, input, error);
            });
            const records = [...sandbox.stats.requestLog];
            expect(problemsOf(action, records, needed)).toEqual([]);
            passed += 1;
          });
        });
      });

      it('sends only what the spec allows with each other optional input set, one at a time', async () => {
        const base = examples[0]?.input as Record<string, unknown> | undefined;
        if (!described || !base || SCOPES_FROM_INPUT.has(action.key)) return;
        const properties = (described.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
        const variants = Object.entries(properties).flatMap(([name, property]) => {
          const value = FREE_FORM.has(name) || name in base ? undefined : variantValue(property);
          return value === undefined ? [] : [[name, value] as const];
        });
        await withSandbox(ORG, async (sandbox) => {
          const problems: string[] = [];
          for (const [name, value] of variants) {
            const { input } = await prepareExample(connector, sandbox, described, { ...base, [name]: value });
            // A combination its rules refuse (a password with a hash) sends nothing.
            if (!action.input.safeParse(input).success) continue;
            sandbox.stats.reset();
            // Okta may refuse the value (an example id that is not in the org): what was sent is still checked.
            await connector.runAction(action.key, { connection: sandbox.connection, input }).catch((error: unknown) => {
              if (!isConnectorError(error) || error.kind === 'internal') throw failure(action.key, input, error);
            });
            for (const problem of problemsOf(action, [...sandbox.stats.requestLog], needed)) {
              problems.push(`with ${name}: ${problem}`);
            }
          }
          expect(problems).toEqual([]);
        });
      });

      it('declares only the scopes its requests need', (ctx) => {
        if (SCOPES_FROM_INPUT.has(action.key) || examples.length === 0) return;
        // Known only once every example ran through.
        if (passed < examples.length) ctx.skip();
        // `manage` covers `read`: a declared read scope is needed when its manage scope is not declared.
        const unneeded = action.scopes.filter(
          (scope) =>
            !needed.has(scope) && !(scope.endsWith('.read') && needed.has(scope.replace(/\.read$/, '.manage'))),
        );
        expect(unneeded, `${action.key} declares scopes none of its example requests needs`).toEqual([]);
      });
    });
  }
});

describe(`picklists against Okta's spec ${specVersion}`, () => {
  for (const source of registry.dataSources) {
    it(`${source.key}: every request is an operation of the spec, within its scopes`, async () => {
      const described = built.dataSources.find((d) => d.key === source.key);
      const properties = (described?.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      // The inputs it depends on come from their own picklists, like an action's.
      const links = Object.fromEntries(
        Object.entries(properties).flatMap(([name, p]) => {
          const source = p['x-dataSource'] ?? p.dataSource;
          return typeof source === 'string' ? [[name, source]] : [];
        }),
      );
      const example = Object.fromEntries(
        Object.entries(properties).map(([name, p]) => [
          name,
          (p.examples as unknown[] | undefined)?.[0] ?? p.example ?? p.default,
        ]),
      );
      await withSandbox(ORG, async (sandbox) => {
        const { input } = await prepareExample(connector, sandbox, { key: source.key, dataSources: links }, example);
        sandbox.stats.reset();
        const needed = new Set<string>();
        for (const search of [undefined, 'a']) {
          await connector.listOptions(source.key, {
            connection: sandbox.connection,
            input,
            ...(search ? { search } : {}),
          });
        }
        expect(problemsOf(source, [...sandbox.stats.requestLog], needed)).toEqual([]);
      });
    });
  }
});

// (A suite with no test fails: none while no trigger is registered.)
describe.runIf(registry.triggers.length > 0)(`triggers against Okta's spec ${specVersion}`, () => {
  // The sandbox's event hooks call this host, as Okta calls a public one: verification, then deliveries. One org for
  // them all (a trigger leaves no hook behind): 74 triggers, most of them event cards on one code path.
  const sandbox = suiteSandbox(ORG);
  const host = suiteHost(() => ({ connector }));

  for (const trigger of registry.triggers) {
    const described = built.triggers.find((t) => t.key === trigger.key);
    const examples = trigger.examples?.length ? trigger.examples : [{ input: {} }];
    examples.forEach((example, index) => {
      const input = example.input as Record<string, unknown>;
      const byWebhook = trigger.kind === 'webhook' || input.delivery === 'webhook';
      it(`${trigger.key} example ${index + 1} (${byWebhook ? 'subscribe, unsubscribe' : 'two polls'}): every request is an operation of the spec, within its scopes`, async () => {
        if (!described) throw new Error(`${trigger.key} is not in the manifest`);
        const prepared = await prepareExample(connector, sandbox, described, input);
        sandbox.stats.reset();
        const connection = sandbox.connection;
        if (byWebhook) {
          const created = await call<{ id?: string }>(host.url, 'POST', `/api/triggers/${trigger.key}/subscriptions`, {
            connection,
            input: prepared.input,
          });
          expect(created.status, created.text).toBeLessThan(300);
          const removed = await call(
            host.url,
            'DELETE',
            `/api/triggers/${trigger.key}/subscriptions/${created.json.id}`,
          );
          expect(removed.status).toBe(204);
        } else {
          const first = await connector.poll(trigger.key, { connection, input: prepared.input });
          await connector.poll(trigger.key, { connection, input: prepared.input, state: first.state });
        }
        expect(problemsOf(trigger, [...sandbox.stats.requestLog], new Set())).toEqual([]);
      });
    });
  }
});

afterAll(() => {
  console.log(
    `Conformance to Okta's spec ${specVersion}: ${tally.runs} runs of actions, picklists and triggers sent ${tally.requests} requests to ` +
      `${tally.operations.size} operations; checked ${tally.parameters} parameters, ${tally.bodies} JSON bodies and ` +
      `${tally.scopes.size} unit-scope requirements (${new Set([...tally.scopes].map((s) => s.split(' ')[1])).size} ` +
      'distinct scopes).',
  );
});
