/**
 * @module The webhook deliveries the host has acknowledged and not yet processed (docs/architecture.md, "Webhook
 * acknowledgements"): a bounded queue in process memory, drained after the answer.
 *
 * Okta wants its answer at once (docs/okta.md §4.2), so what a delivery's records cost to keep and to send to the
 * event streams is paid after the 200. Nothing acknowledged may be lost:
 * - Room is reserved before the delivery is handled, and a delivery that finds none within `maxWaitMs` is refused
 *   with 503, unacknowledged and not deduplicated: Okta retries after a 5xx, never after a 4xx (§4.2), so 429 would
 *   lose it.
 * - A task that throws keeps its room and runs again later (after 10 ms, doubling up to 5 s), reported each time.
 * - `close` stops taking new deliveries and waits for the queue to empty.
 */

export interface DeliveryQueueLimits {
  /** Deliveries acknowledged and not yet processed, at most. */
  maxDeliveries: number;
  /** Their bodies' bytes, at most (a delivery larger than this is taken alone). */
  maxBytes: number;
  /** How long a delivery waits for room before it is refused; below Okta's 3 s (docs/okta.md §4.2). */
  maxWaitMs: number;
}

export const DEFAULT_DELIVERY_QUEUE: Readonly<DeliveryQueueLimits> = {
  maxDeliveries: 256,
  maxBytes: 32 * 1024 * 1024,
  maxWaitMs: 1_000,
};

/** Room for one delivery: given its task once handled, or released when it has nothing to process. */
export interface DeliverySlot {
  run(task: () => void): void;
  release(): void;
}

const FIRST_RETRY_MS = 10;
const LAST_RETRY_MS = 5_000;
/** Tasks run per turn of the event loop, so that new requests are read between batches. */
const BATCH = 64;

interface Waiter {
  bytes: number;
  grant: (slot: DeliverySlot | undefined) => void;
  timer: NodeJS.Timeout;
}

export class DeliveryQueue {
  private held = 0;
  private heldBytes = 0;
  private readonly ready: { task: () => void; slot: { bytes: number; failures: number } }[] = [];
  private readonly waiting: Waiter[] = [];
  private scheduled = false;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly limits: DeliveryQueueLimits = DEFAULT_DELIVERY_QUEUE,
    private readonly onError: (error: unknown) => void = (error) => console.error('okta-connector host:', error),
  ) {}

  /**
   * Deliveries held now (queued, running or waiting to run again), requests waiting for room, and whether the queue is
   * closing: what a test or a probe may check is bounded.
   */
  stats(): { deliveries: number; bytes: number; waiting: number; closing: boolean } {
    return { deliveries: this.held, bytes: this.heldBytes, waiting: this.waiting.length, closing: this.closed };
  }

  /**
   * Room for a delivery of `bytes`, at once or within `maxWaitMs` (first come, first served); undefined when there is
   * none, or the queue is closing: the delivery must then be refused, not acknowledged.
   */
  reserve(bytes: number): Promise<DeliverySlot | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (this.waiting.length === 0 && this.fits(bytes)) return Promise.resolve(this.take(bytes));
    return new Promise((grant) => {
      const waiter: Waiter = {
        bytes,
        grant,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          grant(undefined);
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Resolves once every delivery taken so far has been processed. */
  settled(): Promise<void> {
    if (this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Takes no more deliveries, refuses those waiting, and resolves once the queue is empty, or after `maxMs` with the
   * number of deliveries still held (tasks that keep failing): reported, as they are lost with the process.
   */
  async close(maxMs = 10_000): Promise<number> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.grant(undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise((resolve) => (timer = setTimeout(resolve, maxMs)))]);
    clearTimeout(timer);
    if (this.held > 0) {
      this.onError(new Error(`${this.held} acknowledged webhook deliveries could not be processed before closing.`));
    }
    return this.held;
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || (this.held < this.limits.maxDeliveries && this.heldBytes + bytes <= this.limits.maxBytes);
  }

  private take(bytes: number): DeliverySlot {
    this.held += 1;
    this.heldBytes += bytes;
    const slot = { bytes, failures: 0 };
    let used = false;
    const once = () => {
      if (used) throw new Error('A delivery slot is used once.');
      used = true;
    };
    return {
      run: (task) => {
        once();
        this.ready.push({ task, slot });
        this.schedule();
      },
      release: () => {
        once();
        this.free(slot);
      },
    };
  }

  private free(slot: { bytes: number }): void {
    this.held -= 1;
    this.heldBytes -= slot.bytes;
    while (this.waiting.length > 0 && this.fits((this.waiting[0] as Waiter).bytes)) {
      const waiter = this.waiting.shift() as Waiter;
      clearTimeout(waiter.timer);
      waiter.grant(this.take(waiter.bytes));
    }
    if (this.held === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    for (const { task, slot } of this.ready.splice(0, BATCH)) {
      try {
        task();
      } catch (error) {
        // Kept, and its room with it: an acknowledged delivery is processed, however late.
        this.onError(error);
        slot.failures += 1;
        const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (slot.failures - 1));
        setTimeout(() => {
          this.ready.push({ task, slot });
          this.schedule();
        }, delay);
        continue;
      }
      this.free(slot);
    }
    if (this.ready.length > 0) this.schedule();
  }
}
