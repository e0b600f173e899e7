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
import { manifest } from '../../adapters/shared/catalogue.ts';
import { packageDir, packageNodes } from './node-red-harness.ts';

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

/** The secret fields (write-only in the manifest) of the connection types Node-RED offers (node-red.test.ts). */
const secrets = manifest.connections
  .filter((type) => ['apiToken', 'oauthClientCredentials'].includes(type.key))
  .flatMap((type) =>
    Object.entries(type.fieldsSchema.properties as Record<string, { writeOnly?: boolean }>)
      .filter(([, schema]) => schema.writeOnly)
      .map(([name]) => name),
  );

// Catches a secret made a node property (Node-RED writes properties into the flow file and its exports), a type
// other than the API token by default, and admin routes outside Node-RED's admin permissions.
it('keeps the connection’s secrets as Node-RED credentials, defaults to the API token, guards its admin routes', () => {
  expect(secrets.sort()).toEqual(['apiToken', 'privateKey']);
  // The editor side: what the dialog saves as properties (the flow file) and as credentials (beside it, encrypted).
  const html = readFileSync(join(packageDir, 'nodes/okta-connection.html'), 'utf8');
  const editor = (name: string) => JSON.parse(new RegExp(`^\\s*${name}: (\\{.*\\}),$`, 'm').exec(html)?.[1] ?? '{}');
  const defaults = editor('defaults');
  expect(Object.keys(editor('credentials')).sort()).toEqual(secrets);
  expect(Object.keys(defaults).filter((name) => secrets.includes(name))).toEqual([]);
  expect(defaults.connectionType).toMatchObject({ value: 'apiToken' });
  // The runtime side: the credential definition the node type registers, and the permission each admin route asks.
  const registered: Record<string, { credentials?: Record<string, { type: string }> }> = {};
  const permissions: Record<string, string> = {};
  const RED = {
    nodes: {
      registerType: (type: string, _node: unknown, options = {}) => {
        registered[type] = options;
      },
    },
    httpAdmin: {
      get: (path: string, guard: { permission: string }) => {
        permissions[path] = guard.permission;
      },
    },
    httpNode: { get() {}, post() {} },
    auth: { needsPermission: (permission: string) => ({ permission }) },
    settings: {},
    util: {},
    log: { warn() {}, error() {}, info() {} },
  };
  for (const module of packageNodes()) module(RED);
  expect(Object.keys(registered['okta-connection']?.credentials ?? {}).sort()).toEqual(secrets);
  expect(permissions).toEqual({
    '/okta-connector/catalogue': 'okta-connection.read',
    '/okta-connector/:connection/options/:dataSource': 'okta-connection.write',
  });
});
