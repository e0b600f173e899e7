/**
 * @module The machinery of the event triggers, built once: webhook delivery through an Okta event hook, polling
 * through the System Log, both giving the same `EventRecord`s; and `defineEventCard`, which makes a named event
 * trigger (the 73 cards) from one line of data.
 */
import { z } from 'zod';
import type { Logger, PollingTriggerDefinition, WebhookMethods, WebhookOrPollingTriggerDefinition } from '../define.ts';
import { ValidationError } from '../errors.ts';
import type { OktaClient } from '../http/client.ts';
import { EventRecord, toEventRecord } from '../schemas/event-record.ts';
import { scimString } from '../scim.ts';
import {
  createEventHook,
  ELIGIBLE_EVENT_TYPES,
  EVENT_HOOK_LIFECYCLE,
  type HookSpec,
  handleDelivery,
  removeEventHook,
} from './event-hooks.ts';
import { inFuture, pollSystemLog, type SystemLogQuery, SystemLogState } from './polling.ts';

export const startTime = z.iso
  .datetime({ offset: true, message: 'Enter an ISO 8601 time, like 2026-01-31T08:00:00Z' })
  // A start in the future would hand back a state the next poll refuses (lib/triggers/polling.ts).
  .refine((instant) => !inFuture(instant), 'Must not be in the future')
  .optional()
  .meta({
    label: 'Start from',
    description:
      'Polling only: the first poll reads from this time (Okta keeps 90 days). Without it the first poll sets a ' +
      'baseline and emits nothing.',
    example: '2026-01-31T08:00:00Z',
  });

export const maxRecordsField = z.number().int().min(1).max(10_000).default(1000).meta({
  label: 'Most records per poll',
  description: 'Polling only: a poll stops after about this many records; the next one carries on.',
});

/** The webhook half of an event trigger: subscribe creates and verifies the hook, handle emits one record per event. */
export function eventWebhook<I>(spec: (input: I) => Omit<HookSpec, 'webhookUrl'>): WebhookMethods<I, EventRecord> {
  return {
    subscribe: ({ input, okta, signal, log, webhookUrl }) =>
      createEventHook(okta, { ...spec(input), webhookUrl }, signal, log),
    unsubscribe: ({ okta, subscription, signal, log }) => removeEventHook(okta, subscription, signal, log),
    async handle({ subscription, request, claim }) {
      const { response, events } = handleDelivery(subscription, request);
      // Across hosts: a repeat delivered to another host was already emitted there (same key as the local dedupe).
      const fresh = claim ? await claim(events.map((event) => `${subscription.hookId}\n${event.uuid}`)) : undefined;
      const kept = fresh ? events.filter((_, index) => fresh[index]) : events;
      return { response, records: kept.map(toEventRecord) };
    },
  };
}

/** The polling half: the System Log from Okta's `next` cursor, one record per new event. */
export async function pollEvents(
  okta: OktaClient,
  options: {
    state: SystemLogState | undefined;
    query: SystemLogQuery;
    maxRecords: number;
    signal: AbortSignal;
    log: Logger;
  },
): Promise<{ records: EventRecord[]; state: SystemLogState }> {
  const { events, state } = await pollSystemLog(okta, options);
  return { records: events.map(toEventRecord), state };
}

/** `eventType eq "a" or eventType eq "b"`, for polling exactly the types a webhook would deliver. */
export function eventTypeFilter(eventTypes: readonly string[]): string {
  return eventTypes.map((type) => `eventType eq ${scimString(type)}`).join(' or ');
}

export interface EventCard {
  key: string;
  label: string;
  description: string;
  /** The Okta event types the card stands for. */
  eventTypes: readonly string[];
}

function cardInput(webhook: boolean) {
  const both = z.enum(['webhook', 'polling']).default('webhook');
  // Typed as the wide enum so that both variants share one input type; the schema itself offers only polling.
  const delivery = webhook ? both : (z.enum(['polling']).default('polling') as unknown as typeof both);
  return z.object({
    delivery: delivery.meta({
      label: 'Delivery',
      description: webhook
        ? 'webhook: Okta calls the host as events happen (an event hook; the host needs a public https URL). ' +
          'polling: the host reads the System Log on a schedule. The records are the same either way.'
        : 'polling: the host reads the System Log on a schedule (Okta does not deliver these events by hook).',
    }),
    since: startTime,
    maxRecords: maxRecordsField,
  });
}
type CardInput = z.output<ReturnType<typeof cardInput>>;
/** One input schema per kind of card, shared by all of them. */
const CARD_INPUTS = { webhook: cardInput(true), polling: cardInput(false) };

/** What polling the System Log calls. */
const POLLED = ['GET /api/v1/logs'];

/**
 * One named event trigger. Webhook delivery is offered only when Okta can deliver every one of its types by hook
 * (they are `event-hook-eligible`); polling always works, with the same records.
 */
export function defineEventCard(card: EventCard): WebhookOrPollingTriggerDefinition | PollingTriggerDefinition {
  const eventTypes = [...card.eventTypes];
  const webhook = webhookEligible(eventTypes);
  const input = webhook ? CARD_INPUTS.webhook : CARD_INPUTS.polling;
  const base = {
    key: card.key,
    label: card.label,
    description: `${card.description} Okta event type${eventTypes.length > 1 ? 's' : ''}: ${eventTypes.join(', ')}.`,
    input,
    output: EventRecord,
    state: SystemLogState,
    poll: ({ input, state, okta, signal, log }: Parameters<PollingTriggerDefinition['poll']>[0]) => {
      const { since, maxRecords } = input as CardInput;
      return pollEvents(okta, {
        state: state as SystemLogState | undefined,
        query: { filter: eventTypeFilter(eventTypes), since },
        maxRecords,
        signal,
        log,
      });
    },
  };
  if (!webhook) {
    return {
      ...base,
      kind: 'polling',
      scopes: ['okta.logs.read'],
      operations: POLLED,
      examples: [{ input: { delivery: 'polling', since: '2026-01-31T08:00:00Z' } }],
    };
  }
  const methods = eventWebhook<CardInput>(() => ({ name: `okta-connector ${card.key}`, eventTypes }));
  const definition: WebhookOrPollingTriggerDefinition<typeof input, typeof EventRecord, typeof SystemLogState> = {
    ...base,
    kind: 'webhookOrPolling',
    scopes: ['okta.eventHooks.manage', 'okta.logs.read'],
    operations: [...POLLED, ...EVENT_HOOK_LIFECYCLE],
    examples: [{ input: { delivery: 'webhook' } }, { input: { delivery: 'polling', since: '2026-01-31T08:00:00Z' } }],
    ...methods,
    subscribe(ctx) {
      if (ctx.input.delivery !== 'webhook') {
        throw new ValidationError(`${card.label} is set to polling delivery: poll it instead of subscribing.`, [
          { path: 'delivery', message: 'Set to "webhook" to subscribe' },
        ]);
      }
      return methods.subscribe(ctx);
    },
  };
  return definition as unknown as WebhookOrPollingTriggerDefinition;
}

/** Whether Okta can deliver all of these event types by event hook. */
export function webhookEligible(eventTypes: readonly string[]): boolean {
  return eventTypes.every((type) => ELIGIBLE_EVENT_TYPES.has(type));
}
