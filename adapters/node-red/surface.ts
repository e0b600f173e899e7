/**
 * @module What the built Node-RED package exposes, read as the Node-RED editor reads it: the package's nodes loaded
 * into Node-RED 4's runtime (node-red-node-test-helper, from adapters/node_modules), then the catalogue its admin
 * route serves to the dialogs (actions with their fields, triggers by delivery) and the data sources its fields'
 * pickers call through the options route. For test/adapters/structure.test.ts.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { AdapterSurface } from '../shared/adapter.ts';

const requireRed = createRequire(resolve(import.meta.dirname, '..', 'package.json'));

interface CatalogueAnswer {
  areas: { actions: { key: string; fields: { name: string; dataSource?: string }[] }[] }[];
  triggers: Record<'webhook' | 'polling', { key: string }[]>;
  dataSources: string[];
}

const read = new Map<string, Promise<AdapterSurface>>();

export function surfaceOf(packageDir: string): Promise<AdapterSurface> {
  let surface = read.get(packageDir);
  if (!surface) {
    surface = readSurface(packageDir);
    read.set(packageDir, surface);
  }
  return surface;
}

async function readSurface(packageDir: string): Promise<AdapterSurface> {
  const requirePackage = createRequire(join(packageDir, 'package.json'));
  const { nodes } = requirePackage('./package.json')['node-red'] as { nodes: Record<string, string> };
  const helper = requireRed('node-red-node-test-helper');
  helper.init(requireRed.resolve('node-red'));
  await helper.load(
    Object.values(nodes).map((file) => requirePackage(`./${file}`)),
    [],
  );
  try {
    const { body } = (await helper.request().get('/okta-connector/catalogue').expect(200)) as { body: CatalogueAnswer };
    const actions = body.areas.flatMap((area) => area.actions);
    const webhook = new Set(body.triggers.webhook.map((unit) => unit.key));
    const triggers = [
      ...webhook,
      // A trigger offering both deliveries is one node with `delivery`: its polling side is `<key>Polling`.
      ...body.triggers.polling.map((unit) => (webhook.has(unit.key) ? `${unit.key}Polling` : unit.key)),
    ];
    // Each picker the catalogue lists is answered by the options route: asked with no connection node, it names
    // the missing connection (an unknown picker is UNKNOWN_KEY).
    const dataSources: string[] = [];
    for (const key of body.dataSources) {
      const answer = await helper.request().get(`/okta-connector/none/options/${encodeURIComponent(key)}`);
      if (answer.body?.code === 'MISSING_CONNECTION') dataSources.push(key);
    }
    return {
      actions: Object.fromEntries(actions.map((action) => [action.key, action.fields.map((field) => field.name)])),
      triggers,
      dataSources,
    };
  } finally {
    await helper.unload();
  }
}
