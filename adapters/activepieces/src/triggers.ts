/**
 * @module The piece's triggers: each webhook-capable Okta trigger as a `TriggerStrategy.WEBHOOK` trigger under its
 * key, each pollable one as a `TriggerStrategy.POLLING` trigger (under `<key>Polling` when it offers both).
 *
 * Webhook: `onEnable` subscribes (an Okta event hook to `context.webhookUrl`) and keeps the subscription in
 * `context.store`; Okta's verification request (a GET with `x-okta-verification-challenge`) arrives while that
 * subscribe still waits, before anything is stored, and is answered by `onHandshake` with no subscription; `run`
 * hands each delivery to `handleWebhook`, which checks the hook's secret and drops repeats (a forged or replayed
 * delivery gives no record); `onDisable` removes the hook. Polling: our `poll`, its state in `context.store`
 * between runs (never in module memory: the engine runs each poll in a fresh process).
 */
import { createTrigger, TriggerStrategy } from '@activepieces/pieces-framework';
import type { Subscription } from '../../../lib/define.ts';
import { catalogue, type TriggerUnit, triggerUnitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import { oktaAuth, withRuntime } from './glue.ts';
import { propsOf } from './props.ts';

/** Store keys: the webhook trigger's subscription, the polling trigger's state. */
export const SUBSCRIPTION_KEY = 'okta-subscription';
export const STATE_KEY = 'okta-poll-state';

const CHALLENGE_HEADER = 'x-okta-verification-challenge';
const MAX_CHALLENGE = 1024;

/** A sample run reads this far back when the trigger has a "Start from" the user left empty. */
const SAMPLE_DAYS = 30;
const SAMPLE_RECORDS = 5;

// biome-ignore lint/suspicious/noExplicitAny: the framework's trigger contexts, as each hook receives them
type Context = any;

interface Payload {
  body?: unknown;
  rawBody?: unknown;
  headers?: Record<string, string>;
  method?: string;
}

function unitInput(unit: TriggerUnit, context: Context): Record<string, unknown> {
  const fields = triggerUnitFields(unit);
  return { ...inputFromFields(fields, (context.propsValue ?? {}) as Record<string, unknown>), ...unit.fixedInput };
}

function webhookTrigger(unit: TriggerUnit) {
  const key = unit.trigger.key;
  return createTrigger({
    name: unit.key,
    auth: oktaAuth,
    displayName: unit.trigger.label,
    description: `${unit.trigger.description} (Okta calls Activepieces: an event hook the trigger creates and removes.)`,
    type: TriggerStrategy.WEBHOOK,
    props: propsOf(unit.key, triggerUnitFields(unit)),
    sampleData: {},
    // The engine hands a request carrying this header to onHandshake instead of run. Okta sends it once, on verify.
    handshakeConfiguration: { strategy: 'HEADER_PRESENT', paramName: CHALLENGE_HEADER } as never,
    async onHandshake(context: Context) {
      const challenge = headerOf(context.payload as Payload, CHALLENGE_HEADER);
      // Echoing the challenge discloses nothing; no subscription is stored yet while onEnable waits for this answer.
      if (!challenge || challenge.length > MAX_CHALLENGE) {
        return { status: 400, body: { error: 'Missing verification challenge.' } };
      }
      return { status: 200, body: { verification: challenge }, headers: { 'content-type': 'application/json' } };
    },
    async onEnable(context: Context) {
      const subscription = await withRuntime(context.auth, (runtime, connection) =>
        runtime.subscribe(key, { connection, input: unitInput(unit, context), webhookUrl: context.webhookUrl }),
      );
      await context.store.put(SUBSCRIPTION_KEY, subscription);
    },
    async onDisable(context: Context) {
      const subscription = (await context.store.get(SUBSCRIPTION_KEY)) as Subscription | null;
      if (!subscription) return;
      await withRuntime(context.auth, (runtime, connection) => runtime.unsubscribe(key, { connection, subscription }));
      await context.store.delete(SUBSCRIPTION_KEY);
    },
    async run(context: Context) {
      const subscription = (await context.store.get(SUBSCRIPTION_KEY)) as Subscription | null;
      // No subscription: a request to a trigger that was never enabled (or already disabled) is nobody's delivery.
      if (!subscription) return [];
      const payload = (context.payload ?? {}) as Payload;
      const { records } = await withRuntime(context.auth, (runtime) =>
        runtime.handleWebhook(key, {
          subscription,
          request: { method: payload.method ?? 'POST', headers: lowerCased(payload.headers), body: bodyText(payload) },
        }),
      );
      return records;
    },
  });
}

function pollingTrigger(unit: TriggerUnit) {
  const key = unit.trigger.key;
  const poll = (context: Context, input: Record<string, unknown>, state: unknown) =>
    withRuntime(context.auth, (runtime, connection) => runtime.poll(key, { connection, input, state }));
  return createTrigger({
    name: unit.key,
    auth: oktaAuth,
    displayName: unit.key === key ? unit.trigger.label : `${unit.trigger.label} (polling)`,
    description: `${unit.trigger.description} (Read from Okta on Activepieces' schedule.)`,
    type: TriggerStrategy.POLLING,
    props: propsOf(unit.key, triggerUnitFields(unit)),
    sampleData: {},
    // The first poll sets the baseline (or reads from "Start from"): records from before enabling are not given.
    async onEnable(context: Context) {
      const { state } = await poll(context, unitInput(unit, context), undefined);
      await context.store.put(STATE_KEY, state);
    },
    async onDisable(context: Context) {
      await context.store.delete(STATE_KEY);
    },
    async run(context: Context) {
      const stored = await context.store.get(STATE_KEY);
      const { records, state } = await poll(context, unitInput(unit, context), stored ?? undefined);
      await context.store.put(STATE_KEY, state);
      return records;
    },
    // Sample records for the flow builder: recent ones, leaving the stored state alone.
    async test(context: Context) {
      const input = unitInput(unit, context);
      if (unit.trigger.inputSchema.properties?.since && input.since === undefined) {
        input.since = new Date(Date.now() - SAMPLE_DAYS * 86_400_000).toISOString();
      }
      const { records } = await poll(context, input, undefined);
      return records.slice(-SAMPLE_RECORDS);
    },
  });
}

function headerOf(payload: Payload, name: string): string | undefined {
  return lowerCased(payload.headers)[name];
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

/** The body as Okta sent it where the engine kept it, else the parsed body as JSON. */
function bodyText(payload: Payload): string {
  const raw = payload.rawBody;
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
  return typeof payload.body === 'string' ? payload.body : JSON.stringify(payload.body ?? null);
}

export function triggersOf() {
  const { webhookTriggers, pollingTriggers } = catalogue();
  return [...webhookTriggers.map(webhookTrigger), ...pollingTriggers.map(pollingTrigger)];
}
