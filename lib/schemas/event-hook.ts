/**
 * @module An Okta event hook as actions read and write it (docs/okta.md §4.3, spec schema `EventHook`), the reference
 * input that picks one, and the flat inputs that become its `events` and `channel`.
 */
import { z } from 'zod';
import { checkEventTypes, hookFields, MAX_EVENT_TYPES } from '../triggers/event-hooks.ts';
import { idText } from './bounds.ts';

export const eventHookRef = idText('Enter an event hook id').meta({
  label: 'Event hook',
  description: 'Okta event hook id',
  example: 'who8vt36qfNpCGz9H1e6',
  placeholder: 'who8vt36qfNpCGz9H1e6',
  dataSource: 'selectEventHook',
});

/** The hook as Okta answers it. The auth scheme's secret `value` is write-only: Okta never returns it (§4.3). */
export const EventHook = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable().optional(),
    status: z.enum(['ACTIVE', 'INACTIVE']),
    verificationStatus: z.enum(['VERIFIED', 'UNVERIFIED']).optional(),
    created: z.string().nullable().optional(),
    createdBy: z.string().nullable().optional(),
    lastUpdated: z.string().nullable().optional(),
    events: z.looseObject({
      type: z.string(),
      items: z.array(z.string()),
      filter: z.looseObject({}).nullable().optional(),
    }),
    channel: z.looseObject({
      type: z.string(),
      version: z.string(),
      config: z.looseObject({
        uri: z.string(),
        method: z.string().optional(),
        headers: z
          .array(z.looseObject({ key: z.string(), value: z.string().nullable().optional() }))
          .nullable()
          .optional(),
        authScheme: z.looseObject({ type: z.string(), key: z.string() }).nullable().optional(),
      }),
    }),
  })
  .meta({ description: 'An Okta event hook. The secret of its authorization header is never returned.' });

export type EventHookJson = z.infer<typeof EventHook>;

const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

/** Okta calls only https URLs of at most 1024 characters without whitespace (§4.2). */
export const hookUrl = z
  .url({ protocol: /^https?$/, error: 'An https:// URL Okta can reach' })
  .max(1024)
  .regex(/^\S+$/, 'No whitespace')
  // Plain http only to a loopback host: the one a loopback org (the sandbox) can reach; Okta itself refuses it.
  .refine((url) => url.startsWith('https://') || LOOPBACK_HTTP.test(url), 'Okta calls only https:// URLs')
  .meta({
    label: 'URL',
    description: 'The https endpoint Okta POSTs events to.',
    example: 'https://example.com/okta/events',
  });

export const eventTypesInput = z
  .array(z.string().min(1).meta({ dataSource: 'selectEventType' }))
  .min(1, 'Choose at least one event type')
  .max(MAX_EVENT_TYPES)
  .superRefine((types, ctx) => {
    try {
      checkEventTypes(types);
    } catch (error) {
      for (const issue of (error as { details?: { issues?: { path: string; message: string }[] } }).details?.issues ??
        []) {
        ctx.addIssue({ code: 'custom', path: [Number(issue.path.split('.')[1])], message: issue.message });
      }
    }
  })
  .meta({
    label: 'Event types',
    description: 'The event-hook-eligible event types to deliver.',
    example: ['user.lifecycle.create', 'group.user_membership.add'],
    dataSource: 'selectEventType',
  });

export const authFields = {
  authHeaderName: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'A header name: letters, digits and dashes')
    .default('Authorization')
    .meta({
      label: 'Authorization header',
      description: 'The header Okta sends the secret in.',
      example: 'Authorization',
    }),
  authHeaderValue: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[^\r\n]*$/, 'One line')
    .meta({
      label: 'Authorization secret',
      description: 'The value Okta sends in that header, for your endpoint to check. Okta never shows it again.',
      format: 'password',
      writeOnly: true,
    }),
};

export const { headers: hookHeaders, filters: hookFilters } = hookFields;

/** `events` of the request body from the flat inputs. */
export function eventsOf(eventTypes: string[], filters?: { eventType: string; expression: string }[]) {
  return {
    type: 'EVENT_TYPE',
    items: eventTypes,
    ...(filters?.length
      ? {
          filter: {
            type: 'EXPRESSION_LANGUAGE',
            eventFilterMap: filters.map((f) => ({
              event: f.eventType,
              condition: { version: null, expression: f.expression },
            })),
          },
        }
      : {}),
  };
}

/** The answer without any secret value, whatever Okta (or a proxy in front of it) sends back. */
export function withoutSecret<T>(hook: T): T {
  const config = (hook as { channel?: { config?: { authScheme?: Record<string, unknown> | null } } }).channel?.config;
  if (config?.authScheme && 'value' in config.authScheme) {
    const { value: _secret, ...rest } = config.authScheme;
    config.authScheme = rest;
  }
  return hook;
}
