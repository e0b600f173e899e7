/**
 * The build is what hosts load and what `npm pack` ships: built (bundles and type declarations, as `npm run build`
 * does) into a folder laid out as the published package, outside the source tree, it must load in a fresh Node
 * process, run an action against the sandbox, and run its CLI through the package's bin.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from './support/org.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  exports: Record<string, string | Record<string, string>>;
};
/** The published package: package.json, bin/ and dist/ (its `files`), and no source tree. */
let installed: string;
let out: string;

beforeAll(async () => {
  installed = mkdtempSync(join(tmpdir(), 'okta-connector-package-'));
  out = join(installed, 'dist');
  // The declarations too: a type that cannot be named (TS4058) fails `npm run build`, and so this test.
  await run(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts', '--out', out], { cwd: root });
  copyFileSync(join(root, 'package.json'), join(installed, 'package.json'));
  cpSync(join(root, 'bin'), join(installed, 'bin'), { recursive: true });
}, 180_000);

afterAll(() => {
  if (installed) rmSync(installed, { recursive: true, force: true });
});

const sandbox = suiteSandbox({ users: 20, seed: 3 });

describe('the build', () => {
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

  it('holds every file package.json points to', () => {
    const targets = [
      ...Object.values(pkg.bin),
      ...Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry))),
    ].filter((target) => !target.endsWith('package.json') && !target.endsWith('.manifest.json'));
    for (const target of targets) expect(existsSync(join(installed, target)), target).toBe(true);
    expect(readFileSync(join(out, 'types/connector.d.ts'), 'utf8')).toContain('CallOptions');
  });

  it('runs the CLI through the bin, from the bundle', async () => {
    const bin = join(installed, pkg.bin['okta-connector'] ?? '');
    const connection = JSON.stringify(sandbox.connection);
    const { stdout } = await run(process.execPath, [bin, 'run', 'listUsers', '--connection', connection], {
      cwd: tmpdir(),
    });
    expect((JSON.parse(stdout) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('serves the playground page from the assets built into dist/playground, with no source and no esbuild', async () => {
    const bin = join(installed, pkg.bin['okta-connector'] ?? '');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: tmpdir(), env: cleanEnv() });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = /host on (http:\/\/\S+)/.exec(text);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const html = await (await fetch(`${url}/`)).text();
      const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
      const js = await fetch(`${url}${script}`);
      expect(js.status).toBe(200);
      expect(await js.text()).toContain('/api/datasources/');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

/** The environment without a real org's settings, so that `serve` starts its own sandbox. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OKTA_')));
}
