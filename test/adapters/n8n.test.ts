/**
 * The built n8n package (dist/adapters/n8n) in n8n's own engine against the sandbox org over loopback HTTP: the
 * action node run by WorkflowExecute, its pickers through LoadOptionsContext. Triggers: n8n-triggers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { N8n } from '../../adapters/n8n/surface.ts';
import { execute, itemsOf, loadOptionsContext, node, useN8nAndSandbox, workflowOf } from './n8n-harness.ts';

type IDataObject = N8n.IDataObject;

const t = useN8nAndSandbox({ users: 1_150, seed: 21 });

/** What a picker offers, through n8n's LoadOptionsContext on a node of the workflow. */
async function listSearch(nodeParameters: IDataObject, method: string, filter?: string, token?: string) {
  const workflow = workflowOf(t.n8n, [node('Picker', 'oktaConnector', nodeParameters)]);
  const context = loadOptionsContext(t.n8n, workflow, 'Picker');
  const search = t.n8n.loaded.nodes.oktaConnector?.methods?.listSearch?.[method];
  if (!search) throw new Error(`no listSearch ${method}`);
  return search.call(context, filter, token);
}

describe('the Okta Connector node in n8n', () => {
  it('creates a user (a field set by an expression), adds them to a group picked in the resource locator, reads it back', async () => {
    // The picker searches on Okta: "Legal" finds the Legal group (an Okta group, which takes members).
    const groups = await listSearch({ resource: 'groups', operation: 'addUserToGroup' }, 'selectGroup', 'Legal');
    const picked = groups.results[0];
    expect(picked?.name).toMatch(/^Legal/);

    const workflow = workflowOf(t.n8n, [
      node('Create', 'oktaConnector', {
        resource: 'users',
        operation: 'createUser',
        firstName: '={{ "Ada" + "-" + "n8n".toUpperCase() }}',
        lastName: 'Lovelace',
        email: 'ada.n8n@example.com',
        additionalFields: { login: 'ada.n8n@example.com' },
      }),
      node('Add', 'oktaConnector', {
        resource: 'groups',
        operation: 'addUserToGroup',
        groupId: { __rl: true, mode: 'list', value: picked?.value, cachedResultName: picked?.name },
        userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
      }),
      node('Read', 'oktaConnector', {
        resource: 'users',
        operation: 'listUserGroups',
        userId: { __rl: true, mode: 'id', value: "={{ $('Create').item.json.id }}" },
      }),
    ]);
    const run = await execute(t.n8n, workflow);
    expect(run.data.resultData.error).toBeUndefined();
    const [created] = itemsOf(run, 'Create');
    expect(created?.json).toMatchObject({ profile: { firstName: 'Ada-N8N', login: 'ada.n8n@example.com' } });
    const read = itemsOf(run, 'Read');
    expect(JSON.stringify(read)).toContain(picked?.value as string);
    expect(t.sandbox.org.groups.memberIds(picked?.value as string).has(created?.json.id as string)).toBe(true);
  });
});

