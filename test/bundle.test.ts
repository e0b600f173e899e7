/**
 * The esbuild bundle is what hosts load: built into a folder outside the source tree, imported by a fresh Node
 * process, it must serve its manifest and run an action against the sandbox.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../sandbox/index.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
let out: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'okta-connector-bundle-'));
  await run(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts', '--out', out, '--no-types'], { cwd: root });
  sandbox = await startSandbox({ users: 20, seed: 3 });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('loads in a fresh process without the source tree and runs an action', async () => {
    const userId = sandbox.org.listUsers()[0]!.id;
    const script = join(out, 'check.mjs');
    writeFileSync(
      script,
      `import { createConnector, manifest } from './connector.js';
const connector = createConnector();
const user = await connector.runAction('getUser', {
  connection: ${JSON.stringify(sandbox.connection)},
  input: { userId: ${JSON.stringify(userId)} },
});
console.log(JSON.stringify({ actions: manifest().actions.length, id: user.id }));`,
    );
    // cwd is the temporary folder: nothing resolves from the repository.
    const { stdout } = await run(process.execPath, [script], { cwd: out });
    const result = JSON.parse(stdout.trim());
    expect(result.id).toBe(userId);
    expect(result.actions).toBeGreaterThanOrEqual(15);
  });
});
