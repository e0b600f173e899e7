/**
 * The CLI as the package ships it, for the tests that run it in child processes (exit codes, stderr, `serve`).
 *
 * vitest's global setup (vitest.config.ts) bundles it once per run with `scripts/bundle.ts --no-types` into a folder
 * under dist/ (inside the clone, so that the bundle's external `ioredis` resolves from node_modules, as in an
 * install); every child then starts from dist/…/cli.js. Through tsx each start compiled and loaded the source tree
 * again: 3–4 s of CPU a start on the 2-core machine, against under 1 s for the bundle, and the suites start dozens.
 * The bin as a clone runs it, through tsx, stays covered by test/host/cli.test.ts (the README's lines), and the
 * package's bin by test/bundle.test.ts.
 *
 * If the bundle cannot be built (a stale manifest: `npm run manifest`), the setup says so and the children run the
 * source through tsx as before; `npm test` checks the manifest before it starts vitest.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
/** Where the global setup tells the workers (which inherit its environment) the bundle is. */
const VARIABLE = 'OKTA_CONNECTOR_TEST_CLI';

export default async function setup(): Promise<() => void> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const folder = mkdtempSync(join(root, 'dist', 'test-cli-'));
  try {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/bundle.ts', '--out', folder, '--no-types'],
      { cwd: root },
    );
    process.env[VARIABLE] = join(folder, 'cli.js');
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    console.warn(`The CLI bundle could not be built; the CLI tests run the source through tsx.\n${stderr ?? error}`);
  }
  return () => {
    delete process.env[VARIABLE];
    rmSync(folder, { recursive: true, force: true });
  };
}

/** What starts the CLI in a child process (cwd: the clone): `node <args>`. */
export function cliArguments(): string[] {
  const bundle = process.env[VARIABLE];
  return bundle ? [bundle] : ['--import', 'tsx', 'host/cli.ts'];
}
