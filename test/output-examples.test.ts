/**
 * Output schemas accept what Okta really returns (issue 9): each action's output schema is fed the success-response
 * examples of the operation it calls, from Okta's spec (`lib/data/success-examples.json`, derived by
 * `scripts/derive-okta-data.ts`) — Okta's nulls, its Classic and Identity Engine variants, its extra fields. A
 * declarative action gets them the way its executor would shape them (`lib/declarative.ts`): the object as is, a
 * list as `{ items }`, the read-back's, or through its output mapping. A code action that returns an Okta object or
 * list as is names its operation below. Where the output passes Okta's object through, a field Okta may add
 * tomorrow must pass through too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { registry } from '../connector.ts';
import { mapOutput } from '../lib/declarative.ts';
import type { ActionDefinition } from '../lib/define.ts';
import { withoutSecret } from '../lib/schemas/event-hook.ts';
import { findOperation, keyOf } from './conformance/okta-spec.ts';

const successExamples = JSON.parse(
  readFileSync(new URL('../lib/data/success-examples.json', import.meta.url), 'utf8'),
) as { version: string; operations: Record<string, Record<string, Record<string, unknown>>> };

/**
 * Code actions whose output carries the body of one operation: as is, the pages' items as `{ items }` (`list`), or
 * placed by `shape` (`{ found: true, user }`). `passThrough` unless shaped: the body's unknown fields must be kept.
 */
const CODE_OUTPUTS: Record<string, { method: string; path: string; list?: true; shape?: (body: unknown) => unknown }> =
  {
    createUser: { method: 'POST', path: '/api/v1/users' },
    getSystemLogs: { method: 'GET', path: '/api/v1/logs', list: true },
    lookupUser: {
      method: 'GET',
      path: '/api/v1/users/{userId}',
      shape: (user) => ({ found: true, user, matchedBy: 'idOrLogin' }),
    },
    listUserApps: { method: 'GET', path: '/api/v1/apps', list: true },
    // Hooks come back without their secret, as the actions strip it.
    createEventHook: {
      method: 'POST',
      path: '/api/v1/eventHooks',
      shape: (hook) => withoutSecret(structuredClone(hook)),
    },
    updateEventHook: {
      method: 'PUT',
      path: '/api/v1/eventHooks/{eventHookId}',
      shape: (hook) => withoutSecret(structuredClone(hook)),
    },
    listEventHooks: {
      method: 'GET',
      path: '/api/v1/eventHooks',
      shape: (hooks) => ({
        items: (Array.isArray(hooks) ? hooks : [hooks]).map((h) => withoutSecret(structuredClone(h))),
      }),
    },
    createGroupRule: { method: 'POST', path: '/api/v1/groups/rules' },
    updateGroupRule: { method: 'PUT', path: '/api/v1/groups/rules/{ruleId}' },
    lookupGroup: {
      method: 'GET',
      path: '/api/v1/groups/{groupId}',
      shape: (group) => ({ found: true, group, matches: 1 }),
    },
    listImportSessions: { method: 'GET', path: '/api/v1/identity-sources/{identitySourceId}/sessions', list: true },
    // The session, or the array holding it that the spec's example shows (the action takes either).
    triggerImportSession: {
      method: 'POST',
      path: '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import',
      shape: (body) => (Array.isArray(body) ? body[0] : body),
    },
  };

/** Examples the spec files under a success response that are not what an action of ours receives. */
const NOT_OUR_RESPONSES: Record<string, Record<string, string>> = {
  'GET /api/v1/logs': { LogTargetChangeDetails: "a fragment: one target's changeDetails, not an event" },
  'GET /api/v1/users': {
    UsersProjections:
      'the answer to `fields` (a projection, reachable only through Extra query parameters): users without the ' +
      'login and status that every other answer has and that flows rely on',
  },
};

/** The named success examples of the operation that `method path` (a template or a real path) is for. */
function examplesOf(method: string, path: string): [string, unknown][] {
  const found = findOperation(method, path);
  if (!found) throw new Error(`${method} ${path} is no operation of the spec`);
  const key = keyOf(found.operation);
  const skipped = NOT_OUR_RESPONSES[key] ?? {};
  return Object.values(successExamples.operations[key] ?? {})
    .flatMap((byName) => Object.entries(byName))
    .filter(([name]) => !(name in skipped));
}

