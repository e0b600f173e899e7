/**
 * @module What the built n8n package exposes, read as n8n reads it: `PackageDirectoryLoader` on the package folder
 * (as n8n loads a community package), then the loaded node descriptions and methods. For
 * test/adapters/structure.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import type { AdapterSurface } from '../shared/adapter.ts';

/** n8n's types for the tests (which resolve packages from the root, where n8n is not). */
export type * as N8n from 'n8n-workflow';

/** n8n's own packages, from adapters/node_modules (never the connector's dependencies). */
export const requireN8n = createRequire(join(import.meta.dirname, '..', 'package.json'));

export interface LoadedPackage {
  nodes: Record<string, INodeType>;
  // biome-ignore lint/suspicious/noExplicitAny: n8n-core's loader, typed where it is used
  loader: any;
}

/** Loads the package in `packageDir` with n8n's loader. n8n writes its config under N8N_USER_FOLDER: a temp one. */
export async function loadPackage(packageDir: string): Promise<LoadedPackage> {
  process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-user-'));
  const { PackageDirectoryLoader } = requireN8n('n8n-core');
  const loader = new PackageDirectoryLoader(packageDir);
  await loader.loadAll();
  const nodes = Object.fromEntries(
    Object.entries(loader.nodeTypes as Record<string, { type: INodeType }>).map(([name, { type }]) => [name, type]),
  );
  return { nodes, loader };
}

function shownFor(property: INodeProperties, parameter: string, value: string): boolean {
  return ((property.displayOptions?.show?.[parameter] as string[] | undefined) ?? []).includes(value);
}

/** The names a unit's parameters show: own parameters and the additional fields' options. */
function fieldNames(properties: INodeProperties[], parameter: string, value: string): string[] {
  return properties
    .filter((property) => shownFor(property, parameter, value))
    .flatMap((property) =>
      property.type === 'collection'
        ? (property.options as INodeProperties[]).map((option) => option.name)
        : [property.name],
    );
}

function optionValues(properties: INodeProperties[], name: string): string[] {
  return properties
    .filter((property) => property.name === name && property.type === 'options')
    .flatMap((property) => (property.options ?? []).map((option) => String((option as { value: unknown }).value)));
}

export async function surfaceOf(packageDir: string): Promise<AdapterSurface> {
  const { nodes } = await loadPackage(packageDir);
  const action = nodes.oktaConnector;
  const trigger = nodes.oktaConnectorTrigger;
  const poll = nodes.oktaConnectorPollTrigger;
  if (!action || !trigger || !poll) throw new Error(`The package loaded nodes ${Object.keys(nodes).join(', ')}.`);
  const properties = action.description.properties;
  const actions = Object.fromEntries(
    optionValues(properties, 'operation').map((key) => [key, fieldNames(properties, 'operation', key)]),
  );
  const webhook = new Set(optionValues(trigger.description.properties, 'event'));
  const triggers = [
    ...webhook,
    // A trigger offering both deliveries is in both nodes under its key: the poll node's side is `<key>Polling`.
    ...optionValues(poll.description.properties, 'event').map((key) => (webhook.has(key) ? `${key}Polling` : key)),
  ];
  return { actions, triggers, dataSources: Object.keys(action.methods?.listSearch ?? {}) };
}