describe('lists and errors in n8n', () => {
  // Catches Return All stopping at a page or at Max Records (n8n #11444: the built-in node broke past 200 users).
  it('returns every user with Return All, one item each, past 1,000', async () => {
    const workflow = workflowOf(t.n8n, [
      node('All', 'oktaConnector', { resource: 'users', operation: 'listUsers', returnAll: true }),
    ]);
    const run = await execute(t.n8n, workflow);
    expect(run.data.resultData.error).toBeUndefined();
    const items = itemsOf(run, 'All');
    const active = t.sandbox.org.users.list().filter((user) => user.status !== 'DEPROVISIONED').length;
    expect(active).toBeGreaterThan(1_000);
    expect(items).toHaveLength(active);
    expect(new Set(items.map((item) => item.json.id)).size).toBe(active);
  });

  it('returns one page, one item per record, without Return All', async () => {
    const workflow = workflowOf(t.n8n, [
      node('Page', 'oktaConnector', { resource: 'users', operation: 'listUsers', limit: 50 }),
    ]);
    const run = await execute(t.n8n, workflow);
    expect(itemsOf(run, 'Page')).toHaveLength(50);
    expect(itemsOf(run, 'Page')[0]?.json.id).toMatch(/^00u/);
  });

  it("fails the node with Okta's error: message, code, kind and what to do, no stack of ours", async () => {
    const workflow = workflowOf(t.n8n, [
      node('Get', 'oktaConnector', {
        resource: 'users',
        operation: 'getUser',
        userId: { __rl: true, mode: 'id', value: '00unotthere000000000' },
      }),
    ]);
    const run = await execute(t.n8n, workflow);
    const error = run.data.resultData.error as { message: string; description: string; node?: { name: string } };
    expect(error.message).toMatch(/Okta answered 404 E0000007/);
    expect(error.description).toMatch(/^OKTA_NOT_FOUND \(okta, Okta 404 E0000007\)\. Check the id or login/);
    expect(error.node?.name).toBe('Get');
    expect(JSON.stringify(error)).not.toContain(t.sandbox.connection.fields.apiToken);
  });

  it('gives the error as the item with "continue on fail", and goes on with the next item', async () => {
    const get = node('Get', 'oktaConnector', {
      resource: 'users',
      operation: 'getUser',
      userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
    });
    get.onError = 'continueRegularOutput';
    const known = t.sandbox.org.users.list()[5]?.id as string;
    const workflow = workflowOf(t.n8n, [
      node('Ids', 'oktaConnector', { resource: 'users', operation: 'listUsers', limit: 1 }),
      get,
    ]);
    // Two items reach Get: an unknown id, then a known one (pinned data stands in for the node before).
    workflow.pinData = { Ids: [{ json: { id: '00unotthere000000000' } }, { json: { id: known } }] };
    const run = await execute(t.n8n, workflow);
    expect(run.data.resultData.error).toBeUndefined();
    const [failed, found] = itemsOf(run, 'Get');
    expect(failed?.json.error).toMatchObject({
      code: 'OKTA_NOT_FOUND',
      kind: 'okta',
      status: 404,
      oktaErrorCode: 'E0000007',
      whatToDo: expect.stringMatching(/Check the id/),
    });
    expect(failed?.pairedItem).toEqual({ item: 0 });
    expect(found?.json.id).toBe(known);
  });

  it('names the field of bad JSON text as a validation error', async () => {
    const workflow = workflowOf(t.n8n, [
      node('Create', 'oktaConnector', {
        resource: 'users',
        operation: 'createUser',
        firstName: 'Bad',
        lastName: 'Json',
        email: 'bad.json@example.com',
        additionalFields: { profile: '{department: x}' },
      }),
    ]);
    const run = await execute(t.n8n, workflow);
    const error = run.data.resultData.error as { message: string; description: string };
    expect(error.message).toMatch(/Other profile attributes \(profile\) is not valid JSON/);
    expect(error.description).toMatch(/^INVALID_INPUT \(validation\)/);
  });
});

describe('pickers in n8n', () => {
  // Catches a picker that stops at its first page (the built-in node's user picker stops at 200).
  it('pages the user picker with the token n8n hands back, and searches on Okta', async () => {
    const parameters = { resource: 'users', operation: 'getUser' };
    const first = await listSearch(parameters, 'selectUser');
    expect(first.results.length).toBeGreaterThan(0);
    expect(first.paginationToken).toEqual(expect.any(String));
    const second = await listSearch(parameters, 'selectUser', undefined, first.paginationToken as string);
    expect(second.results.length).toBeGreaterThan(0);
    const firstIds = new Set(first.results.map((result) => result.value));
    expect(second.results.some((result) => firstIds.has(result.value))).toBe(false);

    const ada = await listSearch(parameters, 'selectUser', 'ada.n8n');
    expect(ada.results.map((result) => result.name).join(' ')).toMatch(/ada\.n8n@example\.com/);
  });

  it("answers a dependent picker from its parent field (a user's factors)", async () => {
    const user = t.sandbox.org.users.list()[7];
    if (!user) throw new Error('no seeded user');
    t.sandbox.org.factors.enroll(user.id, {
      factorType: 'sms',
      provider: 'OKTA',
      profile: { phoneNumber: '+14155550100' },
    });
    const factors = await listSearch(
      { resource: 'factors', operation: 'getFactor', userId: { __rl: true, mode: 'id', value: user.id } },
      'selectUserFactor',
    );
    expect(factors.results.map((result) => result.value).sort()).toEqual(
      t.sandbox.org.factors
        .list(user.id)
        .map((factor) => factor.id)
        .sort(),
    );
  });
});
