/**
 * callOktaOperation and selectOperation over real HTTP against the sandbox (issue 28): paging through `Link` as the
 * list actions do, the sandbox's state for the operations it models and the spec's example for the others, the
 * tolerant check of the answer, the picker, the host's form route, the CLI, and the MCP flags per operation.
 * The per-operation conformance over the whole index is test/conformance-operations.test.ts.
 */

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { main } from '../../host/commands.ts';
import { createMcpServer, mcpCatalogue } from '../../host/mcp.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { answerIssues, loadOperationIndex } from '../../lib/operation-index.ts';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 25, seed: 8 });

type Page = { operationId: string; items: { id: string }[]; nextCursor?: string };
type Single = { operationId: string; status: number; body?: Record<string, unknown>; nextCursor?: string };

/** The value at a path of keys in a JSON document. */
const dig = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );

const limits = () =>
  t.sandbox.stats.requestLog.map((r) => new URLSearchParams(r.query).get('limit')).filter((l) => l !== null);

describe('callOktaOperation: lists page through Link like the list actions', () => {
  it('returns one page and its cursor, and the cursor continues where the page ended', async () => {
    const first = await t.run<Page>('callOktaOperation', { operationId: 'listUsers', parameters: { limit: 4 } });
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBeTruthy();
    const second = await t.run<Page>('callOktaOperation', {
      operationId: 'listUsers',
      parameters: { limit: 4, after: first.nextCursor },
    });
    expect(second.items).toHaveLength(4);
    // Okta's order: the second page starts after the first (a cursor dropped would repeat the first page).
    expect(second.items.map((u) => u.id)).not.toContain(first.items[0]?.id);
  });

  it('follows every page up to maxRecords with fetchAll, asking only for what is still wanted', async () => {
    const page = await t.run<Page>('callOktaOperation', {
      operationId: 'listUsers',
      parameters: { limit: 4 },
      fetchAll: true,
      maxRecords: 10,
    });
    expect(page.items).toHaveLength(10);
    expect(new Set(page.items.map((u) => u.id)).size).toBe(10);
    expect(page.nextCursor).toBeTruthy();
    // The shared pager (lib/list.ts): 4, 4, then only the 2 still wanted.
    expect(limits()).toEqual(['4', '4', '2']);
  });

  it('streams a list operation record by record (streamAction), and refuses to stream one that is no list', async () => {
    const connector = createConnector();
    const records: unknown[] = [];
    for await (const record of connector.streamAction('callOktaOperation', {
      connection: t.sandbox.connection,
      input: { operationId: 'listUsers', parameters: { limit: 5 }, maxRecords: 12 },
    })) {
      records.push(record);
    }
    expect(records).toHaveLength(12);
    const stream = connector.streamAction('callOktaOperation', {
      connection: t.sandbox.connection,
      input: { operationId: 'getUser', parameters: { id: 'x' } },
    });
    const error = await failure(
      (async () => {
        for await (const _ of stream) break;
      })(),
    );
    expect(error.code).toBe('NOT_STREAMABLE');
  });
});

