/**
 * @module The playground's static assets (`app.js`, `app.css`): the React page under `host/playground/`, bundled by
 * esbuild. In a clone they are built in memory on first use, so `npm start` always serves the current source with
 * no build step; the published package holds no source and serves those `npm run build` wrote to
 * `dist/playground/` (scripts/bundle.ts), found beside the bundled CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PluginBuild } from 'esbuild';

export interface Asset {
  body: Uint8Array;
  contentType: string;
  /** A content hash: the page asks for `app.js?v=<hash>`, so a browser never keeps a stale bundle. */
  hash: string;
}

export type Assets = Map<string, Asset>;

const ENTRY = new URL('./playground/app.tsx', import.meta.url);
const PLAIN_TEXT = new URL('./playground/plain-text.ts', import.meta.url);
const PREBUILT = new URL('./playground/', import.meta.url);
const NAMES = ['app.js', 'app.css'] as const;
const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** esbuild options shared by the in-memory build and `npm run build`. */
export function playgroundBuildOptions() {
  return {
    entryPoints: { app: fileURLToPath(ENTRY) },
    bundle: true,
    format: 'esm' as const,
    platform: 'browser' as const,
    target: ['chrome120', 'firefox121', 'safari17'],
    jsx: 'automatic' as const,
    minify: true,
    sourcemap: false,
    legalComments: 'none' as const,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning' as const,
    plugins: [
      {
        name: 'plain-text-markdown',
        setup(build: PluginBuild) {
          build.onResolve({ filter: /^markdown-to-jsx(\/react)?$/ }, () => ({ path: fileURLToPath(PLAIN_TEXT) }));
        },
      },
    ],
  };
}

let cached: Promise<Assets> | undefined;

export function playgroundAssets(): Promise<Assets> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined; // a failed build is retried on the next request
    throw error;
  });
  return cached;
}

async function load(): Promise<Assets> {
  if (existsSync(ENTRY)) return buildInMemory();
  const assets: Assets = new Map();
  for (const name of NAMES) {
    const file = new URL(name, PREBUILT);
    if (!existsSync(file)) throw new Error(`The playground's ${name} is missing: run \`npm run build\`.`);
    assets.set(name, asset(name, readFileSync(file)));
  }
  return assets;
}

async function buildInMemory(): Promise<Assets> {
  // esbuild is a dev dependency: present in a clone, where the source is, never needed by the package.
  const { build } = await import('esbuild');
  const result = await build({ ...playgroundBuildOptions(), write: false, outdir: '/playground' });
  const assets: Assets = new Map();
  for (const file of result.outputFiles) {
    const name = file.path.split('/').pop() ?? '';
    if ((NAMES as readonly string[]).includes(name)) assets.set(name, asset(name, file.contents));
  }
  return assets;
}

function asset(name: string, body: Uint8Array): Asset {
  return {
    body,
    contentType: TYPES[name] ?? 'application/octet-stream',
    hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
  };
}
