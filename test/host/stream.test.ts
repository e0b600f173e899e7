/**
 * `POST /api/actions/{key}/stream` (NDJSON) and `run --stream`, over real HTTP against a sandbox: every record once,
 * errors before the first record as the usual error answer, an error mid-stream as the last line, and a client that
 * goes away stops the requests to Okta.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settledRequests } from '../settled-requests.ts';
import { suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5_000, seed: 7, rateLimits: { enabled: false } });
const host = suiteHost(() => ({
  defaultConnection: sandbox.connection,
  connectorOptions: { outputCheck: 'throw', client: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } },
}));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(key: string, input: unknown, signal?: AbortSignal) {
  return fetch(`${host.url}/api/actions/${key}/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
    ...(signal ? { signal } : {}),
  });
}

function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const engineering = 'profile.department eq "Engineering"';
function engineers(): string[] {
  return sandbox.org
    .listUsers()
    .filter((u) => u.profile.department === 'Engineering')
    .map((u) => u.id)
    .sort();
}

describe('POST /api/actions/{key}/stream', () => {
  it('answers NDJSON, one record per line, each user once', async () => {
    const response = await post('listUsers', { search: engineering, limit: 100 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const records = lines(await response.text());
    const ids = records.map((r) => r.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(engineers());
  });

  it('answers an error before the first record as the other routes do', async () => {
    const notAList = await post('getUser', { userId: 'someone@example.com' });
    expect(notAList.status).toBe(400);
    expect(((await notAList.json()) as { error: { code: string } }).error.code).toBe('NOT_STREAMABLE');
    const badInput = await post('listUsers', { limit: 0 });
    expect(badInput.status).toBe(400);
    expect(((await badInput.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
  });

  it('ends with an {"error"} line when Okta fails mid-stream', async () => {
    const response = await post('listGroups', { limit: 2 });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    // Every request from now on fails, retries included.
    sandbox.faults.inject({ kind: '5xx', status: 503, match: { path: '/api/v1/groups' } });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
    }
    sandbox.faults.clear();
    const records = lines(text);
    const last = records.at(-1) as { error: { code: string; kind: string } };
    expect(Object.keys(last)).toEqual(['error']);
    expect(last.error.kind).toBe('transient');
    expect(records.slice(0, -1).every((r) => typeof r.id === 'string')).toBe(true);
  });

  it('stops the requests to Okta when the client goes away', async () => {
    await settledRequests(sandbox);
    sandbox.stats.reset();
    // Slow answers, so the export is far from done when the client leaves.
    sandbox.faults.inject({ kind: 'latency', ms: 100, match: { path: '/api/v1/users' } });
    const controller = new AbortController();
    const response = await post('listUsers', { limit: 50 }, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    const sent = await settledRequests(sandbox);
    await pause(500);
    sandbox.faults.clear();
    expect(sandbox.stats.requests).toBe(sent);
    // The export needs about 100 pages.
    expect(sent).toBeLessThan(50);
  });
});

describe('run --stream', () => {
  it('writes NDJSON to stdout, one record per line', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'host/cli.ts',
        'run',
        'listUsers',
        '--stream',
        '--input',
        JSON.stringify({ search: engineering, maxRecords: 300 }),
        '--connection',
        JSON.stringify(sandbox.connection),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    const ids = lines(stdout).map((r) => r.id as string);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    const all = new Set(engineers());
    for (const id of ids) expect(all.has(id)).toBe(true);
  });
});
