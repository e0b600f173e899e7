/**
 * @module The page's one way to the host: same-origin JSON requests (the host's request guard refuses other bodies,
 * host/request-guard.ts), and the connection the user chose. The connection, secrets included, lives in this
 * module's memory only: it goes to the host with each request and is never written to any browser storage.
 */
import type { ErrorInfo, Manifest } from './types.ts';

export type ConnectionChoice = { type: string; fields: Record<string, unknown> } | undefined;

let connection: ConnectionChoice;
/**
 * The host's API token (HOST_API_TOKEN), when it asks for one: asked once, kept in this module's memory for the
 * tab's life, never in any browser storage.
 */
let apiToken: string | undefined;

/** The headers every call to the host carries: the API token once the host has asked for it. */
export function authHeaders(): Record<string, string> {
  return apiToken ? { authorization: `Bearer ${apiToken}` } : {};
}

/**
 * The host refused a call for want of its API token: ask the user for it once (again after a wrong one).
 * Returns whether a token was given, so that the call is tried again.
 */
export function askForToken(): boolean {
  const given = window.prompt("This host needs its API token (HOST_API_TOKEN). It stays in this tab's memory only.");
  apiToken = given?.trim() || undefined;
  return apiToken !== undefined;
}

/** `undefined`: the host's default connection (the sandbox under `npm start`). */
export function setConnection(next: ConnectionChoice): void {
  connection = next;
}

export function currentConnectionType(): string | undefined {
  return connection?.type;
}

/** A failure the host answered with `{ error }`, or one on the way (the host unreachable). */
export class ApiError extends Error {
  constructor(
    readonly info: ErrorInfo,
    readonly status: number,
  ) {
    super(info.message);
  }
}

export async function post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
  return request<T>('POST', path, { ...(connection ? { connection } : {}), ...body });
}

export async function request<T>(method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    const send = () =>
      fetch(path, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          accept: 'application/json',
          ...authHeaders(),
        },
        body: body ? JSON.stringify(body) : null,
      });
    response = await send();
    if (response.status === 401 && (await tokenRequired(response)) && askForToken()) response = await send();
  } catch (error) {
    throw new ApiError(
      { code: 'HOST_UNREACHABLE', kind: 'transient', message: `The host did not answer: ${(error as Error).message}` },
      0,
    );
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => undefined)) as { error?: ErrorInfo } | undefined;
  if (!response.ok || json?.error) {
    throw new ApiError(
      json?.error ?? {
        code: 'INTERNAL_ERROR',
        kind: 'internal',
        message: `The host answered ${response.status}.`,
        details: { status: response.status },
      },
      response.status,
    );
  }
  return json as T;
}

/** Whether a 401 is the host's own (its API token), not Okta's refusal of a connection. */
async function tokenRequired(response: Response): Promise<boolean> {
  const json = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: ErrorInfo } | undefined;
  return json?.error?.code === 'HOST_TOKEN_REQUIRED';
}

export function loadManifest(): Promise<Manifest> {
  return request<Manifest>('GET', '/api/manifest');
}
