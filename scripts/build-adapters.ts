/**
 * Builds every flow-builder adapter (adapters/<builder>/, each with a build.ts) into dist/adapters/<builder>/: the
 * package a user installs, with our runtime bundled in and the builder's own packages external.
 *
 * `npm run build` runs it after the connector bundle; `npm run build:adapters` alone; `npm test` before the adapter
 * tests. `--only n8n,zapier` builds some. Where adapters/node_modules is installed (scripts/ensure-adapter-deps.mjs),
 * dist/adapters/node_modules links to it, so that a built package resolves its builder's packages in the tests as
 * it would inside the builder; that link is outside each package folder, so `npm pack` never ships it.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { type AdapterBuild, adapterNames } from '../adapters/shared/adapter.ts';

const root = resolve(import.meta.dirname, '..');
const sources = join(root, 'adapters');
const dist = join(root, 'dist', 'adapters');
const { values } = parseArgs({ options: { only: { type: 'string' } } });

/**
 * The manifest without what no adapter reads (output and state schemas, examples, error lists): the package carries the
 * inputs and labels only. The runtime does not read the manifest at all.
 */
const slimManifest: Plugin = {
  name: 'slim-manifest',
  setup(esbuild) {
    esbuild.onLoad({ filter: /connector\.manifest\.json$/ }, (args) => {
      const manifest = JSON.parse(readFileSync(args.path, 'utf8'));
      const slim = (units: Record<string, unknown>[]) =>
        units.map(({ outputSchema: _o, stateSchema: _s, examples: _e, errors: _r, ...rest }) => rest);
      const { errorCodes: _codes, ...rest } = manifest;
      const contents = JSON.stringify({
        ...rest,
        actions: slim(manifest.actions),
        triggers: slim(manifest.triggers),
        dataSources: slim(manifest.dataSources),
      });
      return { contents, loader: 'json' };
    });
  },
};

async function buildAdapter(name: string): Promise<void> {
  const source = join(sources, name);
  const out = join(dist, name);
  const { adapterBuild } = (await import(pathToFileURL(join(source, 'build.ts')).href)) as {
    adapterBuild: AdapterBuild;
  };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;

  // callOktaOperation reads Okta's operation index from disk on first use, beside its module (lib/operation-index.ts,
  // `import.meta.url`): each bundle gets the index in data/ beside it, and a CommonJS bundle a module URL from
  // __filename (esbuild leaves import.meta empty in CommonJS).
  const dataFolders = new Set<string>();
  for (const entry of adapterBuild.entries) {
    const cjs = adapterBuild.format === 'cjs';
    await build({
      entryPoints: [join(source, entry.in)],
      outfile: join(out, entry.out),
      bundle: true,
      format: adapterBuild.format,
      platform: 'node',
      target: 'node20',
      legalComments: 'none',
      logLevel: 'warning',
      // ioredis is loaded only with REDIS_URL (lib/store/index.ts): an optional peer of each package.
      external: [...adapterBuild.external, 'ioredis'],
      plugins: [slimManifest],
      ...(cjs
        ? {
            define: { 'import.meta.url': '__moduleUrl' },
            banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
          }
        : {}),
    });
    const data = join(dirname(entry.out), 'data');
    mkdirSync(join(out, data), { recursive: true });
    copyFileSync(join(root, 'lib', 'data', 'operation-index.json'), join(out, data, 'operation-index.json'));
    dataFolders.add(data);
  }
  for (const file of adapterBuild.copy) {
    const { from, to } = typeof file === 'string' ? { from: file, to: file } : file;
    mkdirSync(dirname(join(out, to)), { recursive: true });
    copyFileSync(join(source, from), join(out, to));
  }
  for (const [file, contents] of Object.entries(adapterBuild.write ?? {})) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), contents);
  }
  // The package's version is the connector's.
  const packageJson = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
  const files = packageJson.files as string[] | undefined;
  for (const data of dataFolders) {
    if (files && !files.some((listed) => data === listed || data.startsWith(`${listed}/`))) files.push(data);
  }
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ ...packageJson, version }, null, 2)}\n`);
  console.log(`adapters/${name}  ${(folderSize(out) / 1024).toFixed(0)} KiB`);
}

function folderSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, child) => total + folderSize(join(path, child)), 0);
}

/** dist/adapters/node_modules → adapters/node_modules, when installed: the builders' packages for the tests. */
function linkBuilderPackages(): void {
  const installed = join(sources, 'node_modules');
  const link = join(dist, 'node_modules');
  rmSync(link, { recursive: true, force: true });
  if (existsSync(installed)) symlinkSync(installed, link, 'dir');
}

const only = values.only?.split(',').map((name) => name.trim());
// A whole build starts clean: nothing of an adapter since removed or renamed stays behind.
if (!only) rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const name of adapterNames(sources)) {
  if (!only || only.includes(name)) await buildAdapter(name);
}
linkBuilderPackages();
