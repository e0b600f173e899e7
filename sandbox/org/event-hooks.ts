/**
 * @module The org's event hooks (docs/okta.md §4): created ACTIVE and UNVERIFIED, verified by a GET challenge to their
 * URI, deleted only once INACTIVE, at most 25 active per org and 300 event types per hook. Deliveries to the hooks
 * that are ACTIVE and VERIFIED are `./event-hook-delivery.ts`.
 */
import { randomUUID } from 'node:crypto';
import catalogue from '../../lib/data/event-types.json' with { type: 'json' };
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { HookDelivery } from './event-hook-delivery.ts';
import { EventType, type EventTypeName } from './event-types.ts';
import { hookTarget } from './types.ts';

/** §4.2: limits of an org and of a hook. */
export const MAX_ACTIVE_HOOKS = 25;
export const MAX_EVENT_TYPES = 300;
const MAX_URI_LENGTH = 1024;
/** Headers Okta sets itself; a hook may not configure them (§4.2, [OLDDOCS] Config object). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host', 'user-agent', 'connection']);
const ELIGIBLE = new Set(catalogue.eventTypes.filter((type) => type.eventHookEligible).map((type) => type.id));

export interface EventHookFilterEntry {
  event: string;
  condition: { version: null; expression: string };
}

export interface EventHook {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'VERIFIED' | 'UNVERIFIED';
  name: string;
  description: string | null;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: {
    type: 'EVENT_TYPE';
    items: string[];
    filter?: { type: 'EXPRESSION_LANGUAGE'; eventFilterMap: EventHookFilterEntry[] } | null;
  };
  channel: {
    type: 'HTTP';
    version: string;
    config: {
      uri: string;
      method: 'POST';
      headers: { key: string; value: string }[];
      /** `value` is write-only: never returned (§4.3). */
      authScheme?: { type: 'HEADER'; key: string; value: string };
    };
  };
}

export interface HookSettings {
  /** The timeout of each outbound call, verification and delivery (Okta: 3 s, §4.1, §4.2). */
  timeoutMs: number;
  /** Most events in one delivery (Okta merges events close together and documents no maximum). */
  maxEventsPerDelivery: number;
}

export class EventHooks {
  private hooks: EventHook[] = [];
  readonly settings: HookSettings = { timeoutMs: 3_000, maxEventsPerDelivery: 50 };
  readonly delivery: HookDelivery;

  constructor(private readonly org: Org) {
    this.delivery = new HookDelivery(org, this);
  }

  list(): readonly EventHook[] {
    return this.hooks;
  }

  get(id: string): EventHook {
    const hook = this.hooks.find((h) => h.id === id);
    if (!hook) throw new ApiError('E0000007', `Resource not found: ${id} (EventHook)`);
    return hook;
  }

  /** The hooks that receive an event of this type: ACTIVE and VERIFIED only (§4.1). */
  receiversOf(eventType: string): EventHook[] {
    return this.hooks.filter(
      (h) => h.status === 'ACTIVE' && h.verificationStatus === 'VERIFIED' && h.events.items.includes(eventType),
    );
  }

  create(body: Record<string, unknown>): EventHook {
    if (this.hooks.filter((h) => h.status === 'ACTIVE').length >= MAX_ACTIVE_HOOKS) {
      // Okta documents the limit, not its error; a validation failure naming it is our inference (§4.2).
      throw validationFailed(`eventHook: the org already has ${MAX_ACTIVE_HOOKS} active event hooks, the maximum`);
    }
    const at = this.org.iso();
    const hook: EventHook = {
      id: this.org.ids.next('who'),
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      ...this.parse(body),
      created: at,
      createdBy: '00u0000000SandboxAdm',
      lastUpdated: at,
    };
    this.hooks.push(hook);
    this.log(EventType.eventHookCreated, 'Event hook created', hook);
    return hook;
  }

  /** Replaces name, description, events and channel; a new channel must be verified again (§4.1). */
  replace(id: string, body: Record<string, unknown>): EventHook {
    const hook = this.get(id);
    const next = this.parse(body);
    const channelChanged = JSON.stringify(next.channel) !== JSON.stringify(hook.channel);
    Object.assign(hook, next, { lastUpdated: this.org.iso() });
    if (channelChanged) hook.verificationStatus = 'UNVERIFIED';
    this.log(EventType.eventHookUpdated, 'Event hook updated', hook);
    return hook;
  }

  activate(id: string): EventHook {
    const hook = this.get(id);
    if (hook.status !== 'ACTIVE' && this.hooks.filter((h) => h.status === 'ACTIVE').length >= MAX_ACTIVE_HOOKS) {
      throw validationFailed(`eventHook: the org already has ${MAX_ACTIVE_HOOKS} active event hooks, the maximum`);
    }
    hook.status = 'ACTIVE';
    hook.lastUpdated = this.org.iso();
    this.log(EventType.eventHookActivated, 'Event hook activated', hook);
    return hook;
  }

  deactivate(id: string): EventHook {
    const hook = this.get(id);
    hook.status = 'INACTIVE';
    hook.lastUpdated = this.org.iso();
    this.log(EventType.eventHookDeactivated, 'Event hook deactivated', hook);
    return hook;
  }

  /** Only an INACTIVE hook can be deleted (§4.3). */
  delete(id: string): void {
    const hook = this.get(id);
    if (hook.status !== 'INACTIVE') {
      throw validationFailed('eventHook: an ACTIVE event hook cannot be deleted; deactivate it first');
    }
    this.hooks.splice(this.hooks.indexOf(hook), 1);
    this.delivery.forget(hook.id);
    this.log(EventType.eventHookDeleted, 'Event hook deleted', hook);
  }

