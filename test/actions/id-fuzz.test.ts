/**
 * Fuzz (fast-check) of every id input of every action, against the sandbox over real HTTP: whatever the string — dot
 * segments, percent-encodings, slashes, arbitrary text — each request that reaches the org targets one of the
 * action's own operations, with the id as one segment, or the run is refused as a validation error and nothing at
 * all is sent (issue 7, item 1).
 *
 * Id inputs come from the registry: fields linked to a picklist (`dataSource`) or named `…Id`. The operations come
 * from lib/operations.ts: a declarative action's `request`, or the list of a code action (test/reliability/unit-fuzz
 * fuzzes every field of every unit the same way).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest, registry } from '../../connector.ts';
import type { ActionDefinition } from '../../lib/define.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { decodeFully } from '../../lib/http/path.ts';
import {
  callsAnyOperation,
  compileOperation as compile,
  matchOperation,
  actionOperations as ownOperations,
} from '../../lib/operations.ts';
import { useSandbox } from './harness.ts';

const t = useSandbox({ users: 15, seed: 31 });

/**
 * The operations an action may call. callOktaOperation's only id input is `operationId`, which names an operation of
 * its index, never an org object: a hostile one names none, so nothing at all may be sent.
 */
const operationsOf = (action: ActionDefinition) => (callsAnyOperation(action) ? [] : ownOperations(action));

/** Id fields of each action, from the manifest built from the registry. */
const targets = manifest().actions.flatMap((entry) => {
  const properties = (entry.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
  return Object.entries(properties)
    .filter(([name]) => name in entry.dataSources || /Id$/.test(name))
    .map(([name, property]) => ({
      key: entry.key,
      field: name,
      array: property.type === 'array',
      dataSources: entry.dataSources,
      example: (entry.examples[0]?.input ?? {}) as Record<string, unknown>,
    }));
});

const pieces = [
  '.',
  '..',
  '%2e',
  '%2E',
  '%25',
  '%2f',
  '%2F',
  '%5c',
  '/',
  '\\',
  '?',
  '#',
  '%',
  ' ',
  '@',
  'a',
  '00u',
  ';',
];
/** Dot segments, encodings and separators, mixed with arbitrary text. */
const hostileId = fc.oneof(
  fc.constantFrom('.', '..', '%2e', '%2e%2e', '%2E.', '.%2E', '%252e%252e', '..%2f', '%2e%2e%5c', ' .. ', '', '/'),
  fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

describe('every id input of every action, fuzzed', () => {
  const real: Record<string, string> = {};
  beforeAll(() => {
    const user = t.sandbox.org.listUsers().find((u) => u.status === 'ACTIVE');
    const group = t.sandbox.org.listGroups().find((g) => g.type === 'OKTA_GROUP');
    real.selectUser = user?.id ?? '';
    real.selectGroup = group?.id ?? '';
  });

  it('covers the id inputs of the registry, each action with its operations known', () => {
    expect(targets.map((target) => `${target.key}.${target.field}`)).toEqual(
      expect.arrayContaining(['getUser.userId', 'removeUserFromGroup.groupId', 'addUserToGroup.userId']),
    );
    for (const target of targets) {
      const action = registry.actions.find((a) => a.key === target.key) as ActionDefinition;
      expect(operationsOf(action), `operations of ${target.key}`).toBeDefined();
    }
  });

  it.each(targets.map((target) => [`${target.key}.${target.field}`, target] as const))(
    '%s: each request targets the action’s own operation, or nothing is sent',
    async (_, target) => {
      const action = registry.actions.find((a) => a.key === target.key) as ActionDefinition;
      const operations = (operationsOf(action) ?? []).map(compile);
      // The other id fields hold real ids, so the request under test is reached.
      const base = { ...target.example };
      for (const [field, source] of Object.entries(target.dataSources)) {
        const id = real[source];
        if (field !== target.field && id) base[field] = Array.isArray(base[field]) ? [id] : id;
      }
      await fc.assert(
        fc.asyncProperty(hostileId, async (id) => {
          t.sandbox.stats.reset();
          const input = { ...base, [target.field]: target.array ? [id] : id };
          const error = await t.run(target.key, input).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error !== undefined && !isConnectorError(error)) throw error;
          const sent = t.sandbox.stats.requestLog;
          if (isConnectorError(error) && error.kind === 'validation') {
            expect(sent, `${target.key} refused ${JSON.stringify(id)} yet sent`).toEqual([]);
            return;
          }
          for (const request of sent) {
            const matched = matchOperation(operations, request);
            expect(
              matched,
              `${target.key} with ${JSON.stringify(id)} sent ${request.method} ${request.path}`,
            ).toBeDefined();
            if (!matched?.match) continue;
            // The fuzzed id, when it is in the path, is exactly the segment that stands for it.
            const index = matched.op.names.indexOf(target.field);
            const value = matched.match[index + 1];
            if (index >= 0 && value !== undefined && !/^00u[0-9A-Za-z]{17}$/.test(value)) {
              expect(decodeURIComponent(value)).toBe(id.trim());
            }
          }
          // Whatever ran, an id never became a dot segment on the way.
          for (const request of sent) {
            expect(
              request.path.split('/').some((part) => ['.', '..'].includes(decodeFully(part))),
              request.path,
            ).toBe(false);
          }
        }),
        { numRuns: 40 },
      );
    },
  );
});
