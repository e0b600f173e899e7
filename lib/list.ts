/**
 * @module The one way list actions read collections: one page with its cursor, or every page up to a cap.
 *
 * The client follows `rel="next"` as Okta sent it (docs/okta.md §2.1). When a cap is near, the last request asks for
 * only the records still wanted, by lowering `limit` on the next link, so the cursor handed back starts exactly
 * after the last record returned: nothing is dropped, nothing read twice.
 */
import type { Logger } from './define.ts';
import { isOktaApiError, ValidationError } from './errors.ts';
import type { OktaClient, Page, QueryValue } from './http/client.ts';

export interface ListOptions {
  path: string;
  query?: Record<string, QueryValue>;
  limit: number;
  after?: string | undefined;
  fetchAll: boolean;
  maxRecords: number;
  signal?: AbortSignal;
  log?: Logger;
  /** Told after each page of a `fetchAll` run. */
  progress?: ((done: number, total?: number) => void) | undefined;
  /**
   * System Log polling queries return `next` forever, even from an empty page (docs/okta.md §3.2): an empty page ends
   * the list.
   */
  stopOnEmptyPage?: boolean;
  /**
   * For queries Okta cannot page (`q` on users and groups, docs/okta.md §2.3, §2.4): one request; with `fetchAll` it
   * asks for up to `maxRecords`, at most `maxLimit`.
   */
  unpaged?: { maxLimit: number };
}

/**
 * Reads a page that starts at a caller's cursor. Okta answering E0000054 ("Invalid pagination properties") to it means
 * the cursor is no cursor Okta gave (a garbage or stale one): the caller's input to fix, named, not Okta's refusal.
 */
export async function fromCallerCursor<T>(
  field: string,
  cursor: string | undefined,
  read: () => Promise<T>,
): Promise<T> {
  if (!cursor) return read();
  try {
    return await read();
  } catch (error) {
    if (!isOktaApiError(error, 400) || error.errorCode !== 'E0000054') throw error;
    throw new ValidationError(
      `Invalid input: ${field}: Okta does not know this cursor (E0000054). Pass the nextCursor a previous run ` +
        'returned, as it is, with the same inputs; or leave it out to start from the first page.',
      [{ path: field, message: 'Not a cursor Okta gave (E0000054)' }],
      { cause: error },
    );
  }
}

export interface ListResult<T> {
  items: T[];
  nextCursor?: string;
}

export async function list<T>(okta: OktaClient, options: ListOptions): Promise<ListResult<T>> {
  const { path, signal } = options;
  const query = { ...options.query };

  if (options.unpaged) {
    const limit = options.fetchAll ? Math.min(options.maxRecords, options.unpaged.maxLimit) : options.limit;
    const page = await okta.page<T>({ path, query: { ...query, limit }, signal });
    return { items: page.items };
  }

  if (!options.fetchAll) {
    const page = await fromCallerCursor('after', options.after, () =>
      okta.page<T>({ path, query: { ...query, limit: options.limit, after: options.after }, signal }),
    );
    const ended = options.stopOnEmptyPage && page.items.length === 0;
    return page.nextCursor && !ended ? { items: page.items, nextCursor: page.nextCursor } : { items: page.items };
  }

  const items: T[] = [];
  const seen = new Set<string>();
  let next: { path: string; query?: Record<string, QueryValue> } | undefined = {
    path,
    query: { ...query, limit: Math.min(options.limit, options.maxRecords), after: options.after },
  };
  let cursor = options.after;
  while (next) {
    const current = next;
    const page: Page<T> = await fromCallerCursor('after', cursor, () => okta.page<T>({ ...current, signal }));
    cursor = undefined; // only the first page starts at the caller's cursor
    const wanted = options.maxRecords - items.length;
    if (page.items.length > wanted) {
      // Only when Okta ignored the lowered limit (some endpoints do, docs/okta.md §2.1): the cursor cannot point
      // inside a page, so the records past the cap are not returned.
      options.log?.warn('Okta returned more records than asked for; the list stops at maxRecords.', {
        path,
        dropped: page.items.length - wanted,
      });
    }
    items.push(...page.items.slice(0, wanted));
    options.progress?.(items.length, options.maxRecords);
    const ended = !page.nextUrl || seen.has(page.nextUrl) || (options.stopOnEmptyPage && page.items.length === 0);
    if (ended) return { items };
    if (items.length >= options.maxRecords) return { items, nextCursor: page.nextCursor as string };
    seen.add(page.nextUrl as string);
    next = { path: withLimitAtMost(page.nextUrl as string, options.maxRecords - items.length, options.limit) };
  }
  return { items };
}

/**
 * Every record of a list as a stream, in Okta's order, one page in memory at a time, up to `maxRecords` (Infinity
 * for all). The same paging as `list` with `fetchAll` (the last request asks only for the records still wanted), with
 * no cursor to hand back: a stream is read to its end or cancelled. `after` starts it where a previous run stopped.
 */
export async function* listRecords<T>(
  okta: OktaClient,
  options: Omit<ListOptions, 'fetchAll' | 'progress'>,
): AsyncGenerator<T> {
  const { path, signal, maxRecords } = options;
  if (maxRecords <= 0) return;
  if (options.unpaged) {
    const limit = Math.min(maxRecords, options.unpaged.maxLimit);
    const page = await okta.page<T>({ path, query: { ...options.query, limit }, signal });
    yield* page.items.slice(0, maxRecords);
    return;
  }
  const seen = new Set<string>();
  let sent = 0;
  let next: { path: string; query?: Record<string, QueryValue> } | undefined = {
    path,
    query: { ...options.query, limit: Math.min(options.limit, maxRecords), after: options.after },
  };
  let cursor = options.after;
  while (next) {
    const current = next;
    const page: Page<T> = await fromCallerCursor('after', cursor, () => okta.page<T>({ ...current, signal }));
    cursor = undefined; // only the first page starts at the caller's cursor
    for (const item of page.items) {
      if (sent >= maxRecords) return;
      sent += 1;
      yield item;
    }
    const ended = !page.nextUrl || seen.has(page.nextUrl) || (options.stopOnEmptyPage && page.items.length === 0);
    if (ended || sent >= maxRecords) return;
    // Only the last few links are worth remembering: a loop shows within a page or two (n8n issue 11444).
    if (seen.size > 16) seen.clear();
    seen.add(page.nextUrl as string);
    next = { path: withLimitAtMost(page.nextUrl as string, maxRecords - sent, options.limit) };
  }
}

/**
 * The next link asking for at most `max` records. Only `limit` is touched: the rest of the link, cursor included,
 * stays byte for byte as Okta sent it. A link without `limit` would get Okta's default page size, which may be larger,
 * so it gets ours.
 */
export function withLimitAtMost(link: string, max: number, pageSize: number): string {
  const match = /([?&])limit=(\d+)/.exec(link);
  if (match) return Number(match[2]) <= max ? link : link.replace(match[0], `${match[1]}limit=${max}`);
  const hash = link.indexOf('#');
  const base = hash === -1 ? link : link.slice(0, hash);
  return `${base}${base.includes('?') ? '&' : '?'}limit=${Math.min(max, pageSize)}`;
}
