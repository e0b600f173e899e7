/**
 * Writes `connector.manifest.json` from the modules. `--check` exits 1 when the committed file is stale instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestText } from './manifest-text.ts';

const target = fileURLToPath(new URL('../connector.manifest.json', import.meta.url));
const text = manifestText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('connector.manifest.json is stale: run `npm run manifest` and commit it.');
    process.exit(1);
  }
  console.log('connector.manifest.json is up to date.');
} else {
  writeFileSync(target, text);
  console.log(`Wrote ${target}`);
}
