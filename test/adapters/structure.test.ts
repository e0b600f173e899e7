/**
 * Every adapter, as built (dist/adapters/<builder>/, by `npm run build:adapters`): each manifest action, trigger
 * (under its key or `<key>Polling`; one with both deliveries under both, where the builder takes event hooks) and
 * data source is reachable in the package, each action shows every input field under its name, and every field
 * schema of the manifest maps to a builder field.
 *
 * An adapter plugs in by having adapters/<builder>/surface.ts export `surfaceOf(packageDir)`: what its built package
 * exposes, read the way its builder reads it. Catches: a manifest unit or field an adapter drops, a schema shape no
 * builder field maps, and a package that does not load.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AdapterSurface, adapterNames } from '../../adapters/shared/adapter.ts';
import { catalogue, manifest, pollingKey, unitFields } from '../../adapters/shared/catalogue.ts';

const root = resolve(import.meta.dirname, '../..');
const adapters = adapterNames(join(root, 'adapters'));

describe('the manifest maps onto builder fields', () => {
  const units = [
    ...manifest.actions.map((unit) => ['action', unit] as const),
    ...manifest.triggers.map((unit) => ['trigger', unit] as const),
    ...manifest.dataSources.map((unit) => ['data source', unit] as const),
  ];
  it.each(units.map(([what, unit]) => [what, unit.key, unit] as const))('%s %s: every field maps', (_w, _k, unit) => {
    expect(() => unitFields(unit)).not.toThrow();
  });

  it('groups every action under its area, and offers every trigger as webhook, polling or both', () => {
    const { areas, webhookTriggers, pollingTriggers } = catalogue();
    expect(areas.flatMap((area) => area.actions.map((action) => action.key)).sort()).toEqual(
      manifest.actions.map((action) => action.key).sort(),
    );
    const offered = new Set([...webhookTriggers, ...pollingTriggers].map((unit) => unit.trigger.key));
    expect([...offered].sort()).toEqual(manifest.triggers.map((trigger) => trigger.key).sort());
  });
});

it('finds the adapters (a folder of adapters/ with a build.ts)', () => {
  expect(adapters).toContain('n8n');
});

describe.each(adapters)('the built %s package', (name) => {
  const packageDir = join(root, 'dist', 'adapters', name);

  async function surface(): Promise<AdapterSurface> {
    expect(existsSync(join(packageDir, 'package.json')), `run npm run build:adapters (${packageDir})`).toBe(true);
    const { surfaceOf } = (await import(pathToFileURL(join(root, 'adapters', name, 'surface.ts')).href)) as {
      surfaceOf: (dir: string) => Promise<AdapterSurface>;
    };
    return surfaceOf(packageDir);
  }

  it('exposes every action, with every input field under its name', async () => {
    const { actions } = await surface();
    for (const action of manifest.actions) {
      expect(actions[action.key], `action ${action.key}`).toBeDefined();
      const shown = new Set(actions[action.key]);
      const missing = unitFields(action)
        .map((field) => field.name)
        .filter((field) => !shown.has(field));
      expect(missing, `fields of ${action.key}`).toEqual([]);
    }
  });

  it('exposes every trigger, under its key or <key>Polling (a webhook-only one may be declared not offered)', async () => {
    const exposed = await surface();
    const triggers = new Set(exposed.triggers);
    const notOffered = exposed.notOffered ?? {};
    const missing = manifest.triggers.filter(
      (trigger) => !triggers.has(trigger.key) && !triggers.has(pollingKey(trigger)) && !(trigger.key in notOffered),
    );
    expect(missing.map((trigger) => trigger.key)).toEqual([]);
    const pollable = manifest.triggers.filter((trigger) => trigger.kind !== 'webhook').map((trigger) => trigger.key);
    expect(Object.keys(notOffered).filter((key) => pollable.includes(key))).toEqual([]);
  });

  // Catches the webhook side of an event card dropped where the polling side stands in for it (the check above
  // takes either); a builder that takes no event hooks at all (Zapier: none of its webhook-only triggers offered)
  // needs only the polling side.
  it('offers a trigger with both deliveries as both, where the builder takes Okta event hooks', async () => {
    const triggers = new Set((await surface()).triggers);
    const takesHooks = manifest.triggers.some((trigger) => trigger.kind === 'webhook' && triggers.has(trigger.key));
    const expected = manifest.triggers
      .filter((trigger) => trigger.kind === 'webhookOrPolling')
      .flatMap((trigger) => (takesHooks ? [trigger.key, pollingKey(trigger)] : [pollingKey(trigger)]));
    expect(expected.filter((key) => !triggers.has(key))).toEqual([]);
  });

  it('reaches every data source (every one a field uses, where pickers exist only as fields)', async () => {
    const shown = await surface();
    const dataSources = new Set(shown.dataSources);
    const expected = shown.pickersOnlyInFields ? usedDataSources() : manifest.dataSources.map((source) => source.key);
    expect(expected.filter((key) => !dataSources.has(key))).toEqual([]);
  });
});

/** The data sources some field of an action or trigger is filled from. */
function usedDataSources(): string[] {
  const units = [...manifest.actions, ...manifest.triggers];
  const used = new Set(units.flatMap((unit) => unitFields(unit).flatMap((field) => field.dataSource ?? [])));
  return manifest.dataSources.map((source) => source.key).filter((key) => used.has(key));
}