describe('callOktaOperation: answers', () => {
  it('answers a modelled operation from the sandbox state: a group created is read back', async () => {
    const created = await t.run<Single>('callOktaOperation', {
      operationId: 'addGroup',
      body: { profile: { name: 'Operators', description: 'made by callOktaOperation' } },
    });
    expect(created.status).toBe(200);
    const id = String(created.body?.id);
    expect(t.sandbox.org.listGroups().some((g) => g.id === id)).toBe(true);
    const read = await t.run<Single>('callOktaOperation', { operationId: 'getGroup', parameters: { groupId: id } });
    expect(read.body).toMatchObject({ id, profile: { name: 'Operators' } });
  });

  it("answers an operation the sandbox does not model with the spec's example", async () => {
    const brands = await t.run<Page>('callOktaOperation', { operationId: 'listBrands' });
    expect(brands.items.length).toBeGreaterThan(0);
    expect(t.sandbox.stats.requestLog[0]?.example).toBe(true);
  });

  it('passes an Okta error on with its code', async () => {
    const error = await failure(
      t.run('callOktaOperation', { operationId: 'getGroup', parameters: { groupId: '00gnothere' } }),
    );
    expect(error).toMatchObject({ kind: 'okta', code: 'OKTA_NOT_FOUND' });
  });

  it('checks the answer tolerantly: fields added, left out or null pass; a wrong type does not', async () => {
    const index = await loadOperationIndex();
    const getGroup = index.byId.get('getGroup');
    if (!getGroup) throw new Error('getGroup is not in the index');
    expect(answerIssues(getGroup, { id: 'g', extra: { any: 1 }, profile: { name: null } })).toEqual([]);
    expect(answerIssues(getGroup, { id: 'g', type: 'A_TYPE_OKTA_ADDED_LATER' })).toEqual([]);
    expect(answerIssues(getGroup, { id: 'g', profile: 'not an object' })).not.toEqual([]);
    expect(answerIssues(getGroup, [{ id: 'g' }])).not.toEqual([]);
  });
});

describe('callOktaOperation: refused before anything is sent', () => {
  it.each([
    ['an unknown operation', { operationId: 'stealEverything' }, 'operationId'],
    ['an unknown parameter', { operationId: 'listGroups', parameters: { limt: 5 } }, 'parameters.limt'],
    ['a missing path parameter', { operationId: 'getGroup', parameters: {} }, 'parameters.groupId'],
    ['a path id of ".."', { operationId: 'getGroup', parameters: { groupId: '..' } }, 'parameters.groupId'],
    ['an encoded "/"', { operationId: 'deleteGroup', parameters: { groupId: 'a%2Fb' } }, 'parameters.groupId'],
    ['a parameter of the wrong type', { operationId: 'listGroups', parameters: { limit: 'many' } }, 'parameters.limit'],
    ['a body off the schema', { operationId: 'addGroup', body: { profile: { name: 7 } } }, 'body.profile.name'],
    ['a body where none is taken', { operationId: 'getGroup', parameters: { groupId: 'g' }, body: {} }, 'body'],
  ])('%s', async (_, input, field) => {
    const error = await failure(t.run('callOktaOperation', input));
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toContain(field);
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });

  it('suggests the closest parameter', async () => {
    const error = await failure(t.run('callOktaOperation', { operationId: 'listGroups', parameters: { limt: 5 } }));
    expect(error.message).toContain('did you mean "limit"');
  });
});

describe('selectOperation', () => {
  const connector = createConnector();
  const search = (text?: string, cursor?: string) =>
    connector.listOptions('selectOperation', {
      connection: t.sandbox.connection,
      ...(text === undefined ? {} : { search: text }),
      ...(cursor === undefined ? {} : { cursor }),
    });

  it('finds operations by words of their id, tag, summary or path, an id that starts with the text first', async () => {
    const found = await search('role assign user');
    expect(found.options.map((o) => o.value)).toContain('assignRoleToUser');
    expect((await search('getGroup')).options[0]?.value).toBe('getGroup');
    expect((await search('/api/v1/zones')).options.map((o) => o.value)).toContain('listNetworkZones');
    // Nothing is asked of the org: the index comes with the connector.
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });

  it('pages through every operation with its cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await search(undefined, cursor);
      for (const option of page.options) seen.add(option.value);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe((await loadOperationIndex()).operations.length);
  });
});

