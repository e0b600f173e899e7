/**
 * @module A large list read as disjoint windows of an immutable timestamp, several windows at once within the shared
 * rate budget, each record streamed once as it arrives.
 *
 * Why it is sound (docs/okta.md §2.3):
 * - Okta's user `search` ranges on `created` (`gt`, `ge`, `lt`, `le`), sorts on it (`sortBy`, ties by id) and
 *   combines with `and` and parentheses. `created` is set once and never changes, so windows `[lo, hi)` are disjoint
 *   for the whole export: a record can only ever belong to one, and a record changed during the export stays there.
 * - Every window is read sorted by `created` ascending, so after any page the rest of the window is exactly
 *   `[last created, hi)`. That is what lets a window be split while it is read: when a worker falls idle, the next
 *   page of a busy window hands the rest of its range out in parts (a new search each), instead of following its
 *   cursor. Records sharing the boundary millisecond that were already sent are remembered (at most a page of ids)
 *   and skipped. Otherwise a window follows `rel="next"` as Okta sent it (§2.1).
 * - The first window is the whole list. A list of one page costs one request, as sequential paging would. Only a full
 *   window is split, between the last `created` read and its end (Okta's clock, the response `Date`, for the open
 *   one), into parts its page's density says hold several full pages: each window's last page is part full, so fewer,
 *   larger windows keep the requests near one a page.
 * - Windows are read at once only where round trips, not the work of a page, bound the export: measured as it runs
 *   (./fan-out.ts). On loopback it pages sequentially; at Okta's latency it fans out. The last window
 *   is open-ended, and when it ends before the others it is read again from its newest record once they are done: a
 *   record created before the export's last page is read, as with sequential paging (subject to search being
 *   eventually consistent, §2.3: one created within about a second of that page may be missed).
 *
 * The output is not in Okta's order. Backpressure: a worker does not ask for its next page while `MAX_WAITING_PAGES` pages
 * wait for the consumer, so memory stays bounded by the number of workers, whatever the size of the org. Every request
 * goes through the client, so the rate limiter (lib/http/rate-limiter.ts) gates each against the bucket's budget and
 * the concurrency cap; the number of windows read at once follows the fan-out and the bucket's remaining budget.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../define.ts';
import { bucketOf } from '../http/buckets.ts';
import type { OktaClient, Page, QueryValue } from '../http/client.ts';
import { FanOut } from './fan-out.ts';

export interface PartitionedOptions {
  /** The collection, e.g. `/api/v1/users`. */
  path: string;
  /** Further query parameters (never `search`, `sortBy`, `sortOrder`, `limit` or `after`). */
  query?: Record<string, QueryValue>;
  /** The immutable timestamp to window on: `created`. */
  attribute: string;
  /** A search expression every window is ANDed with: the caller's, or one selecting what the plain list returns. */
  search?: string;
  /** Records per page. */
  limit: number;
  /** Stop after this many records (Infinity: every record). */
  maxRecords: number;
  signal?: AbortSignal;
  log?: Logger;
  /** Most windows read at once; by default the limiter's concurrency cap, at most 8. */
  maxWorkers?: number;
}

/** Disjoint `[lo, hi)` in epoch ms; undefined is unbounded. */
interface Window {
  lo: number | undefined;
  hi: number | undefined;
  /** Ids whose `created` is exactly `lo` and which were already sent (the split happened inside that millisecond). */
  sentAtLo: Set<string>;
}

type Item = Record<string, unknown>;

const DEFAULT_MAX_WORKERS = 8;
/**
 * A window is split only into parts expected to hold at least this many full pages: each window costs about half a
 * request beyond its pages (its last page is part full), so fewer, larger windows keep requests near the minimum.
 */
const MIN_PAGES_PER_PART = 6;
/**
 * Pages read but not yet taken by the consumer, beyond which workers wait. Two keep a fast consumer fed (a page is
 * taken in microtasks); more would only hold memory while a slow one catches up.
 */
const MAX_WAITING_PAGES = 2;

