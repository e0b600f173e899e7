/**
 * @module `connector.manifest.json` as the modules make it, byte for byte: what `npm run manifest` writes and what
 * its `--check` and the bundle (which ships the file instead of the builder) compare the committed file with.
 */
import { manifest } from '../connector.ts';

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

export function manifestText(): string {
  return `${oneLineErrors(JSON.stringify(manifest(), null, 2))}\n`;
}
