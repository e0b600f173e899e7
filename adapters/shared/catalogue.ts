/**
 * @module The manifest as the adapters read it: actions by area, webhook and polling triggers, data sources.
 *
 * Read from connector.manifest.json (bundled into each adapter), never from per-action code: a new action, trigger
 * or data source appears in every builder with no adapter change.
 */
import manifestJson from '../../connector.manifest.json' with { type: 'json' };
import { type Field, fieldsOf, type JsonSchema } from './fields.ts';

export interface ManifestUnit {
  key: string;
  label: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
}

export interface ManifestAction extends ManifestUnit {
  area: string;
  hints: { readOnly: boolean; destructive: boolean; idempotent: boolean };
  /** A list action: `streamAction` reads all its records. */
  streamable?: boolean;
}

export interface ManifestTrigger extends ManifestUnit {
  kind: 'webhook' | 'polling' | 'webhookOrPolling';
}

export interface ManifestDataSource extends ManifestUnit {
  dependsOn: string[];
}

export interface ManifestConnection {
  key: string;
  label: string;
  description: string;
  fieldsSchema: JsonSchema;
}

export interface ManifestView {
  connector: { key: string; name: string; version?: string; description?: string };
  actions: ManifestAction[];
  triggers: ManifestTrigger[];
  dataSources: ManifestDataSource[];
  connections: ManifestConnection[];
}

export const manifest = manifestJson as unknown as ManifestView;

/** A trigger as one builder unit: `key` is what the builder calls it, `trigger` the manifest key the runtime runs. */
export interface TriggerUnit {
  key: string;
  trigger: ManifestTrigger;
  delivery: 'webhook' | 'polling';
  /**
   * Input the unit sets itself, not shown as a field: `delivery` of a trigger that offers both (the builder's unit
   * is one or the other). Merge it into the input: `{ ...input, ...fixedInput }`.
   */
  fixedInput: Record<string, unknown>;
}

function triggerUnit(trigger: ManifestTrigger, delivery: TriggerUnit['delivery']): TriggerUnit {
  const key = delivery === 'polling' ? pollingKey(trigger) : trigger.key;
  const fixedInput = trigger.inputSchema.properties?.delivery ? { delivery } : {};
  return { key, trigger, delivery, fixedInput };
}

/** The fields a trigger unit shows: its input's, less those it sets itself. */
export function triggerUnitFields(unit: TriggerUnit): Field[] {
  return unitFields(unit.trigger).filter((field) => !(field.name in unit.fixedInput));
}

export interface Catalogue {
  /** Actions by `area`, areas in manifest order. */
  areas: { area: string; label: string; actions: ManifestAction[] }[];
  actions: ManifestAction[];
  /** Every trigger that Okta can deliver to a webhook, under its own key. */
  webhookTriggers: TriggerUnit[];
  /**
   * Every trigger that can be polled: under its key when polling is its only delivery, under `<key>Polling` when
   * it offers both (for builders that give each trigger one kind).
   */
  pollingTriggers: TriggerUnit[];
  dataSources: ManifestDataSource[];
  connections: ManifestConnection[];
  /** Each data source's inputs, for `fieldsOf`. */
  dependsOn: Record<string, string[]>;
}

export function pollingKey(trigger: ManifestTrigger): string {
  return trigger.kind === 'webhookOrPolling' ? `${trigger.key}Polling` : trigger.key;
}

export function catalogueOf(view: ManifestView = manifest): Catalogue {
  const areas = new Map<string, ManifestAction[]>();
  for (const action of view.actions) {
    const list = areas.get(action.area) ?? [];
    list.push(action);
    areas.set(action.area, list);
  }
  return {
    areas: [...areas].map(([area, actions]) => ({ area, label: areaLabel(area), actions })),
    actions: view.actions,
    webhookTriggers: view.triggers
      .filter((trigger) => trigger.kind !== 'polling')
      .map((trigger) => triggerUnit(trigger, 'webhook')),
    pollingTriggers: view.triggers
      .filter((trigger) => trigger.kind !== 'webhook')
      .map((trigger) => triggerUnit(trigger, 'polling')),
    dataSources: view.dataSources,
    connections: view.connections,
    dependsOn: Object.fromEntries(view.dataSources.map((source) => [source.key, source.dependsOn])),
  };
}

let built: Catalogue | undefined;

/** The catalogue of the bundled manifest, built once. */
export function catalogue(): Catalogue {
  built ??= catalogueOf();
  return built;
}

/** The fields of a unit's input, with its data sources' dependencies. Throws on a schema no field maps. */
export function unitFields(unit: ManifestUnit): Field[] {
  return fieldsOf(unit.inputSchema, catalogue().dependsOn);
}

/** `group-rules` → `Group Rules`. */
export function areaLabel(area: string): string {
  return area
    .split('-')
    .map((word) => (word === 'org' ? 'Org' : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}
