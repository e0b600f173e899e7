/**
 * @module What the built Prismatic component exposes, read as Prismatic reads it: the package's `main` loaded with
 * `require`, its default export's actions, triggers and data sources with their inputs (as spectral converted them).
 * For test/adapters/structure.test.ts and the Prismatic tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AdapterSurface } from '../shared/adapter.ts';

/** The converted component as spectral's `component()` returns it (the parts the tests read). */
export interface BuiltComponent {
  key: string;
  display: { label: string; iconPath: string };
  actions: Record<string, { inputs: { key: string; type: string; dataSource?: string }[] }>;
  triggers: Record<
    string,
    { inputs: { key: string }[]; isPollingTrigger?: boolean; hasWebhookCreateFunction?: boolean }
  >;
  dataSources: Record<string, { inputs: { key: string }[]; dataSourceType: string }>;
  connections: { key: string; oauth2Type?: string; oauth2PkceMethod?: string; inputs: { key: string }[] }[];
}

/** Spectral's testing module and the rest of Prismatic's packages, from adapters/node_modules. */
export const requirePrismatic = createRequire(join(import.meta.dirname, '..', 'package.json'));

/** The package's component, loaded from its `main` in a fresh module cache entry. */
export function loadComponent(packageDir: string): BuiltComponent {
  const { main } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { main: string };
  const load = createRequire(join(packageDir, 'package.json'));
  const exported = load(join(packageDir, main)) as { default?: BuiltComponent };
  if (!exported.default?.actions) throw new Error(`${main} does not default-export a component.`);
  return exported.default;
}

const CONNECTION_INPUT = 'connection';

export async function surfaceOf(packageDir: string): Promise<AdapterSurface> {
  const built = loadComponent(packageDir);
  const actions = Object.fromEntries(
    Object.entries(built.actions).map(([key, unit]) => [
      key,
      unit.inputs.map((input) => input.key).filter((name) => name !== CONNECTION_INPUT),
    ]),
  );
  return { actions, triggers: Object.keys(built.triggers), dataSources: Object.keys(built.dataSources) };
}
