/**
 * The catalogue as an MCP server, driven by the SDK's own client the way an agent's host drives it: over stdio (the
 * CLI spawned as a child process) and over Streamable HTTP (the host's `/mcp`), against a sandbox org on loopback
 * whose request log shows what reached "Okta".
 */
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, manifest } from '../../connector.ts';
import { main } from '../../host/commands.ts';
import { createMcpServer, mcpCatalogue } from '../../host/mcp.ts';
import type { McpToolPolicy } from '../../host/mcp-policy.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const root = resolve(import.meta.dirname, '../..');
/** Starting the CLI (tsx, the SDK, for the default server a sandbox) takes seconds, more on a busy machine. */
const SPAWN_TIMEOUT = 90_000;

const sandbox = suiteSandbox({ users: 30, seed: 16, rateLimits: { enabled: false } });
beforeEach(() => sandbox.stats.reset());

/** The environment without OKTA_* variables, plus the ones given. */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  const clean = Object.entries(process.env).filter(
    (entry): entry is [string, string] => !entry[0].startsWith('OKTA_') && entry[1] !== undefined,
  );
  return { ...Object.fromEntries(clean), ...extra };
}

/** The CLI's `mcp` command as an agent's host starts it: the bin, a child process, the protocol on its stdio. */
function stdio(args: string[], env: Record<string, string>): Transport {
  return new StdioClientTransport({
    command: process.execPath,
    args: ['bin/okta-connector.js', 'mcp', ...args],
    cwd: root,
    env,
    stderr: 'ignore',
  });
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'okta-connector-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

interface ToolError {
  error: { kind: string; code: string; message: string; details?: Record<string, unknown>; whatToDo: string };
}

function errorOf(result: Awaited<ReturnType<Client['callTool']>>): ToolError['error'] {
  expect(result.isError).toBe(true);
  const [content] = result.content as { type: string; text: string }[];
  return (JSON.parse(content?.text ?? '{}') as ToolError).error;
}

const actionsBy = (test: (hints: { readOnly: boolean; destructive: boolean }) => boolean) =>
  manifest()
    .actions.filter((action) => test(action.hints))
    .map((action) => action.key)
    .sort();

/** The same agent session over each transport: a server that lists the read-only and the destructive tools. */
function agentSession(name: string, open: () => Promise<Client>) {
  describe(name, () => {
    let client: Client;
    beforeAll(async () => {
      client = await open();
    }, SPAWN_TIMEOUT);
    afterAll(() => client?.close());

    it('lists one tool per read-only or destructive action, with its schemas and hints as annotations', async () => {
      const { tools } = await client.listTools();
      const keys = tools.map((tool) => tool.name).sort();
      expect(keys).toEqual(actionsBy((hints) => hints.readOnly || hints.destructive));
      expect(keys).not.toContain('createUser'); // a write, not enabled
      const deleteUser = tools.find((tool) => tool.name === 'deleteUser');
      const action = manifest().actions.find((candidate) => candidate.key === 'deleteUser');
      expect(deleteUser).toMatchObject({
        title: 'Delete User',
        description: action?.description,
        inputSchema: { type: 'object', required: ['userId'] },
        outputSchema: action?.outputSchema,
        annotations: { title: 'Delete User', readOnlyHint: false, destructiveHint: true, idempotentHint: true },
      });
      expect(tools.find((tool) => tool.name === 'getUser')?.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
    });

    it('runs a read-only tool against the org, with structured content matching the output schema', async () => {
      const user = sandbox.org.users.list()[3];
      // The SDK client checks structuredContent against the listed output schema (listTools caches it).
      await client.listTools();
      const result = await client.callTool({ name: 'getUser', arguments: { userId: user?.profile.login } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ id: user?.id, profile: { login: user?.profile.login } });
      expect(sandbox.stats.requestLog.some((entry) => entry.method === 'GET' && entry.path.includes('/users/'))).toBe(
        true,
      );
    });

    it('runs a destructive tool when its flag is given', async () => {
      const user = sandbox.org.users.list().find((candidate) => candidate.status === 'ACTIVE');
      await client.listTools();
      const result = await client.callTool({ name: 'deleteUser', arguments: { userId: user?.id } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ userId: user?.id, deactivated: true });
      expect(sandbox.org.users.list().some((candidate) => candidate.id === user?.id)).toBe(false);
    });

    it('completes a userId from the org through the prompt named like the tool', async () => {
      const user = sandbox.org.users.list()[5];
      const { prompts } = await client.listPrompts();
      expect(prompts.find((prompt) => prompt.name === 'getUser')?.arguments).toEqual([
        expect.objectContaining({ name: 'userId', required: true }),
      ]);
      const { completion } = await client.complete({
        ref: { type: 'ref/prompt', name: 'getUser' },
        argument: { name: 'userId', value: user?.profile.login.slice(0, 6) ?? '' },
      });
      expect(completion.values).toContain(user?.id);
      // The search went to Okta, not a download of every user.
      expect(sandbox.stats.requestLog.some((entry) => entry.query.includes('search='))).toBe(true);
    });

    it('answers bad input with a tool error naming the field, and sends nothing to the org', async () => {
      const result = await client.callTool({ name: 'getUser', arguments: { userId: '' } });
      const error = errorOf(result);
      expect(error).toMatchObject({ kind: 'validation', code: 'INVALID_INPUT' });
      expect(error.details?.issues).toEqual([expect.objectContaining({ path: 'userId' })]);
      expect(error.whatToDo).toMatch(/Correct the input/);
      expect(sandbox.stats.requestLog).toEqual([]);
    });

    it('refuses a tool it does not list, before anything reaches the org', async () => {
      const error = errorOf(
        await client.callTool({ name: 'createUser', arguments: { profile: { login: 'x@example.com' } } }),
      );
      expect(error).toMatchObject({
        code: 'TOOL_NOT_ENABLED',
        details: { tool: 'createUser', needs: '--allow-writes' },
      });
      expect(error.whatToDo).toContain('--allow-writes');
      expect(sandbox.stats.requestLog).toEqual([]);
    });

    it('passes an Okta error on with its code and what to do', async () => {
      const error = errorOf(await client.callTool({ name: 'getUser', arguments: { userId: 'nobody@example.com' } }));
      expect(error).toMatchObject({ kind: 'okta', code: 'OKTA_NOT_FOUND', details: { errorCode: 'E0000007' } });
      expect(error.whatToDo).toMatch(/check the id/);
    });
  });
}

agentSession('over stdio (the CLI, on the OKTA_* org)', () =>
  connect(stdio(['--allow-destructive'], environment({ OKTA_DOMAIN: sandbox.url, OKTA_API_TOKEN: sandbox.apiToken }))),
);

let host: RunningHost;
agentSession('over Streamable HTTP (the host at /mcp)', async () => {
  host = await startHost({ port: 0, defaultConnection: sandbox.connection, mcp: { allowDestructive: true } });
  return connect(new StreamableHTTPClientTransport(new URL(`${host.url}/mcp`)));
});
afterAll(() => host?.close());

describe('the default stdio server', () => {
  it(
    'offers read-only tools only, on a sandbox of its own when no org is given',
    async () => {
      const client = await connect(stdio([], environment()));
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual(actionsBy((hints) => hints.readOnly));
        expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
        const result = await client.callTool({ name: 'listUsers', arguments: { limit: 2 } });
        expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(2);
        // Its own org answered, not this test's.
        expect(sandbox.stats.requestLog).toEqual([]);
      } finally {
        await client.close();
      }
    },
    SPAWN_TIMEOUT,
  );
});

describe('the tool policy', () => {
  async function toolsOf(policy: McpToolPolicy): Promise<string[]> {
    const server = createMcpServer(mcpCatalogue(policy), {
      connector: createConnector(),
      connection: () => sandbox.connection,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = await connect(clientSide);
    const { tools } = await client.listTools();
    await client.close();
    return tools.map((tool) => tool.name).sort();
  }

  it('adds writing tools with allowWrites, still without the destructive ones', async () => {
    const tools = await toolsOf({ allowWrites: true });
    expect(tools).toEqual(actionsBy((hints) => !hints.destructive));
    expect(tools).toContain('createUser');
    expect(tools).not.toContain('deleteUser');
  });

  it('keeps only the allow-listed keys', async () => {
    expect(await toolsOf({ tools: ['listUsers', 'getUser'] })).toEqual(['getUser', 'listUsers']);
    expect(await toolsOf({ allowDestructive: true, tools: ['deleteUser'] })).toEqual(['deleteUser']);
  });

  it('never lists a destructive tool without its flag, even when allow-listed: the CLI refuses to start', async () => {
    let stderr = '';
    const code = await main(['mcp', '--tools', 'getUser,deleteUser'], {
      stderr: (text) => {
        stderr += text;
      },
      env: environment(),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('--allow-destructive');
    const unknown = await main(['mcp', '--tools', 'getUsr'], { stderr: () => undefined, env: environment() });
    expect(unknown).toBe(1);
  });

  it('refuses an OKTA_DOMAIN without credentials rather than acting on a sandbox', async () => {
    let stderr = '';
    const code = await main(['mcp'], {
      stderr: (text) => {
        stderr += text;
      },
      env: environment({ OKTA_DOMAIN: 'https://example.okta.com' }),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('OKTA_API_TOKEN');
  });
});

describe('the /mcp endpoint behind the request guard', () => {
  const guarded = suiteHost(() => ({ defaultConnection: sandbox.connection, mcp: { allowDestructive: true } }));

  const deleteUser = {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'deleteUser', arguments: { userId: 'ada@example.com' } },
  };
  const accept = 'application/json, text/event-stream';

  it('refuses a page of another origin, and a DNS-rebinding Host, before any tool runs', async () => {
    const port = new URL(guarded.url).port;
    const send = (headers: Record<string, string>) => call<ToolError>(guarded.url, 'POST', '/mcp', deleteUser, headers);
    const foreign = await send({ origin: 'https://evil.example', accept });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('FOREIGN_ORIGIN');
    const rebound = await send({ host: `evil.example:${port}`, accept });
    expect(rebound.status).toBe(403);
    expect(rebound.json.error.code).toBe('FORBIDDEN_HOST');
    const form = await send({ 'content-type': 'text/plain', accept });
    expect(form.status).toBe(415);
    expect(form.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(sandbox.stats.requestLog).toEqual([]);
  });

  it('is stateless: no session stream to open (GET) or end (DELETE)', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const answer = await call(guarded.url, method, '/mcp', undefined, { accept: 'text/event-stream' });
      expect(answer.status).toBe(405);
    }
  });
});
