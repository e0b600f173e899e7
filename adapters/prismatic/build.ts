/**
 * @module How scripts/build-adapters.ts builds the Prismatic component (dist/adapters/prismatic/): `dist/index.js`,
 * one CommonJS bundle default-exporting the component with spectral and our runtime inside (Prismatic runs the
 * bundle as it is: nothing is installed beside it), and `dist/icon.png`, the layout Prismatic's CLI publishes.
 */
import type { AdapterBuild } from '../shared/adapter.ts';

export const adapterBuild: AdapterBuild = {
  format: 'cjs',
  entries: [{ in: 'src/index.ts', out: 'dist/index.js' }],
  external: [],
  copy: [{ from: 'package.dist.json', to: 'package.json' }, 'README.md', { from: 'icon.png', to: 'dist/icon.png' }],
};
