/**
 * @module What dist/connector.js has for lib/manifest.ts (scripts/bundle.ts swaps it in): the manifest as written
 * beside the bundle, `connector.manifest.json`, which the build checks against the modules. Reading it takes a few
 * milliseconds; building it converts every unit's zod schemas, and loads them all (issue 27).
 */
import { readFileSync } from 'node:fs';
import type { buildManifest as build } from '../../lib/manifest.ts';

export function buildManifest(): ReturnType<typeof build> {
  return JSON.parse(readFileSync(new URL('./connector.manifest.json', import.meta.url), 'utf8'));
}
