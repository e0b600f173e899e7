/**
 * Writes `connector.manifest.json` from the modules. `--check` exits 1 when the committed file is stale instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifest } from '../connector.ts';

const target = fileURLToPath(new URL('../connector.manifest.json', import.meta.url));
/** Each unit's error codes on one line: 178 lists of some 25 codes would otherwise add a line per code. */
const oneLineErrors = (json: string) =>
  json.replace(
    /"errors": \[\n([^\]]*?)\n\s*\]/g,
    (_, items: string) =>
      `"errors": [${items
        .trim()
        .split(/,\n\s*/)
        .join(', ')}]`,
  );
const text = `${oneLineErrors(JSON.stringify(manifest(), null, 2))}\n`;

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
