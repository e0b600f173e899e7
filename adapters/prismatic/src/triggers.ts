/**
 * @module The component's triggers: every webhook-capable manifest trigger under its own key, every polling-capable
 * one under its key or, for an event card that offers both, `<key>Polling`.
 *
 * Webhook: deploying the instance runs `webhookLifecycleHandlers.create`, which creates an Okta event hook to the
 * flow's webhook URL through our `subscribe` and keeps the subscription (hook id, secret) in the flow's instance
 * state; removing it runs `delete` (our `unsubscribe`). Okta's verification request reaches `perform` while
 * `subscribe` still waits, before anything is stored: `perform` answers it synchronously without a subscription.
 * Deliveries go to `handleWebhook`, which checks the hook's secret and drops repeats. The trigger branches: "Events"
 * when there are records (`body.data`, one per event), "No Events" for the verification, a forged or repeated
 * delivery, so that the flow's steps run only for events.
 *
 * Polling: Prismatic runs `perform` on the flow's schedule; our `poll` reads from the state kept in Prismatic's
 * polling state (never module memory: each run may be a fresh process).
 */
import {
  type HttpResponse,
  type PollingTriggerDefinition,
  pollingTrigger,
  type TriggerDefinition,
  type TriggerPayload,
  trigger,
} from '@prismatic-io/spectral';
import type { Subscription, WebhookResponse } from '../../../lib/define.ts';
import { catalogue, type TriggerUnit, triggerUnitFields } from '../../shared/catalogue.ts';
import { inputFromParams, inputsOf } from './inputs.ts';
import { step } from './step.ts';

/** Where a webhook trigger keeps its subscription in the flow's instance state. */
export const SUBSCRIPTION_STATE = 'oktaSubscription';

export const EVENTS_BRANCH = 'Events';
export const NO_EVENTS_BRANCH = 'No Events';

const CHALLENGE_HEADER = 'x-okta-verification-challenge';
const MAX_CHALLENGE = 1024;

interface StoredSubscription {
  trigger: string;
  subscription: Subscription;
}

/** The payload with our records as its body, for the flow's next steps. */
function withRecords(payload: TriggerPayload, records: unknown[]): TriggerPayload {
  return { ...payload, body: { data: records, contentType: 'application/json' } };
}

function headersOf(payload: TriggerPayload): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(payload.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
}

/** The request's body as Okta sent it: Prismatic gives the raw bytes (or text); a parsed body is written back. */
function rawBodyOf(payload: TriggerPayload): string | Uint8Array {
  const raw = payload.rawBody?.data;
  if (typeof raw === 'string' || raw instanceof Uint8Array) return raw;
  const body = payload.body?.data;
  if (typeof body === 'string') return body;
  return raw === undefined || raw === null ? '' : JSON.stringify(raw);
}

function httpResponse(answer: WebhookResponse): HttpResponse {
  const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  return {
    statusCode: answer.status,
    contentType: body === undefined ? 'text/plain' : 'application/json',
    ...(answer.headers ? { headers: answer.headers } : {}),
    ...(body === undefined ? {} : { body }),
  };
}

function webhookTriggerOf(unit: TriggerUnit): TriggerDefinition {
  const fields = triggerUnitFields(unit);
  const key = unit.trigger.key;
  const inputOf = (params: Record<string, unknown>) => ({ ...inputFromParams(fields, params), ...unit.fixedInput });
  return trigger({
    display: { label: unit.trigger.label, description: unit.trigger.description },
    inputs: inputsOf(fields),
    scheduleSupport: 'invalid',
    synchronousResponseSupport: 'valid',
    allowsBranching: true,
    staticBranchNames: [EVENTS_BRANCH, NO_EVENTS_BRANCH],
    webhookLifecycleHandlers: {
      create: (context, params) =>
        step(params, async (connection, runtime) => {
          const webhookUrl = context.webhookUrls?.[context.flow.name];
          if (!webhookUrl) throw new Error(`Prismatic gave no webhook URL for the flow "${context.flow.name}".`);
          const subscription = await runtime.subscribe(key, { connection, input: inputOf(params), webhookUrl });
          const stored: StoredSubscription = { trigger: key, subscription };
          context.instanceState[SUBSCRIPTION_STATE] = stored;
          return { instanceState: { ...context.instanceState } };
        }),
      delete: (context, params) =>
        step(params, async (connection, runtime) => {
          const stored = context.instanceState[SUBSCRIPTION_STATE] as StoredSubscription | undefined;
          if (stored) await runtime.unsubscribe(stored.trigger, { connection, subscription: stored.subscription });
          delete context.instanceState[SUBSCRIPTION_STATE];
          return { instanceState: { ...context.instanceState } };
        }),
    },
    perform: async (context, payload, params) => {
      const headers = headersOf(payload);
      const challenge = headers[CHALLENGE_HEADER];
      const stored = context.instanceState[SUBSCRIPTION_STATE] as StoredSubscription | undefined;
      if (!stored) {
        // Okta verifies the hook while `create` waits for it: echoing the challenge discloses nothing.
        const answer: WebhookResponse =
          challenge && challenge.length <= MAX_CHALLENGE
            ? { status: 200, body: { verification: challenge } }
            : { status: 404, body: { error: 'This trigger has no subscription.' } };
        return { payload: withRecords(payload, []), response: httpResponse(answer), branch: NO_EVENTS_BRANCH };
      }
      return step(params, async (_connection, runtime) => {
        // Prismatic does not give the request's method: Okta's verification is the request with the challenge.
        const request = { method: challenge ? 'GET' : 'POST', headers, body: challenge ? '' : rawBodyOf(payload) };
        const { response, records } = await runtime.handleWebhook(stored.trigger, {
          subscription: stored.subscription,
          request,
        });
        return {
          payload: withRecords(payload, records),
          response: httpResponse(response),
          branch: records.length > 0 ? EVENTS_BRANCH : NO_EVENTS_BRANCH,
        };
      });
    },
  });
}

interface StoredPoll {
  trigger: string;
  state: unknown;
}

function pollingTriggerOf(unit: TriggerUnit): PollingTriggerDefinition {
  const fields = triggerUnitFields(unit);
  // An event card's webhook trigger has its label: this one says it polls.
  const label = unit.key === unit.trigger.key ? unit.trigger.label : `${unit.trigger.label} (Polling)`;
  return pollingTrigger({
    display: { label, description: unit.trigger.description },
    inputs: inputsOf(fields),
    perform: (context, payload, params) =>
      step(params as Record<string, unknown>, async (connection, runtime) => {
        const input = { ...inputFromParams(fields, params as Record<string, unknown>), ...unit.fixedInput };
        const saved = context.polling.getState() as Partial<StoredPoll>;
        // A state left by another trigger (the flow's trigger changed) does not apply.
        const state = saved.trigger === unit.key ? saved.state : undefined;
        const result = await runtime.poll(unit.trigger.key, { connection, input, state });
        context.polling.setState({ trigger: unit.key, state: result.state } satisfies StoredPoll);
        return { payload: withRecords(payload, result.records), polledNoChanges: result.records.length === 0 };
      }),
  });
}

export function triggers(): Record<string, TriggerDefinition | PollingTriggerDefinition> {
  const { webhookTriggers, pollingTriggers } = catalogue();
  return {
    ...Object.fromEntries(webhookTriggers.map((unit) => [unit.key, webhookTriggerOf(unit)])),
    ...Object.fromEntries(pollingTriggers.map((unit) => [unit.key, pollingTriggerOf(unit)])),
  };
}
