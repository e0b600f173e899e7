/**
 * The n8n package as a user gets it: `npm pack` in dist/adapters/n8n gives a tarball that installs into an empty
 * folder (no network: n8n-workflow, a peer n8n provides, is linked from adapters/node_modules as n8n's own would
 * be), and n8n's loader loads its three nodes and three credentials from there in a fresh process (and says how
 * long that takes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from './n8n-harness.ts';

const adapterModules = resolve(import.meta.dirname, '../../adapters/node_modules');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack of dist/adapters/n8n', () => {
  let work: string;
  let tarball: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: packageDir, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
    tarball = join(work, packed[0]?.filename as string);
    // The file list: the bundle, one file per node and credential, icons, README; no link to the builders' packages.
    const files = packed[0]?.files.map((file) => file.path).sort();
    expect(files).toEqual([
      'README.md',
      'credentials/OktaConnectorApi.credentials.js',
      'credentials/OktaConnectorClientCredentials.credentials.js',
      'credentials/OktaConnectorOAuth2.credentials.js',
      'data/operation-index.json',
      'nodes/OktaConnector/OktaConnector.node.js',
      'nodes/OktaConnector/okta.svg',
      'nodes/OktaConnectorPollTrigger/OktaConnectorPollTrigger.node.js',
      'nodes/OktaConnectorPollTrigger/okta.svg',
      'nodes/OktaConnectorTrigger/OktaConnectorTrigger.node.js',
      'nodes/OktaConnectorTrigger/okta.svg',
      'okta-connector.js',
      'okta.svg',
      'package.json',
    ]);
    console.log(
      `n8n package: tarball ${(packed[0]!.size / 1024).toFixed(0)} KiB, unpacked ${(packed[0]!.unpackedSize / 1024).toFixed(0)} KiB`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs into an empty folder and loads in n8n there, in a fresh process', () => {
    const folder = join(work, 'empty');
    mkdirSync(folder);
    execFileSync(npm, ['install', tarball, '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund'], {
      cwd: folder,
      stdio: 'pipe',
    });
    const installed = join(folder, 'node_modules', 'n8n-nodes-okta-connector');
    expect(readdirSync(installed)).toContain('okta-connector.js');
    // What the installed package has no dependency of its own to bring: n8n's n8n-workflow (a peer), as in n8n.
    symlinkSync(join(adapterModules, 'n8n-workflow'), join(folder, 'node_modules', 'n8n-workflow'), 'dir');

    const script = join(work, 'load.cjs');
    writeFileSync(
      script,
      `const started = process.hrtime.bigint();
const { PackageDirectoryLoader, CustomDirectoryLoader } = require(${JSON.stringify(join(adapterModules, 'n8n-core'))});
const coreLoaded = process.hrtime.bigint();
(async () => {
  const loader = new PackageDirectoryLoader(${JSON.stringify(installed)});
  await loader.loadAll();
  const done = process.hrtime.bigint();
  // As n8n loads ~/.n8n/custom: every *.node.js and *.credentials.js under the folder the tarball was installed in.
  const custom = new CustomDirectoryLoader(${JSON.stringify(folder)});
  await custom.loadAll();
  console.log(JSON.stringify({
    nodes: Object.keys(loader.nodeTypes).sort(),
    credentials: Object.keys(loader.credentialTypes).sort(),
    custom: [Object.keys(custom.nodeTypes).sort(), Object.keys(custom.credentialTypes).length],
    operations: loader.nodeTypes.oktaConnector.type.description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options).length,
    n8nCoreMs: Number(coreLoaded - started) / 1e6,
    packageMs: Number(done - coreLoaded) / 1e6,
  }));
})();
`,
    );
    const output = execFileSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), 'n8n-user-')) },
    });
    const loaded = JSON.parse(output.trim().split('\n').pop() as string);
    expect(loaded.nodes).toEqual(['oktaConnector', 'oktaConnectorPollTrigger', 'oktaConnectorTrigger']);
    expect(loaded.credentials).toEqual(['oktaConnectorApi', 'oktaConnectorClientCredentials', 'oktaConnectorOAuth2']);
    expect(loaded.operations).toBeGreaterThan(80);
    expect(loaded.custom).toEqual([['oktaConnector', 'oktaConnectorPollTrigger', 'oktaConnectorTrigger'], 3]);
    console.log(
      `n8n package load: ${loaded.packageMs.toFixed(0)} ms (n8n-core itself: ${loaded.n8nCoreMs.toFixed(0)} ms)`,
    );
  });
});