  /**
   * The one-time GET with `x-okta-verification-challenge`, answered by `{"verification": <the value>}`; a 3 s
   * timeout and one retry after a timeout or error, then 400 (§4.1).
   */
  async verify(id: string): Promise<EventHook> {
    const hook = this.get(id);
    const challenge = randomUUID().replaceAll('-', '');
    let failure = '';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      failure = await this.challenge(hook.channel.config.uri, challenge);
      if (!failure) break;
    }
    this.log(EventType.eventHookVerified, 'Event hook verified', hook, failure ? 'FAILURE' : 'SUCCESS');
    if (failure) {
      throw validationFailed(`eventHook: verification of ${hook.channel.config.uri} failed: ${failure}`);
    }
    hook.verificationStatus = 'VERIFIED';
    hook.lastUpdated = this.org.iso();
    return hook;
  }

  /** An empty string when the endpoint answered the challenge, else why not. */
  private async challenge(uri: string, challenge: string): Promise<string> {
    try {
      const response = await fetch(uri, {
        headers: { 'x-okta-verification-challenge': challenge, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'manual',
      });
      const text = await response.text();
      if (response.status !== 200) return `HTTP ${response.status}`;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return 'the answer is not JSON';
      }
      return (body as { verification?: unknown })?.verification === challenge
        ? ''
        : 'the answer does not hold the challenge in "verification"';
    } catch (error) {
      return (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not connect';
    }
  }

  /** The writable fields of a hook, checked as Okta checks them (§4.2, §4.3). */
  private parse(body: Record<string, unknown>) {
    const causes: string[] = [];
    const name = body.name;
    if (typeof name !== 'string' || name.trim() === '') causes.push('name: The field cannot be left blank');
    const events = (body.events ?? {}) as { type?: unknown; items?: unknown; filter?: unknown };
    const items = Array.isArray(events.items) ? events.items : [];
    if (events.type !== 'EVENT_TYPE') causes.push('events.type: must be EVENT_TYPE');
    if (items.length === 0) causes.push('events.items: The field cannot be left blank');
    if (items.length > MAX_EVENT_TYPES) causes.push(`events.items: at most ${MAX_EVENT_TYPES} event types`);
    for (const item of items) {
      if (typeof item !== 'string' || !ELIGIBLE.has(item)) {
        causes.push(`events.items: ${String(item)} is not an event-hook-eligible event type`);
      }
    }
    const channel = (body.channel ?? {}) as { type?: unknown; version?: unknown; config?: Record<string, unknown> };
    const config = channel.config ?? {};
    const uri = config.uri;
    if (channel.type !== 'HTTP') causes.push('channel.type: must be HTTP');
    if (channel.version !== '1.0.0') causes.push('channel.version: must be 1.0.0');
    if (typeof uri !== 'string' || !acceptableUri(uri)) {
      causes.push('channel.config.uri: must be an https URL of at most 1024 characters, without whitespace');
    }
    const headers = Array.isArray(config.headers) ? (config.headers as { key?: unknown; value?: unknown }[]) : [];
    for (const header of headers) {
      if (typeof header?.key !== 'string' || typeof header.value !== 'string') {
        causes.push('channel.config.headers: each header needs a key and a value');
      } else if (RESERVED_HEADERS.has(header.key.toLowerCase())) {
        causes.push(`channel.config.headers: ${header.key} is a reserved header`);
      }
    }
    const authScheme = config.authScheme as { type?: unknown; key?: unknown; value?: unknown } | undefined;
    if (authScheme && (authScheme.type !== 'HEADER' || typeof authScheme.key !== 'string')) {
      causes.push('channel.config.authScheme: type HEADER with a key and a value');
    }
    const filter = events.filter as { eventFilterMap?: unknown } | null | undefined;
    if (causes.length) throw validationFailed(...causes);
    return {
      name: (name as string).trim(),
      description: typeof body.description === 'string' ? body.description : null,
      events: {
        type: 'EVENT_TYPE' as const,
        items: items as string[],
        ...(filter && Array.isArray(filter.eventFilterMap)
          ? {
              filter: {
                type: 'EXPRESSION_LANGUAGE' as const,
                eventFilterMap: filter.eventFilterMap as EventHookFilterEntry[],
              },
            }
          : {}),
      },
      channel: {
        type: 'HTTP' as const,
        version: '1.0.0',
        config: {
          uri: uri as string,
          method: 'POST' as const,
          headers: headers as { key: string; value: string }[],
          ...(authScheme
            ? {
                authScheme: {
                  type: 'HEADER' as const,
                  key: authScheme.key as string,
                  value: String(authScheme.value ?? ''),
                },
              }
            : {}),
        },
      },
    };
  }

  private log(eventType: EventTypeName, displayMessage: string, hook: EventHook, outcome = 'SUCCESS') {
    this.org.log({ eventType, displayMessage, targets: [hookTarget(hook)], outcome });
  }
}

/**
 * https only, as Okta requires (§4.2). The sandbox also takes plain http to a loopback host: it runs on loopback, so
 * that is the only plain-http endpoint it could ever reach, and tests and local hosts need it.
 */
function acceptableUri(uri: string): boolean {
  if (uri.length > MAX_URI_LENGTH || /\s/.test(uri)) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);
}
