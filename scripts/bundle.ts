/**
 * Bundles the connector with esbuild into single ESM files a host loads without our source tree:
 * `dist/connector.js` (modules, loaded on first use, and the runtime), `dist/sandbox.js` and `dist/cli.js` (its modules
 * loaded on first use too), plus a copy of the manifest and type declarations under `dist/types`. How the bundles
 * start fast: docs/architecture.md, "The bundle's start".
 *
 * `--out DIR` writes elsewhere; `--no-types` skips the declarations (the benchmark does; the bundle test builds them, as `npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { playgroundBuildOptions } from '../host/playground-assets.ts';
import { lazyRegistries } from './bundle/lazy-registries.ts';
import { manifestText } from './manifest-text.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-types': { type: 'boolean' } } });
const dist = resolve(values.out ?? `${root}/dist`);

// dist/connector.js reads the manifest beside it rather than build it at start (`swaps`): it must be the modules'.
const manifestFile = `${root}/connector.manifest.json`;
if (readFileSync(manifestFile, 'utf8') !== manifestText()) {
  console.error('connector.manifest.json is stale: run `npm run manifest` before bundling.');
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// Some dependencies still call require() for Node built-ins; give the ESM bundle one.
const banner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const entries = [
  { in: 'connector.ts', out: 'connector' },
  { in: 'sandbox/index.ts', out: 'sandbox' },
  { in: 'host/cli.ts', out: 'cli' },
];

/**
 * What dist/connector.js loads in place of a module of the source tree: only the part of undici the connector uses
 * (scripts/bundle/undici-slim.mjs), and the manifest as written beside it rather than its builder
 * (scripts/bundle/manifest-beside.ts). The source tree, its tests and the adapters' bundles use the modules themselves.
 */
const swaps: Plugin = {
  name: 'swaps',
  setup(bundle) {
    bundle.onResolve({ filter: /^undici$/ }, () => ({ path: `${root}/scripts/bundle/undici-slim.mjs` }));
    bundle.onResolve({ filter: /^\.\/lib\/manifest\.ts$/ }, ({ importer }) =>
      importer === `${root}/connector.ts` ? { path: `${root}/scripts/bundle/manifest-beside.ts` } : undefined,
    );
  },
};

/** The CLI builds its manifest from the units (`okta-connector manifest`) and uses all of undici: no swaps there. */
const PLUGINS: Record<string, Plugin[]> = { connector: [swaps, lazyRegistries], cli: [lazyRegistries] };

for (const entry of entries) {
  await build({
    plugins: PLUGINS[entry.out] ?? [],
    entryPoints: [`${root}/${entry.in}`],
    outfile: `${dist}/${entry.out}.js`,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    banner,
    logLevel: 'warning',
    // Only the playground's in-memory build imports esbuild, and only where the source tree is (a clone); the
    // package serves the assets built below. ioredis (a dependency) is loaded from node_modules, and only with
    // REDIS_URL (lib/store/index.ts): a host on one process neither parses nor holds it.
    external: ['esbuild', 'ioredis'],
  });
  const size = statSync(`${dist}/${entry.out}.js`).size;
  console.log(`${entry.out}.js  ${(size / 1024).toFixed(0)} KiB`);
}

// The operation index (lib/operation-index.ts) is read from disk on first use, at the same place relative to the
// bundles as to lib/operation-index.ts: bundled, its 800 kB would be parsed at every start.
mkdirSync(`${dist}/data`, { recursive: true });
copyFileSync(`${root}/lib/data/operation-index.json`, `${dist}/data/operation-index.json`);

// The playground page, beside dist/cli.js, where host/playground-assets.ts looks when there is no source tree.
await build({ ...playgroundBuildOptions(), outdir: `${dist}/playground` });
for (const name of ['app.js', 'app.css']) {
  console.log(`playground/${name}  ${(statSync(`${dist}/playground/${name}`).size / 1024).toFixed(0)} KiB`);
}

copyFileSync(manifestFile, `${dist}/connector.manifest.json`);
if (!values['no-types']) {
  const tsc = `${root}/node_modules/typescript/bin/tsc`;
  execFileSync(process.execPath, [tsc, '-p', `${root}/tsconfig.build.json`, '--outDir', `${dist}/types`], {
    stdio: 'inherit',
  });
  console.log('types/  declarations');
}