/** A list operation's examples as `{ items }`; the spec gives some as a single item rather than an array. */
const listed = (example: unknown) => ({ items: Array.isArray(example) ? example : [example] });

interface Candidate {
  name: string;
  output: unknown;
  /** True when the output is Okta's object (or list of objects) as is, whose unknown fields must be kept. */
  passThrough: boolean;
}

/** What the action would return for each example Okta gives of its operations. */
function candidates(action: ActionDefinition): Candidate[] {
  const code = CODE_OUTPUTS[action.key];
  if (code) {
    return examplesOf(code.method, code.path).map(([name, example]) => ({
      name,
      output: code.shape ? code.shape(example) : code.list ? listed(example) : example,
      passThrough: !code.shape,
    }));
  }
  const request = action.request;
  if (!request) return [];
  const exampleInput = action.examples?.[0]?.input;
  const input = (exampleInput === undefined ? {} : action.input.parse(exampleInput)) as Record<string, unknown>;
  const responses = examplesOf(request.method, request.path);
  if (request.list) {
    return responses.map(([name, example]) =>
      request.output
        ? { name, output: mapOutput(request.output, { input, response: listed(example) }), passThrough: false }
        : { name, output: listed(example), passThrough: true },
    );
  }
  const readBacks = request.readBack ? examplesOf(request.readBack.method, request.readBack.path) : [];
  // A bodiless answer (204) is `{}` to the mapping.
  const bodies = responses.length ? responses : ([['no content', undefined]] as [string, unknown][]);
  if (request.output) {
    const output = request.output;
    const pairs = readBacks.length
      ? [
          ...bodies.map(([name, response]) => [name, response, readBacks[0]?.[1]] as const),
          ...readBacks.slice(1).map(([name, readBack]) => [`read-back ${name}`, bodies[0]?.[1], readBack] as const),
        ]
      : bodies.map(([name, response]) => [name, response, undefined] as const);
    return pairs.map(([name, response, readBack]) => ({
      name,
      output: mapOutput(output, { input, response, readBack }),
      passThrough: false,
    }));
  }
  if (request.readBack) return readBacks.map(([name, output]) => ({ name, output, passThrough: true }));
  return bodies.map(([name, output]) => ({ name, output: output ?? {}, passThrough: output !== undefined }));
}

/** The same output with a field Okta does not have today, on the object or on each listed item. */
function withNewField(output: unknown): unknown {
  const add = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? { ...value, addedByOktaLater: 'kept' } : value;
  if (output && typeof output === 'object' && Array.isArray((output as { items?: unknown }).items)) {
    return { ...output, items: (output as { items: unknown[] }).items.map(add) };
  }
  return add(output);
}

function keepsNewField(parsed: unknown): boolean {
  const first = Array.isArray((parsed as { items?: unknown[] })?.items)
    ? (parsed as { items: unknown[] }).items[0]
    : parsed;
  return first === undefined || (first as Record<string, unknown>).addedByOktaLater === 'kept';
}

const issuesOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);

describe(`output schemas against the response examples of Okta's spec ${successExamples.version}`, () => {
  let fed = 0;
  for (const action of registry.actions) {
    const list = candidates(action);
    if (list.length === 0) continue;
    it(`${action.key} accepts every example of its operation (${list.length})`, () => {
      for (const candidate of list) {
        fed += 1;
        expect(issuesOf(action.output.safeParse(candidate.output)), `${action.key}: ${candidate.name}`).toEqual([]);
        if (!candidate.passThrough) continue;
        const parsed = action.output.safeParse(withNewField(candidate.output));
        expect(parsed.success && keepsNewField(parsed.data), `${action.key} keeps a field Okta adds`).toBe(true);
      }
    });
  }
  it('fed at least one example to most actions', () => {
    const withExamples = registry.actions.filter((action) => candidates(action).length > 0);
    const without = registry.actions.filter((action) => !withExamples.includes(action)).map((action) => action.key);
    console.log(
      `Output schemas: ${withExamples.length} of ${registry.actions.length} actions fed ${fed} response examples; ` +
        `none for ${without.join(', ')}.`,
    );
    expect(withExamples.length).toBeGreaterThan(registry.actions.length / 2);
  });
});
