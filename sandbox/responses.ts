/**
 * @module How the sandbox answers: Okta's error body (docs/okta.md §6) and Link-header pagination (§2.1).
 */
import { randomBytes } from 'node:crypto';
import { HttpResponse } from 'msw';
import errorCodes from '../lib/data/error-codes.json' with { type: 'json' };

const catalogue = errorCodes.errors as Record<string, { status: number; summary: string }>;

/** `{errorCode, errorSummary, errorLink, errorId, errorCauses}` with the status Okta's catalogue gives the code. */
export function oktaErrorBody(code: string, detail?: string, causes: string[] = []) {
  const template = catalogue[code]?.summary ?? 'Bad request.';
  const errorSummary = template.includes('{0}') ? template.replace('{0}', detail ?? '') : template;
  return {
    errorCode: code,
    errorSummary,
    errorLink: code,
    errorId: `oae${randomBytes(11).toString('base64url')}`,
    errorCauses: causes.map((summary) => ({ errorSummary: summary })),
  };
}

export function oktaError(code: string, detail?: string, causes: string[] = [], status?: number): Response {
  return HttpResponse.json(oktaErrorBody(code, detail, causes), { status: status ?? catalogue[code]?.status ?? 400 });
}

export function notFound(what: string, id: string): Response {
  return oktaError('E0000007', `Resource not found: ${id} (${what})`);
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
    readonly causes: string[] = [],
  ) {
    super(code);
  }
}

/** Okta's 400 E0000001 "API validation failed", its causes listed one by one (docs/okta.md §6). */
export function validationFailed(...causes: string[]): ApiError {
  return new ApiError('E0000001', causes.join(', '), causes);
}

/** The JSON body of a write, or an E0000003 answer. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text) return {};
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {}
  throw new ApiError('E0000003');
}

/** Turns an ApiError thrown by a resolver into Okta's answer. */
export function guard(
  resolver: (info: { request: Request; params: Record<string, string> }) => Promise<Response> | Response,
) {
  return async (info: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    try {
      return await resolver(info as { request: Request; params: Record<string, string> });
    } catch (error) {
      if (error instanceof ApiError) return oktaError(error.code, error.detail, error.causes);
      throw error;
    }
  };
}

export interface Paged<T> {
  items: T[];
  /** The cursor of the next page; undefined on the last page. */
  after?: string | undefined;
}

/**
 * A page with its Link headers: one header per relation, as Okta sends them; `next` keeps every query parameter
 * of the request and replaces `after`.
 */
export function pageResponse(request: Request, page: Paged<unknown>, init: { headers?: HeadersInit } = {}): Response {
  const url = new URL(request.url);
  const headers = new Headers(init.headers);
  headers.append('link', `<${url.href}>; rel="self"`);
  if (page.after !== undefined) {
    const next = new URL(url);
    // The System Log's polling `next` drops `since` (the cursor says where to resume); a bounded query, with
    // `until`, keeps its range (docs/okta.md §3.2).
    if (!next.searchParams.has('until')) next.searchParams.delete('since');
    next.searchParams.set('after', page.after);
    headers.append('link', `<${next.href}>; rel="next"`);
  }
  return HttpResponse.json(page.items, { headers });
}

/** `limit` as Okta reads it: the default when absent, clamped to the endpoint's maximum (docs/okta.md §2.2). */
export function readLimit(url: URL, defaultLimit: number, maxLimit: number, minLimit = 1): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return defaultLimit;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < minLimit) {
    throw new ApiError('E0000001', `limit: must be a whole number from ${minLimit}`);
  }
  return Math.min(limit, maxLimit);
}

/** Opaque cursors: what they point at is the sandbox's business, as Okta's are (docs/okta.md §2.1). */
export const cursor = {
  encode: (kind: string, position: string) => Buffer.from(`${kind}:${position}`).toString('base64url'),
  decode(kind: string, value: string | null): string | undefined {
    if (value === null || value === '') return undefined;
    const decoded = Buffer.from(value, 'base64url').toString();
    if (!decoded.startsWith(`${kind}:`)) throw new ApiError('E0000054');
    return decoded.slice(kind.length + 1);
  },
};

/**
 * One page of records sorted by id, after the cursor in the request's `after`, with the next cursor while more
 * records follow. Cursors name the last id returned, so a record deleted meanwhile loses nobody their place.
 */
export function pageAfterId<T>(
  url: URL,
  kind: string,
  records: readonly T[],
  idOf: (record: T) => string,
  limit: number,
): Paged<T> {
  const after = cursor.decode(kind, url.searchParams.get('after'));
  const start = after === undefined ? 0 : records.findIndex((record) => idOf(record) > after);
  const items = start === -1 ? [] : records.slice(start, start + limit);
  const last = items.at(-1);
  const more = start !== -1 && start + items.length < records.length;
  return { items, after: more && last !== undefined ? cursor.encode(kind, idOf(last)) : undefined };
}
