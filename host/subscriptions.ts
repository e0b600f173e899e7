/**
 * @module What the host keeps of each webhook subscription, in memory: the runtime's subscription object, the
 * connection that made it (to unsubscribe later) and the records delivered so far, with listeners for `/api/events`.
 */
import type { Subscription } from '../lib/define.ts';
import type { ConnectionInput } from '../lib/runtime.ts';

/** Records kept per subscription: a busy org must not grow the host's memory without end. */
export const MAX_RECORDS = 1000;

export interface HostSubscription {
  id: string;
  trigger: string;
  connection: ConnectionInput;
  subscription: Subscription;
  records: unknown[];
}

export interface DeliveredRecord {
  subscriptionId: string;
  trigger: string;
  record: unknown;
}

type Listener = (event: DeliveredRecord) => void;

export class SubscriptionStore {
  private readonly byId = new Map<string, HostSubscription>();
  private readonly listeners = new Set<Listener>();

  add(entry: Omit<HostSubscription, 'records'>): HostSubscription {
    const stored = { ...entry, records: [] };
    this.byId.set(entry.id, stored);
    return stored;
  }

  get(id: string): HostSubscription | undefined {
    return this.byId.get(id);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  all(): HostSubscription[] {
    return [...this.byId.values()];
  }

  /** Keeps the last MAX_RECORDS and tells every listener about each new record. */
  deliver(id: string, records: unknown[]): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    entry.records.push(...records);
    if (entry.records.length > MAX_RECORDS) entry.records.splice(0, entry.records.length - MAX_RECORDS);
    for (const record of records) {
      for (const listener of this.listeners) listener({ subscriptionId: id, trigger: entry.trigger, record });
    }
  }

  /** Returns the function that removes the listener. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
