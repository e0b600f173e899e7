/**
 * @module The Okta client: the one place that knows Okta's transport rules (docs/okta.md §1, §2, §6).
 *
 * Modules never touch headers, cursors or retries: they call `request`, `pages` or `records` with a path relative
 * to the org. This client authenticates each request, keeps undici keep-alive pools, shares one rate-limit budget
 * per org, credential and bucket, retries what is safe to retry, and turns Okta's error bodies into `OktaApiError`.
 */
import { createHash } from 'node:crypto';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { Auth } from '../auth/auth.ts';
import { explainAuthFailure } from '../auth/challenge.ts';
import {
  ConnectionError,
  isConnectorError,
  OktaApiError,
  type OktaErrorBody,
  sentence,
  TransientError,
  unexpectedResponse,
  ValidationError,
} from '../errors.ts';
import type { Logger } from '../logger.ts';
import { redactingLogger, redactSecrets } from '../redact.ts';
import type { BudgetReport, StateStore } from '../store/types.ts';
import { bucketOf } from './buckets.ts';
import { acquireLimiter, releaseLimiter } from './limiter-registry.ts';
import { type Links, parseLinkHeader } from './link-header.ts';
import { pathProblem } from './path.ts';
import {
  checkCredentialHeaders,
  checkRequestHeaders,
  isLocalFault,
  isUnresolvable,
  serializeBody,
  unresolvableDomain,
} from './preflight.ts';
import { parseNumericHeader, type RateLimiter, type RateLimitHeaders, type RateLimitOptions } from './rate-limiter.ts';
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  errorCode,
  isIdempotent,
  isRetryableStatus,
  networkErrorKind,
  type RetryOptions,
  sleep,
  TIMEOUT_CODES,
} from './retry.ts';
import { type BudgetTicket, SharedBudget, type SharedBudgetOptions } from './shared-budget.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type QueryValue = string | number | boolean | undefined | null | (string | number | boolean)[];

export interface RequestOptions {
  method?: HttpMethod;
  /** Relative to the org (`/api/v1/users`), or an absolute URL on the org's origin (a `next` link). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Per attempt; default from the client options. */
  timeoutMs?: number;
  /** Overrides the method's idempotency, e.g. for a POST that is safe to repeat. */
  idempotent?: boolean;
}

export interface OktaResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | string[] | undefined>;
  links: Links;
  requestId: string | undefined;
}

export interface Page<T> {
  items: T[];
  /**
   * The `next` link as Okta sent it; follow it, never build it (docs/okta.md §2.1). A System Log poller keeps it as its
   * cursor even from an empty page.
   */
  nextUrl: string | undefined;
  /** The `after` cursor of the next page, URL-decoded; undefined on the last page. */
  nextCursor: string | undefined;
  response: OktaResponse<T[]>;
}

export interface PageOptions extends RequestOptions {
  /**
   * System Log polling queries always return `next`, even on an empty page (docs/okta.md §3.2): stop at an empty page
   * instead of following it forever.
   */
  stopOnEmptyPage?: boolean;
}

export interface ClientOptions {
  auth: Auth;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  rateLimit?: Partial<RateLimitOptions>;
  /**
   * Budgets are shared per org and credential across the process; a scope keeps a separate one (benchmarks and
   * tests that change the org's limits between runs).
   */
  rateLimitScope?: string;
  log?: Logger;
  userAgent?: string;
  /**
   * A state store shared by several hosts (Redis, issue 15): every request also takes its turn from the org's
   * budget there (./shared-budget.ts). The in-memory store is not shared and adds nothing.
   */
  store?: StateStore;
  sharedBudget?: Partial<Pick<SharedBudgetOptions, 'fallbackShare' | 'reservationMs'>>;
  /** Told each time Okta answered 429 and a request waits for its bucket's reset (the CLI's progress line counts them). */
  onRateLimitWait?: (wait: RateLimitWait) => void;
}

/** A request waiting out a 429: `GET /api/v1/users`, and how long it waits. */
export interface RateLimitWait {
  request: string;
  delayMs: number;
}

/**
 * The longest request URL sent: the last line of defence behind the inputs' own bounds (lib/schemas/bounds.ts), for
 * whatever builds a long query (issue 20). Okta's front door answers 414 or 431 to URLs of a few KB; this is under it.
 */
export const MAX_URL_LENGTH = 8192;

const USER_AGENT = `okta-connector/0.1.0 node/${process.versions.node}`;

const dispatcher: Dispatcher = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 64 });

