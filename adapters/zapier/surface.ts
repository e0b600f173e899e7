/**
 * @module What the built Zapier package exposes, read as Zapier reads it: the app `main` exports, its creates and
 * searches (each action, with its input field keys), its visible polling triggers and its hidden dropdown triggers
 * (the data sources a `dynamic` field can call). For test/adapters/structure.test.ts.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AdapterSurface } from '../shared/adapter.ts';
import { catalogue } from '../shared/catalogue.ts';

/** Why the webhook-only triggers (the event hook on any event type) are not in the Zapier app. */
const WEBHOOK_ONLY =
  'Okta verifies an event hook by a challenge that Zapier’s hook URLs cannot answer; the same events are polled ' +
  'through New System Log Events or the named event triggers.';

interface Unit {
  key: string;
  display: { hidden?: boolean };
  operation: { inputFields?: { key: string }[] };
}

export async function surfaceOf(packageDir: string): Promise<AdapterSurface> {
  const app = createRequire(join(packageDir, 'package.json'))('./') as {
    creates: Record<string, Unit>;
    searches: Record<string, Unit>;
    triggers: Record<string, Unit>;
  };
  const actions = Object.fromEntries(
    [...Object.values(app.creates), ...Object.values(app.searches)].map((unit) => [
      unit.key,
      (unit.operation.inputFields ?? []).map((field) => field.key),
    ]),
  );
  const triggers = Object.values(app.triggers);
  return {
    actions,
    triggers: triggers.filter((unit) => !unit.display.hidden).map((unit) => unit.key),
    dataSources: triggers.filter((unit) => unit.display.hidden).map((unit) => unit.key),
    notOffered: Object.fromEntries(
      catalogue()
        .webhookTriggers.filter((unit) => unit.trigger.kind === 'webhook')
        .map((unit) => [unit.key, WEBHOOK_ONLY]),
    ),
  };
}