describe('the form of one operation, the CLI and MCP', () => {
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHost({ port: 0, defaultConnection: t.sandbox.connection });
  });
  afterAll(() => host?.close());

  it('GET /api/operations/{operationId} answers its input schema, with pickers for the ids we can pick', async () => {
    const response = await fetch(`${host.url}/api/operations/listGroupUsers`);
    expect(response.status).toBe(200);
    const { inputSchema } = (await response.json()) as { inputSchema: unknown };
    const parameters = dig(inputSchema, 'properties', 'parameters');
    expect(dig(parameters, 'properties', 'groupId')).toMatchObject({ title: 'groupId', 'x-dataSource': 'selectGroup' });
    expect(dig(parameters, 'properties', 'groupId', 'description')).toMatch(/group/);
    expect(dig(parameters, 'required')).toEqual(['groupId']);
    expect(dig(parameters, 'additionalProperties')).toBe(false);
    expect(dig(inputSchema, 'properties', 'fetchAll')).toBeTruthy();
    const created = await (await fetch(`${host.url}/api/operations/addGroup`)).json();
    const name = ['inputSchema', 'properties', 'body', 'properties', 'profile', 'properties', 'name', 'type'];
    expect(dig(created, ...name)).toBe('string');
    const missing = await fetch(`${host.url}/api/operations/..`);
    expect([404, 400]).toContain(missing.status);
    const unknown = await fetch(`${host.url}/api/operations/stealEverything`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('UNKNOWN_OPERATION');
  });

  it('the CLI lists operations by search and runs one with run callOktaOperation --input', async () => {
    const out: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text) };
    expect(await main(['operations', 'network', 'zone'], io)).toBe(0);
    const listed = JSON.parse(out.join('')) as { operations: { operationId: string }[] };
    expect(listed.operations.map((o) => o.operationId)).toContain('listNetworkZones');
    out.length = 0;
    const input = JSON.stringify({ operationId: 'listGroups', parameters: { limit: 2 } });
    const connection = JSON.stringify(t.sandbox.connection);
    expect(await main(['run', 'callOktaOperation', '--input', input, '--connection', connection], io)).toBe(0);
    expect((JSON.parse(out.join('')) as Page).items).toHaveLength(2);
  });

  async function mcpClient(policy: { allowWrites?: boolean; allowDestructive?: boolean }) {
    const server = createMcpServer(mcpCatalogue(policy), {
      connector: createConnector(),
      connection: () => t.sandbox.connection,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    return client;
  }

  it('MCP lists it with --allow-writes, telling the agent to look the operation up first', async () => {
    const readOnly = await mcpClient({});
    expect((await readOnly.listTools()).tools.map((tool) => tool.name)).not.toContain('callOktaOperation');
    await readOnly.close();
    const writes = await mcpClient({ allowWrites: true });
    const tool = (await writes.listTools()).tools.find((candidate) => candidate.name === 'callOktaOperation');
    expect(tool?.description).toMatch(/Look the operation up first/);
    await writes.close();
  });

  it('MCP refuses a destructive operation without --allow-destructive, before anything reaches the org', async () => {
    const group = t.sandbox.org.listGroups().find((g) => g.type === 'OKTA_GROUP');
    if (!group) throw new Error('the sandbox has no OKTA_GROUP');
    const call = {
      name: 'callOktaOperation',
      arguments: { operationId: 'deleteGroup', parameters: { groupId: group.id } },
    };
    const writes = await mcpClient({ allowWrites: true });
    t.sandbox.stats.reset();
    const refused = await writes.callTool(call);
    expect(refused.isError).toBe(true);
    expect(JSON.parse((refused.content as { text: string }[])[0]?.text ?? '{}').error).toMatchObject({
      code: 'TOOL_NOT_ENABLED',
      details: { needs: '--allow-destructive' },
    });
    // A POST that deactivates is destructive too, as deactivateUser is.
    const deactivate = await writes.callTool({
      name: 'callOktaOperation',
      arguments: { operationId: 'deactivateUser', parameters: { id: 'someone' } },
    });
    expect(deactivate.isError).toBe(true);
    expect(t.sandbox.stats.requestLog).toEqual([]);
    // A write that destroys nothing goes through with --allow-writes.
    const read = await writes.callTool({
      name: 'callOktaOperation',
      arguments: { operationId: 'getGroup', parameters: { groupId: group.id } },
    });
    expect(read.isError).toBeFalsy();
    await writes.close();
    const destructive = await mcpClient({ allowWrites: true, allowDestructive: true });
    const deleted = await destructive.callTool(call);
    expect(deleted.isError).toBeFalsy();
    expect(t.sandbox.org.listGroups().some((g) => g.id === group.id)).toBe(false);
    await destructive.close();
  });
});
