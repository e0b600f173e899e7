/**
 * @module What the host keeps of each webhook subscription: the runtime's subscription object, the connection that
 * made it (to unsubscribe later) and the records delivered so far (bounded, in memory), with listeners for
 * `/api/events`. With a file, subscriptions survive a restart: Okta keeps calling the same URL, so the host must
 * still know its secret.
 *
 * The file holds the hooks' secrets and any connection given explicitly: it is written with mode 0600. A
 * subscription made with the host's default connection stores no connection, only that it used the default.
 *
 * With a shared state store (Redis, issue 15) every host sees every subscription: entries are published there as
 * soon as they exist (a pending one too, as Okta's verification call may reach another host), and a delivery looks
 * its subscription up there, so any host verifies and handles it. Records and event listeners stay per host. While
 * the store is unreachable, subscriptions cannot be created or removed (a clear transient error: nothing is half
 * written), and deliveries are checked against the subscriptions this host already knows.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Subscription } from '../lib/define.ts';
import { TransientError } from '../lib/errors.ts';
import type { ConnectionInput } from '../lib/runtime.ts';
import type { StateStore } from '../lib/store/types.ts';
import { DEFAULT_DELIVERY_QUEUE, DeliveryQueue, type DeliveryQueueLimits } from './delivery-queue.ts';

/** The shared map of subscriptions, by id. */
const SHARED_MAP = 'subscriptions';

/** Records kept per subscription: a busy org must not grow the host's memory without end. */
export const MAX_RECORDS = 1000;
/**
 * Bytes of delivered records kept, all subscriptions together (`HOST_MAX_RECORD_BYTES`): a count alone does not bound
 * memory, as one event may be 3 KB or 30 KB (issue 20, item 16). Records are kept as their JSON text, counted exactly.
 */
export const DEFAULT_MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** A delivered record as kept: its JSON text, and whether a bound has dropped it since. */
export interface KeptRecord {
  json: string;
  bytes: number;
  dropped: boolean;
}
/** Subscriptions held at once (each is an event hook on some org; Okta allows 25 active per org). */
export const MAX_SUBSCRIPTIONS = 1000;

export interface HostSubscription {
  id: string;
  trigger: string;
  /** Undefined: the host's default connection, read again when needed. */
  connection: ConnectionInput | undefined;
  /** Undefined while `subscribe` runs. */
  subscription: Subscription | undefined;
  /** The last records delivered, oldest first: at most MAX_RECORDS, and the store's byte bound over all of them. */
  records: KeptRecord[];
}

export interface DeliveredRecord {
  subscriptionId: string;
  trigger: string;
  record: unknown;
  /** This object's JSON text, written once for every listener. */
  json: string;
}

type Listener = (event: DeliveredRecord) => void;

interface StoredFile {
  version: 1;
  subscriptions: { id: string; trigger: string; connection: ConnectionInput | null; subscription: Subscription }[];
}

export class SubscriptionStore {
  private readonly byId = new Map<string, HostSubscription>();
  private readonly listeners = new Set<Listener>();
  /** Every kept record in delivery order, over all subscriptions, with its subscription: the oldest goes first. */
  private readonly kept: { record: KeptRecord; entry: HostSubscription }[] = [];
  private keptFrom = 0;
  private keptBytes = 0;
  /** Deliveries acknowledged and not yet kept nor sent to the listeners (host/hooks.ts). */
  readonly deliveries: DeliveryQueue;

  /**
   * With `file`, loads the subscriptions saved there and saves every change; with `shared`, shares them. Delivered
   * records are kept up to `maxRecordBytes` of JSON in all; deliveries wait to be processed within `queue`.
   */
  constructor(
    private readonly file?: string,
    readonly shared?: StateStore,
    private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
    queue: DeliveryQueueLimits = DEFAULT_DELIVERY_QUEUE,
  ) {
    if (file) this.load(file);
    this.deliveries = new DeliveryQueue(queue);
  }

  /** Bytes of record JSON kept now, over all subscriptions: never more than the bound. */
  recordBytes(): number {
    return this.keptBytes;
  }

  /** Refuses a change while the shared store is unreachable, before anything is done at Okta. */
  checkWritable(): void {
    if (this.shared && !this.shared.connected()) {
      throw new TransientError(
        'STATE_STORE_UNAVAILABLE',
        'The shared state store (Redis) cannot be reached, so subscriptions cannot be created or removed: every ' +
          'host must know them. Nothing was changed; try again once it is back (GET /api/health tells).',
      );
    }
  }

  /** Shares the entry as it is now (pending or complete) with every host. */
  async publish(id: string): Promise<void> {
    const entry = this.byId.get(id);
    if (!this.shared || !entry) return;
    this.checkWritable();
    const stored = {
      id,
      trigger: entry.trigger,
      connection: entry.connection ?? null,
      subscription: entry.subscription ?? null,
    };
    await this.shared.mapSet(SHARED_MAP, id, JSON.stringify(stored));
  }

  /** Removes the entry from the shared store. */
  async unpublish(id: string): Promise<void> {
    if (!this.shared) return;
    this.checkWritable();
    await this.shared.mapDelete(SHARED_MAP, id);
  }

  /** The entry as every host sees it: read from the shared store when there is one and it answers. */
  async find(id: string): Promise<HostSubscription | undefined> {
    if (!this.shared?.connected()) return this.get(id);
    let text: string | undefined;
    try {
      text = await this.shared.mapGet(SHARED_MAP, id);
    } catch {
      return this.get(id);
    }
    if (text === undefined) {
      // Removed by another host.
      this.byId.delete(id);
      return undefined;
    }
    const stored = JSON.parse(text) as {
      trigger: string;
      connection: ConnectionInput | null;
      subscription: Subscription | null;
    };
    const local = this.byId.get(id);
    const entry: HostSubscription = {
      id,
      trigger: stored.trigger,
      connection: stored.connection ?? undefined,
      subscription: stored.subscription ?? undefined,
      records: local?.records ?? [],
    };
    this.byId.set(id, entry);
    return entry;
  }

