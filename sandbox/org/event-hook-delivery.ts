/**
 * @module Deliveries to event hooks, as Okta makes them (docs/okta.md §4.2): every logged event goes to each ACTIVE,
 * VERIFIED hook subscribed to its type; events close together travel in one POST, in the `com.okta.event_hook`
 * envelope, with the hook's auth header and custom headers; a 3 s timeout; one retry after a 5xx, a timeout or a
 * network error, none after a 4xx; a failure is logged as `event_hook.delivery`.
 */
import { randomUUID } from 'node:crypto';
import type { Org } from '../state.ts';
import type { EventHook, EventHooks } from './event-hooks.ts';
import { EventType } from './event-types.ts';
import { hookTarget, type LogEvent } from './types.ts';

type Outcome = { ok: true } | { ok: false; retry: boolean; reason: string };

export class HookDelivery {
  private readonly queues = new Map<string, LogEvent[]>();
  private readonly running = new Map<string, Promise<void>>();
  /** The org's URL, for the envelope's `source` (set by the sandbox once it listens). */
  orgUrl = 'http://127.0.0.1';
  /** POSTs sent, retries included. */
  attempts = 0;

  constructor(
    private readonly org: Org,
    private readonly hooks: EventHooks,
  ) {
    org.systemLog.onEvent((event) => this.enqueue(event));
  }

  /** Resolves once every event logged so far has been delivered or has failed. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  forget(hookId: string): void {
    this.queues.delete(hookId);
  }

  private enqueue(event: LogEvent): void {
    for (const hook of this.hooks.receiversOf(event.eventType)) {
      const queue = this.queues.get(hook.id) ?? [];
      queue.push(event);
      this.queues.set(hook.id, queue);
      if (!this.running.has(hook.id)) {
        const run = this.drain(hook.id).finally(() => this.running.delete(hook.id));
        this.running.set(hook.id, run);
      }
    }
  }

  /** One delivery at a time per hook; whatever was logged meanwhile goes in the next one. */
  private async drain(hookId: string): Promise<void> {
    // Events logged in the same turn (a create and its activation) travel together, as Okta merges them.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      const queue = this.queues.get(hookId);
      if (!queue?.length) break;
      const events = queue.splice(0, this.hooks.settings.maxEventsPerDelivery);
      const hook = this.hooks.list().find((h) => h.id === hookId);
      if (!hook) break;
      await this.deliver(hook, events);
    }
    this.queues.delete(hookId);
  }

  private async deliver(hook: EventHook, events: LogEvent[]): Promise<void> {
    const body = JSON.stringify({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${this.orgUrl}/api/v1/eventHooks/${hook.id}`,
      eventId: randomUUID(),
      eventTime: this.org.iso(),
      contentType: 'application/json',
      data: { events },
    });
    let outcome = await this.post(hook, body);
    if (!outcome.ok && outcome.retry) outcome = await this.post(hook, body);
    if (!outcome.ok) {
      this.org.log({
        eventType: EventType.eventHookDelivery,
        displayMessage: 'Event hook delivery failed',
        targets: [hookTarget(hook)],
        outcome: 'FAILURE',
        reason: outcome.reason,
        severity: 'WARN',
      });
    }
  }

  private async post(hook: EventHook, body: string): Promise<Outcome> {
    const { config } = hook.channel;
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    for (const header of config.headers) headers[header.key] = header.value;
    if (config.authScheme) headers[config.authScheme.key] = config.authScheme.value;
    this.attempts += 1;
    try {
      const response = await fetch(config.uri, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.hooks.settings.timeoutMs),
        redirect: 'manual',
      });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) return { ok: true };
      return { ok: false, retry: response.status >= 500, reason: `HTTP ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        retry: true,
        reason: (error as Error).name === 'TimeoutError' ? 'timed out' : 'network error',
      };
    }
  }
}
