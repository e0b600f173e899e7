/**
 * Issue 20, item 1, through the real CLI: `okta-connector serve --api-token T` (and `HOST_API_TOKEN`) guards the API
 * and MCP of the host it starts, lets it listen beyond loopback, and under PUBLIC_URL's name answers only the hooks.
 * test/host/access.test.ts proves the same rules on `startHost`; this proves `serve` hands them the token it was given.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../support/host.ts';
import { servedUrl, startCli } from './cli-process.ts';

const TOKEN = 'serve-token-test-0123456789abcdef';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = startCli(['serve', '--port', '0', ...args], env);
  children.push(child);
  // Listening on 0.0.0.0 prints that address; loopback reaches it.
  return (await servedUrl(child)).replace('0.0.0.0', '127.0.0.1');
}

/** A GET, or a POST of `body`, with exactly the headers given (a Host of the public name). */
async function status(url: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return (await call(url, body === undefined ? 'GET' : 'POST', path, body, headers)).status;
}

const MCP_LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const MCP_ACCEPT = { accept: 'application/json, text/event-stream' };

describe('okta-connector serve with a host API token', () => {
  it('--api-token: listens on 0.0.0.0, and /api and /mcp answer only with the token (catches: the option not passed on)', async () => {
    const url = await serve(['--hostname', '0.0.0.0', '--api-token', TOKEN]);
    expect(await status(url, '/api/manifest')).toBe(401);
    expect(await status(url, '/mcp', MCP_ACCEPT, MCP_LIST)).toBe(401);
    expect(await status(url, '/api/manifest', { authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(await status(url, '/mcp', { ...MCP_ACCEPT, authorization: `Bearer ${TOKEN}` }, MCP_LIST)).toBe(200);
  }, 90_000);

  it('HOST_API_TOKEN with PUBLIC_URL: the API needs the token, and under the public name only /hooks/* answers', async () => {
    const url = await serve([], { HOST_API_TOKEN: TOKEN, PUBLIC_URL: 'https://hooks.example.com' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await status(url, '/api/manifest')).toBe(401);
    expect(await status(url, '/api/manifest', auth)).toBe(200);
    expect(await status(url, '/api/manifest', { ...auth, host: 'hooks.example.com' })).toBe(404);
    // Past the routing under the public name: the route itself knows no such subscription.
    expect(await status(url, '/hooks/00000000-0000-0000-0000-000000000000', { host: 'hooks.example.com' }, '{}')).toBe(
      404,
    );
  }, 90_000);
});
