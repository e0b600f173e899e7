#!/usr/bin/env node
/**
 * The `okta-connector` bin: one launcher for a clone and for the published package.
 *
 * In a clone the source tree is here, so the CLI runs from it through tsx (a dev dependency): `npx okta-connector`
 * works right after `npm install`, with no build, and never runs a stale `dist/`. The published package holds no
 * source (see `files` in package.json), so it runs the bundle `dist/cli.js`, built by `prepack`.
 */
import { existsSync } from 'node:fs';

const source = new URL('../host/cli.ts', import.meta.url);
const bundle = new URL('../dist/cli.js', import.meta.url);

async function tsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined; // installed without dev dependencies
  }
}

const loader = existsSync(source) ? await tsx() : undefined;
if (loader) {
  loader.register();
  await import(source.href);
} else if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write(
    'okta-connector: neither the source tree with its dev dependencies nor dist/cli.js is here. ' +
      'Run `npm install` in the clone, or `npm run build`.\n',
  );
  process.exitCode = 1;
}
