/**
 * @module How scripts/build-adapters.ts builds `node-red-contrib-okta-connector` (dist/adapters/node-red/): one
 * CommonJS bundle with the three node modules (Node-RED `require`s node files), a small `.js` per node re-exporting
 * its module, each node's `.html` (editor; the connection node's fields written in from the manifest's connection
 * types), the icon under `nodes/icons/`, and the example flows Node-RED offers in its Import menu.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterBuild } from '../shared/adapter.ts';
import { connectionTypes, credentialFields, propertyFields } from './src/red.ts';

const nodes = { 'okta-connection': 'oktaConnection', 'okta-action': 'oktaAction', 'okta-trigger': 'oktaTrigger' };
const editor = join(import.meta.dirname, 'editor');
const examples = readdirSync(join(import.meta.dirname, 'examples')).filter((file) => file.endsWith('.json'));

/** The connection node's editor: its properties, credentials and one form row per field, from the manifest. */
function connectionHtml(): string {
  const types = connectionTypes();
  const defaults = Object.fromEntries([
    ['name', { value: '' }],
    ['connectionType', { value: 'apiToken', required: true }],
    ...propertyFields().map((name) => [name, { value: '' }]),
  ]);
  const credentials = Object.fromEntries(credentialFields().map((name) => [name, { type: 'password' }]));
  const editorTypes = types.map(({ key, label, fields }) => ({
    key,
    label,
    fields: fields.map(({ name, title, description, placeholder, required, secret, kind }) => ({
      name,
      title,
      description,
      placeholder,
      required,
      secret,
      multiline: kind === 'text' || (secret && name === 'privateKey'),
    })),
  }));
  return readFileSync(join(editor, 'okta-connection.html'), 'utf8')
    .replace('__DEFAULTS__', JSON.stringify(defaults))
    .replace('__CREDENTIALS__', JSON.stringify(credentials))
    .replace('__TYPES__', JSON.stringify(editorTypes));
}

const reexport = (name: string) => `'use strict';\nmodule.exports = require('../okta-connector.js').${name};\n`;

export const adapterBuild: AdapterBuild = {
  format: 'cjs',
  entries: [{ in: 'src/index.ts', out: 'okta-connector.js' }],
  external: [],
  copy: [
    { from: 'package.dist.json', to: 'package.json' },
    'README.md',
    { from: 'okta.svg', to: 'nodes/icons/okta.svg' },
    { from: 'editor/okta-action.html', to: 'nodes/okta-action.html' },
    { from: 'editor/okta-trigger.html', to: 'nodes/okta-trigger.html' },
    ...examples.map((file) => `examples/${file}`),
  ],
  write: {
    ...Object.fromEntries(Object.entries(nodes).map(([file, name]) => [`nodes/${file}.js`, reexport(name)])),
    'nodes/okta-connection.html': connectionHtml(),
  },
};