  add(entry: Omit<HostSubscription, 'records'>): HostSubscription {
    const stored = { ...entry, records: [] };
    this.byId.set(entry.id, stored);
    if (entry.subscription) this.save();
    return stored;
  }

  /** Records the subscription `subscribe` returned for a pending entry. */
  complete(id: string, subscription: Subscription): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    entry.subscription = subscription;
    this.save();
  }

  get(id: string): HostSubscription | undefined {
    return this.byId.get(id);
  }

  delete(id: string): void {
    const entry = this.byId.get(id);
    this.byId.delete(id);
    for (const record of entry?.records ?? []) this.drop(record);
    if (entry?.subscription) this.save();
  }

  all(): HostSubscription[] {
    return [...this.byId.values()];
  }

  /** Keeps the last records within both bounds and tells every listener about each new record. */
  deliver(id: string, records: unknown[]): void {
    this.deliveryTask(id, records)();
  }

  /**
   * `deliver` as a task for the delivery queue, which runs it again when it throws: each step is done once, however
   * often it runs, so a listener that failed is told again and nothing is kept twice.
   */
  deliveryTask(id: string, records: unknown[]): () => void {
    let kept: KeptRecord[] | undefined;
    /** The listeners' events, written once (a task that failed runs again with the same ones). */
    let events: DeliveredRecord[] | undefined;
    /** How many of the records each listener has been told. */
    let told: Map<Listener, number> | undefined;
    return () => {
      const entry = this.byId.get(id);
      // Removed meanwhile: nothing to keep, no one to tell.
      if (records.length === 0 || !entry) return;
      kept ??= this.keep(entry, records);
      if (this.listeners.size === 0) return;
      told ??= new Map();
      if (!events) {
        const prefix = `{"subscriptionId":${JSON.stringify(id)},"trigger":${JSON.stringify(entry.trigger)},"record":`;
        events = kept.map((one, n) => ({
          subscriptionId: id,
          trigger: entry.trigger,
          record: records[n],
          json: `${prefix}${one.json}}`,
        }));
      }
      let failure: unknown;
      for (const listener of this.listeners) {
        try {
          for (let n = told.get(listener) ?? 0; n < events.length; n++) {
            listener(events[n] as DeliveredRecord);
            told.set(listener, n + 1);
          }
        } catch (error) {
          // The others are told all the same; this one the rest when the task runs again.
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    };
  }

  private keep(entry: HostSubscription, records: unknown[]): KeptRecord[] {
    const kept = records.map((record) => {
      const json = JSON.stringify(record);
      const one: KeptRecord = { json, bytes: Buffer.byteLength(json), dropped: false };
      entry.records.push(one);
      this.kept.push({ record: one, entry });
      this.keptBytes += one.bytes;
      return one;
    });
    while (entry.records.length > MAX_RECORDS) this.drop(entry.records.shift() as KeptRecord);
    this.dropOldestPastBound();
    return kept;
  }

  /** The records of `entry` as a JSON array's text, without parsing them again. */
  recordsJson(entry: HostSubscription): string {
    return `[${entry.records.map((record) => record.json).join(',')}]`;
  }

  private drop(record: KeptRecord): void {
    if (record.dropped) return;
    record.dropped = true;
    this.keptBytes -= record.bytes;
  }

  /** Drops the oldest records, whichever subscription holds them, until the rest fit the byte bound. */
  private dropOldestPastBound(): void {
    while (this.keptBytes > this.maxRecordBytes && this.keptFrom < this.kept.length) {
      const { record, entry } = this.kept[this.keptFrom] as { record: KeptRecord; entry: HostSubscription };
      this.keptFrom += 1;
      if (record.dropped) continue;
      this.drop(record);
      // The oldest kept record overall is the oldest its subscription keeps.
      if (entry.records[0] === record) entry.records.shift();
    }
    // The queue's dropped head is let go now and then, not on every delivery.
    if (this.keptFrom > 4096 && this.keptFrom * 2 > this.kept.length) {
      this.kept.splice(0, this.keptFrom);
      this.keptFrom = 0;
    }
    // Records dropped by the count bound or with their subscription wait here until they reach the head.
    while (this.keptFrom < this.kept.length && (this.kept[this.keptFrom] as { record: KeptRecord }).record.dropped) {
      this.keptFrom += 1;
    }
  }

  /** Listeners held now (one per open event stream): a leak shows here. */
  listenerCount(): number {
    return this.listeners.size;
  }

  /** Returns the function that removes the listener. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const stored = JSON.parse(text) as StoredFile;
    for (const entry of stored.subscriptions ?? []) {
      this.byId.set(entry.id, {
        id: entry.id,
        trigger: entry.trigger,
        connection: entry.connection ?? undefined,
        subscription: entry.subscription,
        records: [],
      });
    }
  }

  /** Written whole to a temporary file, then renamed over the old one: a crash never leaves half a file. */
  private save(): void {
    if (!this.file) return;
    const stored: StoredFile = {
      version: 1,
      subscriptions: this.all()
        .filter((entry) => entry.subscription)
        .map((entry) => ({
          id: entry.id,
          trigger: entry.trigger,
          connection: entry.connection ?? null,
          subscription: entry.subscription as Subscription,
        })),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}
