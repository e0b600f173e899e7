/**
 * The Activepieces piece as a user gets it: `npm pack` in dist/adapters/activepieces gives a tarball that installs
 * into an empty folder (no network: the framework, a peer Activepieces provides, is linked from adapters/node_modules)
 * and loads there in a fresh process as Activepieces loads a piece: its main `require`d, the piece found among the
 * exports (and how long that takes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../adapters/shared/catalogue.ts';
import { packageDir } from './activepieces-harness.ts';

const adapterModules = resolve(import.meta.dirname, '../../adapters/node_modules');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack of dist/adapters/activepieces', () => {
  let work: string;
  let tarball: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'activepieces-pack-'));
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: packageDir, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
    tarball = join(work, packed[0]?.filename as string);
    // The bundle, the icon, README and package.json; no link to the builders' packages.
    expect(packed[0]?.files.map((file) => file.path).sort()).toEqual([
      'README.md',
      'okta.svg',
      'package.json',
      'src/data/operation-index.json',
      'src/index.js',
    ]);
    console.log(
      `activepieces package: tarball ${(packed[0]!.size / 1024).toFixed(0)} KiB, unpacked ${(packed[0]!.unpackedSize / 1024).toFixed(0)} KiB`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // Catches a package that does not install, or whose main does not export a piece outside the repository.
  it('installs into an empty folder and loads as a piece there, in a fresh process', () => {
    const folder = join(work, 'empty');
    mkdirSync(folder);
    execFileSync(npm, ['install', tarball, '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund'], {
      cwd: folder,
      stdio: 'pipe',
    });
    mkdirSync(join(folder, 'node_modules', '@activepieces'), { recursive: true });
    symlinkSync(
      join(adapterModules, '@activepieces', 'pieces-framework'),
      join(folder, 'node_modules', '@activepieces', 'pieces-framework'),
      'dir',
    );
    const script = join(work, 'load.cjs');
    writeFileSync(
      script,
      `const started = process.hrtime.bigint();
const exported = require(${JSON.stringify(join(folder, 'node_modules', 'okta-connector-activepieces'))});
const piece = Object.values(exported).find((value) => value && typeof value.metadata === 'function');
const metadata = piece.metadata();
console.log(JSON.stringify({
  actions: Object.keys(metadata.actions).length,
  triggers: Object.keys(metadata.triggers).length,
  auth: metadata.auth.type,
  loadMs: Number(process.hrtime.bigint() - started) / 1e6,
}));
`,
    );
    const loaded = JSON.parse(
      execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim().split('\n').pop() as string,
    );
    expect(loaded.actions).toBe(manifest.actions.length);
    expect(loaded.triggers).toBeGreaterThan(manifest.triggers.length);
    expect(loaded.auth).toBe('CUSTOM_AUTH');
    console.log(`activepieces package load (with the framework): ${loaded.loadMs.toFixed(0)} ms`);
  });
});
