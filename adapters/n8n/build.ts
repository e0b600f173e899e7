/**
 * @module How scripts/build-adapters.ts builds `n8n-nodes-okta-connector` (dist/adapters/n8n/): one CommonJS bundle
 * with every class (n8n `require`s node files), a small file per node and credential that n8n loads by class name,
 * and n8n-workflow left to the n8n that loads it.
 */
import type { AdapterBuild } from '../shared/adapter.ts';

const nodes = ['OktaConnector', 'OktaConnectorTrigger', 'OktaConnectorPollTrigger'];
const credentials = ['OktaConnectorApi', 'OktaConnectorClientCredentials', 'OktaConnectorOAuth2'];

/** `nodes/OktaConnector/OktaConnector.node.js`: n8n takes the export named as the file. */
const reexport = (className: string, depth: number) =>
  `'use strict';\nmodule.exports = { ${className}: require('${'../'.repeat(depth)}okta-connector.js').${className} };\n`;

export const nodeFiles = nodes.map((name) => `nodes/${name}/${name}.node.js`);
export const credentialFiles = credentials.map((name) => `credentials/${name}.credentials.js`);

export const adapterBuild: AdapterBuild = {
  format: 'cjs',
  entries: [{ in: 'src/index.ts', out: 'okta-connector.js' }],
  external: ['n8n-workflow', 'n8n-core'],
  copy: [
    { from: 'package.dist.json', to: 'package.json' },
    'README.md',
    'okta.svg',
    ...nodes.map((name) => ({ from: 'okta.svg', to: `nodes/${name}/okta.svg` })),
  ],
  write: Object.fromEntries([
    ...nodes.map((name) => [`nodes/${name}/${name}.node.js`, reexport(name, 2)]),
    ...credentials.map((name) => [`credentials/${name}.credentials.js`, reexport(name, 1)]),
  ]),
};
