/**
 * @module How scripts/build-adapters.ts builds `okta-connector-activepieces` (dist/adapters/activepieces/): one
 * CommonJS bundle (Activepieces `require`s a piece's main) exporting the piece, with the framework left to the
 * Activepieces that loads it.
 */
import type { AdapterBuild } from '../shared/adapter.ts';

export const adapterBuild: AdapterBuild = {
  format: 'cjs',
  entries: [{ in: 'src/index.ts', out: 'src/index.js' }],
  external: ['@activepieces/pieces-framework', '@activepieces/pieces-common', '@activepieces/shared'],
  copy: [{ from: 'package.dist.json', to: 'package.json' }, 'README.md', 'okta.svg'],
};
