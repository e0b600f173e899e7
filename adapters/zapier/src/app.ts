/**
 * @module The Zapier app, built from the manifest: every write action a create and every read-only action a search,
 * keyed by the action key; every data source a hidden, paged trigger under its own key that answers the dynamic
 * dropdowns; every pollable trigger a polling trigger (polling.ts). Every step runs through our runtime.
 */
import { version as platformVersion } from 'zapier-platform-core';
import type { ManifestAction } from '../../shared/catalogue.ts';
import { catalogue, manifest, unitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import { type AuthenticationKind, type Bundle, customAuthentication, oauth2Authentication, type Z } from './auth.ts';
import { dropdownTriggers } from './dropdowns.ts';
import { zapierFieldOf } from './fields.ts';
import { pollingTriggers } from './polling.ts';
import { asObject, searchResults } from './results.ts';
import { displayDescription, displayLabel, type Samples, type StepContext, step } from './step.ts';

export type { Samples };

/** By data source, the search that finds one of its objects by id or name (`selectUser` → `lookupUser`). */
export function lookupsByDataSource(): Record<string, string> {
  const lookups: Record<string, string> = {};
  for (const action of catalogue().actions) {
    if (!action.hints.readOnly || !action.key.startsWith('lookup')) continue;
    const fields = unitFields(action);
    const [only] = fields;
    if (fields.length === 1 && only?.required && only.dataSource) lookups[only.dataSource] ??= action.key;
  }
  return lookups;
}

function actionUnit(context: StepContext, action: ManifestAction, lookups: Record<string, string>) {
  const fields = unitFields(action);
  const run = (z: Z, bundle: Bundle) =>
    step(context, z, bundle, (runtime, connection) =>
      runtime.runAction(action.key, { connection, input: inputFromFields(fields, bundle.inputData ?? {}) }),
    );
  const noun = action.area.replace(/-/g, ' ').replace(/s$/, '') || 'Okta';
  return {
    key: action.key,
    noun: noun.length >= 2 ? noun : 'Okta',
    display: { label: displayLabel(action.label), description: displayDescription(action.description) },
    operation: {
      inputFields: fields.map((field) => zapierFieldOf(field, lookups)),
      sample: context.samples[action.key] ?? { result: '' },
      // A write gives one object; a read gives the list Zapier's search wants.
      perform: action.hints.readOnly
        ? async (z: Z, bundle: Bundle) => searchResults(await run(z, bundle))
        : async (z: Z, bundle: Bundle) => asObject(await run(z, bundle)),
    },
  };
}

/** The dropdowns' and the polling triggers' keys share Zapier's `triggers`: one may never hide the other. */
function disjoint<A extends object, B extends object>(dropdowns: A, polling: B): A & B {
  const clash = Object.keys(dropdowns).find((key) => key in polling);
  if (clash) throw new Error(`"${clash}" is both a data source and a trigger: Zapier keys both as triggers.`);
  return { ...dropdowns, ...polling };
}

export function createApp(kind: AuthenticationKind, samples: Samples) {
  const context: StepContext = { kind, samples };
  const lookups = lookupsByDataSource();
  const units = catalogue().actions.map((action) => [action, actionUnit(context, action, lookups)] as const);
  const keyed = (list: (typeof units)[number][]) => Object.fromEntries(list.map(([, unit]) => [unit.key, unit]));
  return {
    version: manifest.connector.version ?? '0.0.0',
    platformVersion,
    authentication: kind === 'oauth2' ? oauth2Authentication() : customAuthentication(),
    triggers: disjoint(dropdownTriggers(context), pollingTriggers(context)),
    creates: keyed(units.filter(([action]) => !action.hints.readOnly)),
    searches: keyed(units.filter(([action]) => action.hints.readOnly)),
  };
}