export async function* partitionedRecords<T = Item>(okta: OktaClient, options: PartitionedOptions): AsyncGenerator<T> {
  if (options.maxRecords <= 0) return;
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  // Each request in flight listens to it while it runs, and stops when done: no leak to warn of.
  setMaxListeners(0, signal);

  const bucket = bucketOf('GET', options.path);
  const maxWorkers = Math.max(
    1,
    options.maxWorkers ?? Math.min(okta.limiter.options.maxConcurrency, DEFAULT_MAX_WORKERS),
  );
  const queue: Window[] = [{ lo: undefined, hi: undefined, sentAtLo: new Set() }];
  const ready: Item[][] = [];
  let active = 0;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const changed = () => new Promise<void>((resolve) => (wake = resolve));
  /** Workers waiting for the consumer to take pages. */
  const room: (() => void)[] = [];

  const fanOut = new FanOut(maxWorkers);
  /** The bucket's budget left beyond the requests in flight; undefined while unknown. */
  const budgetLeft = (): number | undefined => {
    const budget = okta.limiter.snapshot()[bucket];
    return budget?.remaining === undefined ? undefined : budget.remaining - budget.inFlight;
  };
  /**
   * How many windows may be read at once now: what the measure of round trips allows (./fan-out.ts), lowered when the
   * bucket's budget is nearly spent.
   */
  const workers = (): number => {
    const left = budgetLeft();
    return Math.max(1, Math.min(fanOut.want, left ?? fanOut.want));
  };
  /** This export's requests in flight, each with the most that ran beside it (itself included). */
  const running = new Set<{ peak: number }>();
  /** Readers waiting for their turn to send: windows already open page in turn when fewer may be read at once. */
  const turns: (() => void)[] = [];
  /** A page, in its turn, timed for the fan-out measure. */
  const timedPage = async (request: { path: string; query?: Record<string, QueryValue> }): Promise<Page<Item>> => {
    while (running.size >= workers() && !signal.aborted) await new Promise<void>((resolve) => turns.push(resolve));
    signal.throwIfAborted();
    const left = budgetLeft();
    // A request the limiter may hold back measures the budget, not the round trip.
    const measurable = left === undefined || left > maxWorkers;
    const slot = { peak: 0 };
    running.add(slot);
    for (const other of running) other.peak = Math.max(other.peak, running.size);
    const started = performance.now();
    try {
      const page = await okta.page<Item>({ ...request, signal });
      fanOut.observe(performance.now() - started, slot.peak, measurable);
      return page;
    } finally {
      running.delete(slot);
      // Each waiting reader checks again: the fan-out or the budget may allow more than one now.
      for (const resume of turns.splice(0)) resume();
    }
  };

  const requestOf = (window: Window) => {
    // The window first: it rules out most records at once, where the expression is evaluated left to right.
    const clauses: string[] = [];
    if (window.lo !== undefined) clauses.push(`${options.attribute} ge "${new Date(window.lo).toISOString()}"`);
    if (window.hi !== undefined) clauses.push(`${options.attribute} lt "${new Date(window.hi).toISOString()}"`);
    if (options.search) clauses.push(`(${options.search})`);
    if (clauses.length === 0) clauses.push(`${options.attribute} pr`);
    return {
      path: options.path,
      query: {
        ...options.query,
        search: clauses.join(' and '),
        sortBy: options.attribute,
        sortOrder: 'asc',
        // A small cap needs no full page.
        limit: Math.min(options.limit, options.maxRecords),
      },
    };
  };

  const timeOf = (record: Item): number => Date.parse(String(record[options.attribute]));

  /** The open-ended window, read again once every other window is done: records created meanwhile are in it. */
  let tail: Window | undefined;

  async function read(window: Window): Promise<void> {
    let request: { path: string; query?: Record<string, QueryValue> } = requestOf(window);
    // Ids sent from this window: guards against a cursor that shifts under concurrent changes.
    const sent = new Set<string>();
    // The newest record read, and the ids at its millisecond, where a re-read of an open-ended window starts.
    let newest = window.lo ?? Number.NEGATIVE_INFINITY;
    let atNewest = new Set(window.sentAtLo);
    for (;;) {
      while (ready.length >= MAX_WAITING_PAGES && !signal.aborted)
        await new Promise<void>((resolve) => room.push(resolve));
      signal.throwIfAborted();
      const page = await timedPage(request);
      const fresh: Item[] = [];
      let last = Number.NEGATIVE_INFINITY;
      let first = Number.POSITIVE_INFINITY;
      let sorted = true;
      for (const record of page.items) {
        const id = String(record.id);
        const at = timeOf(record);
        if (at < last) sorted = false;
        if (at > last) last = at;
        if (at < first) first = at;
        if (sent.has(id) || (at === window.lo && window.sentAtLo.has(id))) continue;
        if ((window.lo !== undefined && at < window.lo) || (window.hi !== undefined && at >= window.hi)) {
          options.log?.warn('Okta returned a record outside the searched range; it is left to its own window.', {
            id,
          });
          continue;
        }
        sent.add(id);
        fresh.push(record);
        if (at > newest) {
          newest = at;
          atNewest = new Set();
        }
        if (at === newest) atNewest.add(id);
      }
      if (fresh.length) {
        ready.push(fresh);
        notify();
      }
      if (!page.nextUrl) {
        if (window.hi === undefined && (active > 1 || queue.length > 0)) {
          tail = { lo: Number.isFinite(newest) ? newest : undefined, hi: undefined, sentAtLo: atNewest };
        }
        return;
      }
      // Splitting relies on the sort: a page out of order keeps its window on the cursor.
      const parts = sorted && first < last ? splitRest(window, page, first, last) : undefined;
      if (parts) {
        const sentAtLast = new Set<string>();
        for (const record of page.items) if (timeOf(record) === last) sentAtLast.add(String(record.id));
        if (last === window.lo) for (const id of window.sentAtLo) sentAtLast.add(id);
        (parts[0] as Window).sentAtLo = sentAtLast;
        queue.push(...parts);
        return;
      }
      request = { path: page.nextUrl };
    }
  }

  /**
   * The rest of a full window, `[last, hi)`, in parts for the workers the fan-out wants and has not got; undefined to
   * keep following the cursor. The parts are even in time, sized from the density of the page just read (its
   * `created` spread): each is expected to hold `MIN_PAGES_PER_PART` full pages, so none is asked for that would
   * likely answer a part-full page or nothing.
   */
  function splitRest(window: Window, page: Page<Item>, first: number, last: number): Window[] | undefined {
    const idle = workers() - active - queue.length;
    if (idle <= 0 || !Number.isFinite(last)) return undefined;
    const serverNow = Date.parse(String(page.response.headers.date ?? '')) || Date.now();
    const end = window.hi ?? Math.max(serverNow, last + 1);
    const span = end - last;
    if (span < 2) return undefined;
    const density = page.items.length / Math.max(1, last - first);
    const worthIt = Math.floor((density * span) / (options.limit * MIN_PAGES_PER_PART));
    const count = Math.min(idle + 1, worthIt, span);
    if (count < 2) return undefined;
    const parts: Window[] = [];
    for (let i = 0; i < count; i += 1) {
      const lo = i === 0 ? last : last + Math.floor((span * i) / count);
      const hi = i === count - 1 ? window.hi : last + Math.floor((span * (i + 1)) / count);
      parts.push({ lo, hi, sentAtLo: new Set() });
    }
    return parts;
  }

  function start(): void {
    while (!failure && queue.length > 0 && active < workers()) {
      const window = queue.shift() as Window;
      active += 1;
      read(window).then(
        () => {
          active -= 1;
          start();
          notify();
        },
        (error: unknown) => {
          active -= 1;
          failure ??= { error };
          controller.abort(error);
          notify();
        },
      );
    }
  }

  let emitted = 0;
  try {
    start();
    for (;;) {
      // A failed window ends the export at once (the pages still waiting are dropped with it).
      if (failure) throw outer?.aborted ? outer.reason : failure.error;
      const records = ready.shift();
      if (records) {
        room.shift()?.();
        for (const record of records) {
          yield record as T;
          emitted += 1;
          if (emitted >= options.maxRecords) return;
        }
        continue;
      }
      if (active === 0 && queue.length === 0) {
        if (!tail) return;
        queue.push(tail);
        tail = undefined;
      }
      // Windows the budget held back start as soon as a reader finishes.
      start();
      await changed();
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
    // Stops the requests still in flight: the consumer has what it wanted, or has gone.
    if (!signal.aborted) controller.abort(new DOMException('The export ended.', 'AbortError'));
    for (const release of [...room.splice(0), ...turns.splice(0)]) release();
  }
}
