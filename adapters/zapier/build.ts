/**
 * @module How scripts/build-adapters.ts builds `okta-connector-zapier` (dist/adapters/zapier/): one CommonJS bundle
 * with both apps, `index.js` (the package's `main`: API token or OAuth service app) and `oauth2.js` (Zapier's OAuth2
 * with PKCE), and `samples.json`: an output sample per visible unit, which Zapier requires, made here from the
 * manifest's output schemas (the bundled manifest has none). zapier-platform-core stays a dependency of the package,
 * as Zapier's CLI wants it.
 */
import manifestJson from '../../connector.manifest.json' with { type: 'json' };
import type { AdapterBuild } from '../shared/adapter.ts';
import { catalogue, type ManifestUnit } from '../shared/catalogue.ts';
import type { JsonSchema } from '../shared/fields.ts';
import { asObject, searchResults } from './src/results.ts';

/** Nesting kept in a sample: enough for Zapier to offer the fields for mapping. */
const SAMPLE_DEPTH = 4;

/** A value of `schema`'s shape: its example or default, else a placeholder of its type. */
export function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || typeof schema !== 'object') return '';
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return sampleOf(
      alternatives.find((alternative) => alternative.type !== 'null'),
      depth,
    );
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      if (depth >= SAMPLE_DEPTH) return {};
      return Object.fromEntries(
        Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => [
          name,
          sampleOf(property, depth + 1),
        ]),
      );
    case 'array':
      return depth >= SAMPLE_DEPTH || !schema.items ? [] : [sampleOf(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date-time' ? '2026-01-31T08:00:00.000Z' : '';
    default:
      return '';
  }
}

const nonEmpty = (sample: Record<string, unknown>) => (Object.keys(sample).length ? sample : { result: '' });

/** The sample of each create, search and polling trigger, by its Zapier key. */
export function samples(): Record<string, Record<string, unknown>> {
  const full = manifestJson as unknown as { actions: ManifestUnit[]; triggers: ManifestUnit[] };
  const outputOf = (units: ManifestUnit[], key: string) => units.find((unit) => unit.key === key)?.outputSchema;
  const result: Record<string, Record<string, unknown>> = {};
  for (const action of catalogue().actions) {
    const output = sampleOf(outputOf(full.actions, action.key));
    result[action.key] = nonEmpty(action.hints.readOnly ? (searchResults(output)[0] ?? {}) : asObject(output));
  }
  for (const unit of catalogue().pollingTriggers) {
    result[unit.key] = nonEmpty(asObject(sampleOf(outputOf(full.triggers, unit.trigger.key))));
  }
  return result;
}

const entry = (name: 'app' | 'oauth2App') =>
  `'use strict';\nmodule.exports = require('./okta-connector.js').${name}(require('./samples.json'));\n`;

export const adapterBuild: AdapterBuild = {
  format: 'cjs',
  entries: [{ in: 'src/index.ts', out: 'okta-connector.js' }],
  external: ['zapier-platform-core'],
  copy: [{ from: 'package.dist.json', to: 'package.json' }, 'README.md', 'okta.svg'],
  write: {
    'index.js': entry('app'),
    'oauth2.js': entry('oauth2App'),
    'samples.json': `${JSON.stringify(samples())}\n`,
  },
};