/** One request through its attempts: what is sent, and how many tries of each kind it has had. */
interface Call {
  readonly options: RequestOptions;
  readonly method: HttpMethod;
  readonly url: URL;
  readonly bucket: string;
  /** `GET /api/v1/users`, for log lines and errors. */
  readonly where: string;
  readonly idempotent: boolean;
  readonly body: string | undefined;
  /** Retries after a network failure or a 5xx. */
  retries: number;
  /** Waits for a bucket's reset after a 429. */
  rateLimitWaits: number;
  renewedCredential: boolean;
  /** The request id of Okta's first answer, which each retry names. */
  firstRequestId: string | undefined;
  /** The Authorization header the last attempt sent: a 401 may answer a token renewed since. */
  authorization: string | undefined;
}

const noopLogger: Logger = { debug() {}, info() {}, warn() {} };

/**
 * A path that is certainly safe and relative: segments of anything but `/`, `\\`, `%`, `.`, `?` and `#`, none empty.
 * It has no dot segment to resolve, plain or encoded, and cannot leave the origin, so `pathProblem` and the origin
 * check have nothing to find (an Okta id, `/api/v1/users/00ub0oNGTSWTBKOLGLNR`): one test instead of them (issue 27).
 */
const PLAIN_PATH = /^(?:\/[^/\\%.?#]+)+$/;

/** The headers every request carries, with a credential's: built once for each credential value (issue 27). */
interface BaseHeaders {
  /** The credential as `Auth.headers` returned it, to tell whether the next one is the same. */
  credential: Record<string, string>;
  size: number;
  /** The credential's headers, names in lower case and checked. */
  lowered: Record<string, string>;
  /** `accept`, `user-agent` and the credential: what a plain GET sends, as it is. */
  headers: Readonly<Record<string, string>>;
}

/** A signal that never fires, for callers with nothing to cancel: not handed to undici, which would listen to it. */
export const NEVER_ABORTS: AbortSignal = new AbortController().signal;

export class OktaClient {
  readonly origin: string;
  readonly limiter: RateLimiter;
  private readonly auth: Auth;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly log: Logger;
  /** `accept` and `user-agent`: what every request carries before the caller's and the credential's headers. */
  private readonly defaultHeaders: Readonly<Record<string, string>>;
  private readonly limiterKey: string;
  private readonly shared: SharedBudget | undefined;
  private readonly onRateLimitWait: ((wait: RateLimitWait) => void) | undefined;
  private released = false;
  /** `https://acme.okta.com/`, what paths are resolved against. */
  private readonly base: string;
  private baseHeaders: BaseHeaders | undefined;

  constructor(options: ClientOptions) {
    this.auth = options.auth;
    this.origin = options.auth.origin;
    this.base = `${this.origin}/`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.limiterKey = `${options.auth.origin}|${options.auth.principal}|${options.rateLimitScope ?? ''}`;
    this.limiter = acquireLimiter(this.limiterKey, options.rateLimit);
    // Keyed by a hash of the org and credential tag: the store never sees the credential.
    this.shared = options.store?.shared
      ? new SharedBudget(options.store, createHash('sha256').update(this.limiterKey).digest('base64url').slice(0, 22), {
          share: this.limiter.options.share,
          ...options.sharedBudget,
        })
      : undefined;
    // Log lines quote errors, which may quote a credential (a provider's failure, an echoing proxy).
    this.log = options.log ? redactingLogger(options.log, () => this.auth.secrets) : noopLogger;
    this.defaultHeaders = Object.freeze({ accept: 'application/json', 'user-agent': options.userAgent ?? USER_AGENT });
    this.onRateLimitWait = options.onRateLimitWait;
  }

  /**
   * Lets go of this client's share of the process-wide rate limiter, so that an org and credential no longer in use
   * leaves nothing behind. The client still works (with its limiter) for calls already under way.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    releaseLimiter(this.limiterKey, this.limiter);
  }

  /**
   * A link as this org's own URL. Okta may build links with another host than the one called (an org reached by its
   * custom domain answering with its okta.com host, a proxy's http://): the path and query are followed on the
   * connection's origin, so the credentials never go anywhere else.
   */
  private onOwnOrigin(link: string, followed: boolean): string {
    let url: URL;
    try {
      url = new URL(link, `${this.origin}/`);
    } catch {
      throw new TransientError('INVALID_RESPONSE', 'Okta sent a pagination link that is not a URL.', {
        details: { link },
      });
    }
    if (url.origin === this.origin) return url.href;
    if (followed) {
      this.log.warn('Okta linked the next page on another host; following it on the connection’s own.', {
        linked: url.origin,
        origin: this.origin,
      });
    }
    return `${this.origin}${url.pathname}${url.search}`;
  }

  /**
   * The absolute URL of a path or link, refused when it would leave the org's origin (and take the token along), or
   * when a dot or empty segment would make the URL parser call another endpoint than the one built (issue 7): paths
   * are built with `pathOf` (./path.ts), and this is the last line of defence, before anything is sent.
   */
  url(path: string, query?: Record<string, QueryValue>): URL {
    const url = PLAIN_PATH.test(path) ? new URL(this.origin + path) : this.checkedUrl(path);
    if (query) {
      for (const name in query) {
        const value = query[name];
        if (value === undefined || value === null || value === '') continue;
        if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, String(v));
        else url.searchParams.set(name, String(value));
      }
    }
    if (url.href.length > MAX_URL_LENGTH) {
      throw new ValidationError(
        `Refusing to call ${url.pathname}: the URL would be ${url.href.length.toLocaleString('en')} characters, more ` +
          `than the ${MAX_URL_LENGTH.toLocaleString('en')} Okta takes. Shorten the query or the ids. Nothing was sent.`,
        [{ path: 'query', message: `The request URL is longer than ${MAX_URL_LENGTH} characters` }],
      );
    }
    return url;
  }

  /** The URL of a path that may be unsafe: refused with a dot or empty segment, or off the org's origin. */
  private checkedUrl(path: string): URL {
    const problem = pathProblem(path);
    if (problem) {
      const shown = path.split(/[?#]/, 1)[0];
      throw new ValidationError(
        `Refusing to call ${shown}: ${problem}. Each id must be one path segment.`,
        [{ path: 'path', message: problem }],
        { code: 'UNSAFE_PATH' },
      );
    }
    let url: URL;
    try {
      url = new URL(path, this.base);
    } catch {
      throw new ConnectionError('INVALID_PATH', `"${path}" is not a valid path on the org.`);
    }
    if (url.origin !== this.origin) {
      throw new ConnectionError(
        'CROSS_ORIGIN',
        `Refusing to send the org's credentials to ${url.origin}: requests must stay on ${this.origin}.`,
      );
    }
    return url;
  }

  /**
   * One request to Okta, through as many attempts as the retry policy allows (`sendOnce` is one of them): a network
   * failure or 5xx is retried with backoff when it is safe to repeat, a 429 once the bucket resets, a 401 once when
   * the credential renewed itself.
   */
  async request<T = unknown>(options: RequestOptions): Promise<OktaResponse<T>> {
    const method = options.method ?? 'GET';
    const url = this.url(options.path, options.query);
    const call: Call = {
      options,
      method,
      url,
      bucket: bucketOf(method, url.pathname),
      where: `${method} ${url.pathname}`,
      idempotent: options.idempotent ?? isIdempotent(method),
      // Checked once, before anything is sent: a body or header that cannot go out is the caller's to fix.
      body: serializeBody(options.body),
      retries: 0,
      rateLimitWaits: 0,
      renewedCredential: false,
      firstRequestId: undefined,
      authorization: undefined,
    };
    if (options.headers) checkRequestHeaders(options.headers);
    for (;;) {
      options.signal?.throwIfAborted();
      const outcome = await this.sendOnce<T>(call);
      if (typeof outcome !== 'number') return outcome;
      if (outcome > 0) await sleep(outcome, options.signal);
    }
  }

  /**
   * One attempt: a slot of the rate limiter (and of the shared budget) held from sending to the end of the body, the
   * answer recorded in the limiter, then Okta's answer, or the milliseconds to wait before the next attempt (0: at
   * once) when the retry policy says to try again.
   */
  private async sendOnce<T>(call: Call): Promise<OktaResponse<T> | number> {
    const { options, bucket, where } = call;
    // Only a request that would wait out a 429 may probe a window's end (a refused probe must not fail a call).
    const mayProbe = call.rateLimitWaits < this.retry.maxRateLimitRetries;
    // A free slot is taken at once, with no promise to wait on; only a request that must wait awaits its turn.
    const release =
      this.limiter.tryAcquire(bucket, mayProbe) ?? (await this.limiter.acquire(bucket, options.signal, mayProbe));
    let ticket: BudgetTicket | undefined;
    try {
      // Without a shared store there is nothing to wait for: no await on the hot path (issue 14).
      if (this.shared) ticket = await this.shared.take(bucket, options.signal, mayProbe);
      const startedAt = Date.now();
      let response: Dispatcher.ResponseData;
      try {
        const credential = this.auth.headers({ method: call.method, url: call.url });
        // An API token's header is at hand: awaited only when the credential has to fetch or sign something.
        response = await this.send(call, isPromise(credential) ? await credential : credential);
      } catch (error) {
        if (ticket) void this.shared?.report(ticket, undefined);
        return this.retryAfterFailure(call, error);
      }

      const receivedAt = Date.now();
      const headers = response.headers;
      const requestId = header(headers, 'x-okta-request-id');
      call.firstRequestId ??= requestId;
      const rateLimit = {
        limit: headers['x-rate-limit-limit'],
        remaining: headers['x-rate-limit-remaining'],
        reset: headers['x-rate-limit-reset'],
        date: headers.date,
      };
      if (this.shared) {
        // The org's budget is kept in the shared store, where every host's answers teach it (./shared-budget.ts): the
        // limiter learns only the clock offset here, and keeps this process's concurrency and its 429 holds.
        this.limiter.update(bucket, { date: rateLimit.date }, receivedAt, startedAt);
        if (ticket) void this.shared.report(ticket, this.budgetReport(rateLimit, receivedAt, startedAt));
      } else {
        this.limiter.update(bucket, rateLimit, receivedAt, startedAt);
      }
      const status = response.statusCode;
      if (this.auth.onResponse || this.auth.onUnauthorized) {
        const view = { status, headers: toHeaders(headers), authorization: call.authorization };
        this.auth.onResponse?.(view);
        // A 401 the credential renewed itself for (a fresh token, a new DPoP nonce) is worth sending once more.
        if (
          status === 401 &&
          !call.renewedCredential &&
          this.auth.onUnauthorized &&
          (await this.auth.onUnauthorized(view))
        ) {
          call.renewedCredential = true;
          await response.body.dump();
          return 0;
        }
      }
      if (this.log !== noopLogger) {
        this.log.debug('Okta response', { request: where, status, ms: receivedAt - startedAt, requestId });
      }
      const delay = this.retryAfterAnswer(call, status, headers, receivedAt);
      if (delay !== undefined) {
        await response.body.dump();
        return delay;
      }

      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw this.networkError(error, where, false, TIMEOUT_CODES.has(errorCode(error) ?? ''));
      }
      if (status >= 400) throw this.apiError(status, where, text, headers, requestId);
      return {
        status,
        data: (text ? parseJson(text, where) : undefined) as T,
        headers,
        links: parseLinkHeader(headers.link),
        requestId,
      };
    } finally {
      release();
    }
  }

  /**
   * The retry policy after a request that got no answer: the wait before trying again, when it did not reach Okta, or
   * may have and is safe to repeat, and retries are left; else the error to fail with.
   */
  private retryAfterFailure(call: Call, error: unknown): number {
    const { options, where } = call;
    if (options.signal?.aborted) throw options.signal.reason;
    // Nothing left this process: a refused credential, a bug. The runtime classifies it; it is not the network.
    if (isConnectorError(error) || isLocalFault(error)) throw error;
    if (isUnresolvable(error)) throw redactSecrets(unresolvableDomain(this.origin, error), this.auth.secrets);
    const kind = networkErrorKind(error);
    const timedOut = TIMEOUT_CODES.has(errorCode(error) ?? '');
    const retryable = kind === 'not-sent' || ((kind === 'broken' || timedOut) && call.idempotent);
    if (!retryable || call.retries >= this.retry.maxRetries) {
      throw this.networkError(error, where, call.idempotent, timedOut);
    }
    const delay = backoffDelay(call.retries++, this.retry);
    this.log.warn('Okta request failed; retrying', { request: where, error: describe(error), delayMs: delay });
    return delay;
  }

  /**
   * The retry policy after Okta answered: a 429 waits for its bucket's reset (and holds back the bucket's other
   * requests as long), a 5xx to a request safe to repeat backs off; undefined when the answer is final.
   */
  private retryAfterAnswer(
    call: Call,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    receivedAt: number,
  ): number | undefined {
    if (status === 429 && call.rateLimitWaits < this.retry.maxRateLimitRetries) {
      const delay = this.rateLimitDelay(headers, receivedAt, call.rateLimitWaits++);
      this.limiter.block(call.bucket, delay);
      this.log.warn('Okta rate limit reached; waiting for the reset', { request: call.where, delayMs: delay });
      this.onRateLimitWait?.({ request: call.where, delayMs: delay });
      return delay;
    }
    if (isRetryableStatus(status) && call.idempotent && call.retries < this.retry.maxRetries) {
      const delay = backoffDelay(call.retries++, this.retry);
      this.log.warn('Okta answered a server error; retrying', { request: call.where, status, delayMs: delay });
      return delay;
    }
    return undefined;
  }

  /** Pages of a collection, following `rel="next"` to the end: one page in memory at a time. */
  async *pages<T>(options: PageOptions): AsyncGenerator<Page<T>> {
    let next: RequestOptions | undefined = options;
    const seen = new Set<string>();
    while (next) {
      const response: OktaResponse<T[]> = await this.request<T[]>(next);
      // A list is an array: anything else (`{"evil":true}`, a proxy's page) is no empty list (issue 20).
      if (!Array.isArray(response.data)) {
        const { pathname } = new URL(next.path, `${this.origin}/`);
        throw unexpectedResponse(`${next.method ?? 'GET'} ${pathname}`, 'a JSON array (a list)', response.data);
      }
      const items = response.data;
      const self = response.links.self && this.onOwnOrigin(response.links.self, false);
      let nextUrl = response.links.next && this.onOwnOrigin(response.links.next, true);
      // Guards against endless loops: a next link equal to self or to a page already read (n8n issue 11444).
      if (nextUrl && (nextUrl === self || seen.has(nextUrl))) nextUrl = undefined;
      if (nextUrl) seen.add(nextUrl);
      yield { items, nextUrl, nextCursor: nextUrl ? cursorOf(nextUrl) : undefined, response };
      const exhausted = options.stopOnEmptyPage && items.length === 0;
      next =
        nextUrl && !exhausted
          ? {
              method: 'GET',
              path: nextUrl,
              signal: options.signal,
              headers: options.headers,
              timeoutMs: options.timeoutMs,
            }
          : undefined;
    }
  }

  /** One page of a collection, with the cursor of the next. */
  async page<T>(options: RequestOptions): Promise<Page<T>> {
    for await (const page of this.pages<T>(options)) return page;
    throw new Error('unreachable: pages() always yields a first page');
  }

  /** Every record of a collection, one page in memory at a time. */
  async *records<T>(options: PageOptions): AsyncGenerator<T> {
    for await (const page of this.pages<T>(options)) yield* page.items;
  }

  /**
   * The headers every request carries (`accept`, `user-agent`, the credential's), checked and built again only when
   * the credential's headers change: an API token's are the same on every call, a DPoP proof's never.
   */
  private baseHeadersFor(credential: Record<string, string>): BaseHeaders {
    const last = this.baseHeaders;
    if (last && sameHeaders(last, credential)) return last;
    const lowered = lowerKeys(credential);
    checkCredentialHeaders(lowered);
    const headers = Object.freeze({ ...this.defaultHeaders, ...lowered });
    const built = { credential, size: Object.keys(credential).length, lowered, headers };
    this.baseHeaders = built;
    return built;
  }

  private send(call: Call, credential: Record<string, string>): Promise<Dispatcher.ResponseData> {
    const base = this.baseHeadersFor(credential);
    const { method, options, body } = call;
    // Okta answers 411 to a bodiless POST or PUT without Content-Length (docs/okta.md §6). Set here rather than left to
    // the transport's default; test/lib/http-wire.test.ts checks the wire.
    const bodilessWrite = body === undefined && (method === 'POST' || method === 'PUT' || method === 'PATCH');
    const retry = retryHeaders(call);
    let headers: Record<string, string> = base.headers;
    if (options.headers || retry || body !== undefined || bodilessWrite) {
      headers = {
        ...this.defaultHeaders,
        ...lowerKeys(options.headers),
        ...retry,
        ...base.lowered,
      };
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      // Stryker disable next-line all: undici 7 writes the same `content-length: 0` itself (docs/testing.md)
      if (bodilessWrite) headers['content-length'] = '0';
    }
    call.authorization = headers.authorization;
    // undici's own timers rather than an AbortSignal per request, which costs more than the rest of the call.
    const timeout = options.timeoutMs ?? this.timeoutMs;
    return undiciRequest(call.url, {
      method,
      headers,
      body,
      signal: options.signal === NEVER_ABORTS ? undefined : options.signal,
      dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  }

  /**
   * The budget a response reported, for the shared budget; undefined without rate-limit headers. With it, when this
   * request opened its window, the window's latest and earliest ends this host learnt, as durations from now.
   */
  private budgetReport(rateLimit: RateLimitHeaders, receivedAt: number, sentAt: number): BudgetReport | undefined {
    const limit = parseNumericHeader(rateLimit.limit);
    const remaining = parseNumericHeader(rateLimit.remaining);
    const window = parseNumericHeader(rateLimit.reset);
    if (limit === undefined || remaining === undefined || window === undefined) return undefined;
    const resetInMs = this.limiter.delayUntilReset(window, header(rateLimit, 'date'), receivedAt);
    const ends = this.limiter.openedWindowEnds(rateLimit, receivedAt, sentAt);
    if (!ends) return { limit, remaining, window, resetInMs };
    const fromNow = (at: number) => at - Date.now() + this.limiter.options.resetMarginMs;
    return { limit, remaining, window, resetInMs, endsInMs: fromNow(ends.latest), mayEndInMs: fromNow(ends.earliest) };
  }

  private rateLimitDelay(
    headers: Record<string, string | string[] | undefined>,
    receivedAt: number,
    attempt: number,
  ): number {
    const limit = parseNumericHeader(headers['x-rate-limit-limit']);
    const reset = parseNumericHeader(headers['x-rate-limit-reset']);
    // A concurrency 429 reports Limit = Remaining = 0 and only an estimated reset (docs/okta.md §1.1): back off.
    if (limit === 0 || reset === undefined) return backoffDelay(attempt, this.retry);
    const jitter = Math.random() * 250;
    return this.limiter.delayUntilReset(reset, header(headers, 'date'), receivedAt) + jitter;
  }

  private apiError(
    status: number,
    where: string,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    requestId: string | undefined,
  ): Error {
    let body: OktaErrorBody | undefined;
    try {
      body = text ? (JSON.parse(text) as OktaErrorBody) : undefined;
    } catch {
      body = { errorSummary: text.slice(0, 200) };
    }
    const init = {
      status,
      method: where.split(' ')[0] ?? '',
      path: where.slice(where.indexOf(' ') + 1),
      body,
      requestId,
      wwwAuthenticate: header(headers, 'www-authenticate'),
    };
    const error = new OktaApiError(init);
    // Say what to fix, not only what Okta said (lib/auth/challenge.ts).
    if (error.kind === 'connection') error.message = `${sentence(error.message)} ${explainAuthFailure(init)}`;
    return redactSecrets(error, this.auth.secrets);
  }

  /** A transient failure that says whether the request may have reached Okta, so a caller knows what a retry risks. */
  private networkError(error: unknown, where: string, idempotent: boolean, timedOut: boolean): Error {
    if (isConnectorError(error)) return error;
    const reason = timedOut ? 'timed out' : describe(error);
    const mayHaveReachedOkta = networkErrorKind(error) !== 'not-sent';
    const note = !mayHaveReachedOkta
      ? 'It did not reach Okta: try again later.'
      : idempotent
        ? 'It may have reached Okta; it is idempotent, so trying again is safe.'
        : 'It may have reached Okta, so it was not retried (it is not idempotent): check whether it took effect ' +
          'before trying again.';
    const wrapped = new TransientError(
      timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
      `${where} to ${this.origin} failed: ${reason}. ${note}`,
      { details: { request: where, mayHaveReachedOkta }, cause: error },
    );
    return redactSecrets(wrapped, this.auth.secrets);
  }
}

/** As Okta's SDKs do on a retry, so Okta support can tie it to the original request (docs/okta.md §1.5). */
function retryHeaders(call: Call): Record<string, string> | undefined {
  const tries = call.retries + call.rateLimitWaits;
  if (tries === 0 || !call.firstRequestId) return undefined;
  return { 'x-okta-retry-for': call.firstRequestId, 'x-okta-retry-count': String(tries) };
}

/** Whether the credential's headers are those `base` was built from: the same names and values. */
function sameHeaders(base: BaseHeaders, credential: Record<string, string>): boolean {
  let size = 0;
  for (const name in credential) {
    if (base.credential[name] !== credential[name]) return false;
    size += 1;
  }
  return size === base.size;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}

function header<K extends string>(headers: { [P in K]?: string | string[] | undefined }, name: K): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function toHeaders(headers: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return out;
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TransientError('INVALID_RESPONSE', `${where} answered with a body that is not JSON.`);
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** The `after` cursor of a next link, URL-decoded (NangoHQ/integration-templates PR 576: cursors arrive encoded). */
export function cursorOf(nextUrl: string): string | undefined {
  try {
    return new URL(nextUrl).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}
