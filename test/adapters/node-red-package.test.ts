/**
 * The Node-RED package as npm packs it (dist/adapters/node-red): the files Node-RED loads (each node's .js and
 * .html, the icon, the examples) and package.json's `node-red` section pointing at them; nothing of the builders'
 * packages. The browser test installs the same tarball into a Node-RED user folder and runs it.
 * Catches: a node file, editor file, icon or example left out of the tarball, or a `node-red.nodes` entry that
 * points at nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { packageDir } from './node-red-harness.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

it('npm pack of dist/adapters/node-red holds every node file, editor file, the icon and the examples', () => {
  const [packed] = JSON.parse(
    execFileSync(npm, ['pack', '--dry-run', '--json'], { cwd: packageDir, encoding: 'utf8' }),
  ) as { name: string; files: { path: string }[]; size: number; unpackedSize: number }[];
  expect(packed!.name).toBe('node-red-contrib-okta-connector');
  expect(packed!.files.map((file) => file.path).sort()).toEqual([
    'README.md',
    'data/operation-index.json',
    'examples/create-user-and-add-to-group.json',
    'examples/new-users-polling.json',
    'nodes/icons/okta.svg',
    'nodes/okta-action.html',
    'nodes/okta-action.js',
    'nodes/okta-connection.html',
    'nodes/okta-connection.js',
    'nodes/okta-trigger.html',
    'nodes/okta-trigger.js',
    'okta-connector.js',
    'package.json',
  ]);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  expect(manifest.keywords).toContain('node-red');
  expect(manifest['node-red'].version).toBe('>=4.0.0');
  for (const file of Object.values(manifest['node-red'].nodes) as string[]) {
    expect(existsSync(join(packageDir, file)), file).toBe(true);
    expect(existsSync(join(packageDir, file.replace(/\.js$/, '.html'))), file).toBe(true);
  }
  // The editor file of the connection node is written from the manifest: no placeholder left.
  expect(readFileSync(join(packageDir, 'nodes/okta-connection.html'), 'utf8')).not.toMatch(
    /__(TYPES|DEFAULTS|CREDENTIALS)__/,
  );
  console.log(
    `node-red package: tarball ${(packed!.size / 1024).toFixed(0)} KiB, unpacked ${(packed!.unpackedSize / 1024).toFixed(0)} KiB`,
  );
});
