/** The CLI as a user runs it: a child process, JSON on stdout, `{ error }` on stderr and an exit code by kind. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnvironment, finished, startCli } from './cli-process.ts';

const root = resolve(import.meta.dirname, '../..');
const start = (args: string[]) => startCli(args);
const cli = (_args: string[], child = start(_args)) => finished(child);

const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

describe('okta-connector CLI', () => {
  it('prints the manifest', async () => {
    const { code, stdout } = await cli(['manifest']);
    expect(code).toBe(0);
    const manifest = JSON.parse(stdout) as { actions: { key: string }[] };
    expect(manifest.actions.map((action) => action.key)).toContain('listUsers');
  });

  it('exits 4 with the Okta error when Okta says no (in-process sandbox)', async () => {
    const { code, stdout, stderr } = await cli(['run', 'getUser', '--input', '{"userId":"nobody@example.com"}']);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr).error).toMatchObject({
      code: 'OKTA_NOT_FOUND',
      kind: 'okta',
      details: { errorCode: 'E0000007' },
    });
  });

  it('exits 2 on a bad input, naming the field', async () => {
    const { code, stderr } = await cli(['run', 'listUsers', '--input', '{"limit":"x"}']);
    expect(code).toBe(2);
    const { error } = JSON.parse(stderr) as { error: { kind: string; details: { issues: { path: string }[] } } };
    expect(error.kind).toBe('validation');
    expect(error.details.issues.map((issue) => issue.path)).toContain('limit');
  });

  it('exits 1 with the usage on an unknown command', async () => {
    const { code, stderr } = await cli(['frobnicate']);
    expect(code).toBe(1);
    expect(stderr).toContain('Usage: okta-connector');
  });

  it('keeps a sandbox running whose connection a later command uses', async () => {
    const child = start(['sandbox', '--port', '0', '--users', '10']);
    running.push(child);
    const lines = await new Promise<string[]>((done, fail) => {
      let text = '';
      child.on('error', fail);
      child.on('close', (code) => fail(new Error(`sandbox exited with ${code}`)));
      child.stdout?.on('data', (chunk) => {
        text += chunk;
        const all = text.split('\n');
        if (all.length > 2) done(all);
      });
    });
    const connection = JSON.parse(lines[0] ?? '') as { type: string; fields: { domain: string; apiToken: string } };
    expect(connection.type).toBe('apiToken');
    expect(lines[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const { code, stdout } = await cli(['run', 'listUsers', '--connection', lines[0] ?? '', '--input', '{"limit":2}']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { items: unknown[] }).items).toHaveLength(2);

    const exited = new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Two CLI processes: slow on a loaded 2-core machine.
  }, 90_000);
});

describe('the package bin', () => {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = pkg.bin['okta-connector'] ?? '';

  it('needs no build: a clone has no dist/ until one', () => {
    expect(bin).not.toMatch(/^(\.\/)?dist\//);
  });

  it('runs every one-shot line of the README’s CLI section as written', async () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The CLI'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    // `sandbox` and `serve` run until stopped: the test above covers `sandbox`.
    const lines = block
      .split('\n')
      .filter((line) => line.includes('npx okta-connector ') && !/ (sandbox|serve) /.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      // What `npx okta-connector` runs in a clone: the bin package.json names, with node.
      const command = line.replace('npx okta-connector', `"${process.execPath}" ${bin}`);
      const child = spawn('sh', ['-c', command], {
        cwd: root,
        env: cleanEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const { code, stdout, stderr } = await cli([], child);
      expect({ line, code, stderr }).toEqual({ line, code: 0, stderr: '' });
      expect(() => JSON.parse(stdout), line).not.toThrow();
    }
  }, 120_000);
});
