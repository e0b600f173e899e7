/**
 * An id is one path segment (issue 7, item 1): through the host, an id of `.`, `..`, or one that decodes to them
 * never reaches another Okta endpoint. Each is a validation error naming the field, and the sandbox sees nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../host/server.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 10, seed: 77 });
let host: RunningHost;

beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
  host = await startHost({ port: 0, defaultConnection: sandbox.connection });
});
afterAll(async () => {
  await host?.close();
});
beforeEach(() => sandbox.stats.reset());

interface Answer {
  error?: { code: string; kind: string; message: string; details?: { issues?: { path: string }[] } };
  output?: Record<string, unknown>;
}

async function run(key: string, input: unknown): Promise<{ status: number; json: Answer }> {
  const response = await fetch(`${host.url}/api/actions/${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

function activeUser() {
  const user = sandbox.org.listUsers().find((u) => u.status === 'ACTIVE');
  if (!user) throw new Error('the seed has no active user');
  return user;
}

function anyGroup() {
  const group = sandbox.org.listGroups().find((g) => g.type === 'OKTA_GROUP');
  if (!group) throw new Error('the seed has no OKTA_GROUP');
  return group;
}

/** Refused as a validation error naming `field`, with no request sent to the org. */
async function expectRefused(key: string, input: Record<string, unknown>, field: string) {
  const { status, json } = await run(key, input);
  expect({ key, input, status }).toEqual({ key, input, status: 400 });
  expect(json.error?.kind).toBe('validation');
  expect(json.error?.details?.issues?.map((issue) => issue.path)).toContain(field);
  expect(sandbox.stats.requestLog).toEqual([]);
}

const DOT_SEGMENTS = ['.', '..', '%2e', '%2e%2e', '%2E.', '.%2E', '%2E%2E', ' .. ', '%252e%252e'];

describe('an id that is a dot segment, or decodes to one', () => {
  it('removeUserFromGroup with groupId ".." neither deactivates nor deletes the user, run twice', async () => {
    const user = activeUser();
    for (let i = 0; i < 2; i += 1) {
      await expectRefused('removeUserFromGroup', { groupId: '..', userId: user.id }, 'groupId');
    }
    expect(sandbox.org.users.find(user.id)?.status).toBe('ACTIVE');
  });

  it('updateUser with userId "." creates no user', async () => {
    const before = sandbox.org.listUsers().length;
    await expectRefused('updateUser', { userId: '.', firstName: 'Mallory' }, 'userId');
    expect(sandbox.org.listUsers().length).toBe(before);
  });

  it('getUser with "." does not return the user list', async () => {
    await expectRefused('getUser', { userId: '.' }, 'userId');
  });

  it('addUserToGroup with groupId ".." does not replace the user', async () => {
    const user = activeUser();
    await expectRefused('addUserToGroup', { groupId: '..', userId: user.id }, 'groupId');
    expect(sandbox.org.users.find(user.id)?.profile).toEqual(activeUser().profile);
  });

  it('deactivateUser with ".." posts nothing to /api/v1/lifecycle', async () => {
    await expectRefused('deactivateUser', { userId: '..' }, 'userId');
  });

  it('refuses every encoded form, on every id field of the membership actions', async () => {
    const user = activeUser();
    const group = anyGroup();
    for (const id of DOT_SEGMENTS) {
      await expectRefused('getUser', { userId: id }, 'userId');
      await expectRefused('suspendUser', { userId: id }, 'userId');
      await expectRefused('deleteUser', { userId: id }, 'userId');
      await expectRefused('addUserToGroup', { groupId: id, userId: user.id }, 'groupId');
      await expectRefused('removeUserFromGroup', { groupId: group.id, userId: id }, 'userId');
    }
  });

  it('refuses an id holding "/" once decoded, which would add a segment', async () => {
    const user = activeUser();
    await expectRefused('addUserToGroup', { groupId: 'a%2Fb', userId: user.id }, 'groupId');
    await expectRefused('removeUserFromGroup', { groupId: '00g/../..', userId: user.id }, 'groupId');
  });

  it('still serves a real id and a login', async () => {
    const user = activeUser();
    const byId = await run('getUser', { userId: user.id });
    expect(byId.status).toBe(200);
    expect(byId.json.output?.id).toBe(user.id);
    const byLogin = await run('getUser', { userId: user.profile.login });
    expect(byLogin.json.output?.id).toBe(user.id);
  });
});
