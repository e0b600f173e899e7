/**
 * Fuzz (fast-check) of every id input of every action, against the sandbox over real HTTP: whatever the string — dot
 * segments, percent-encodings, slashes, arbitrary text — each request that reaches the org targets one of the
 * action's own operations, with the id as one segment, or the run is refused as a validation error and nothing at
 * all is sent (issue 7, item 1).
 *
 * Id inputs come from the registry: fields linked to a picklist (`dataSource`) or named `…Id`. The operations come
 * from a declarative action's `request`; a code action lists its own below.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest, registry } from '../../connector.ts';
import type { ActionDefinition } from '../../lib/define.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { decodeFully } from '../../lib/http/path.ts';
import { useSandbox } from './harness.ts';

const t = useSandbox({ users: 15, seed: 31 });

/** Reading a user by id or login, or by an exact login filter (lib/schemas/refs.ts). */
const USER_LOOKUPS = ['GET /api/v1/users/{userId}', 'GET /api/v1/users'];

/** The operations of actions written as code: every request they may send. */
const CODE_ACTION_OPERATIONS: Record<string, string[]> = {
  // A create whose answer may be lost is looked up before it is sent again (lib/idempotent-create.ts).
  createUser: ['POST /api/v1/users', 'GET /api/v1/users'],
  createGroup: ['POST /api/v1/groups', 'GET /api/v1/groups'],
  assignUserToApp: ['POST /api/v1/apps/{appId}/users', 'GET /api/v1/apps/{appId}/users/{userId}', ...USER_LOOKUPS],
  deleteUser: ['DELETE /api/v1/users/{userId}', ...USER_LOOKUPS],
  getSystemLogs: ['GET /api/v1/logs'],
  lookupGroup: ['GET /api/v1/groups/{groupId}', 'GET /api/v1/groups'],
  createGroupRule: [
    'POST /api/v1/groups/rules',
    'GET /api/v1/groups/rules',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/activate',
    'GET /api/v1/groups/rules/{ruleId}',
  ],
  updateGroupRule: ['GET /api/v1/groups/rules/{ruleId}', 'PUT /api/v1/groups/rules/{ruleId}'],
  deleteGroupRule: [
    'GET /api/v1/groups/rules/{ruleId}',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/deactivate',
    'DELETE /api/v1/groups/rules/{ruleId}',
  ],
  lookupUser: USER_LOOKUPS,
  expirePassword: [
    'POST /api/v1/users/{userId}/lifecycle/expire_password',
    'POST /api/v1/users/{userId}/lifecycle/expire_password_with_temp_password',
    ...USER_LOOKUPS,
  ],
  listUserApps: ['GET /api/v1/apps', ...USER_LOOKUPS],
  getPrimaryLinkedObjectValue: ['GET /api/v1/users/{userId}/linkedObjects/{primaryName}', ...USER_LOOKUPS],
  getAssociatedLinkedObjectValues: [
    'GET /api/v1/meta/schemas/user/linkedObjects/{relationshipName}',
    'GET /api/v1/users/{userId}/linkedObjects/{associatedName}',
    ...USER_LOOKUPS,
  ],
  deleteApp: [
    'GET /api/v1/apps/{appId}',
    'POST /api/v1/apps/{appId}/lifecycle/deactivate',
    'DELETE /api/v1/apps/{appId}',
  ],
  createEventHook: ['POST /api/v1/eventHooks'],
  listEventHooks: ['GET /api/v1/eventHooks'],
  updateEventHook: ['GET /api/v1/eventHooks/{eventHookId}', 'PUT /api/v1/eventHooks/{eventHookId}'],
  deleteEventHook: [
    'GET /api/v1/eventHooks/{eventHookId}',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  deleteAllEventHooks: [
    'GET /api/v1/eventHooks',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  listImportSessions: ['GET /api/v1/identity-sources/{identitySourceId}/sessions'],
  bulkUpsertUsers: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert'],
  triggerImportSession: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import'],
  mapProfileSourceAttributes: [],
};

/** A declarative action's operations come from its request: the call, its read-back and the lookups it resolves. */
function operationsOf(action: ActionDefinition): string[] | undefined {
  const request = action.request;
  if (!request) return CODE_ACTION_OPERATIONS[action.key];
  return [
    `${request.method} ${request.path}`,
    ...(request.readBack ? [`${request.readBack.method} ${request.readBack.path}`] : []),
    ...(Object.keys(request.resolve ?? {}).length ? USER_LOOKUPS : []),
  ];
}

interface Operation {
  method: string;
  pattern: RegExp;
  names: string[];
}

function compile(operation: string): Operation {
  const [method = '', template = ''] = operation.split(' ');
  const names: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { method, pattern: new RegExp(`^${source}$`), names };
}

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
            const matched = operations
              .filter((op) => op.method === request.method)
              .map((op) => ({ op, match: op.pattern.exec(request.path) }))
              .find(({ match }) => match);
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
