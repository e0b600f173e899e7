/**
 * @module The page's one way to the host: same-origin JSON requests (the host's request guard refuses other bodies,
 * host/request-guard.ts), and the connection the user chose. The connection, secrets included, lives in this
 * module's memory only: it goes to the host with each request and is never written to any browser storage.
 */
import type { ErrorInfo, Manifest } from './types.ts';

export type ConnectionChoice = { type: string; fields: Record<string, unknown> } | undefined;

let connection: ConnectionChoice;

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
    response = await fetch(path, {
      method,
      headers: body
        ? { 'content-type': 'application/json', accept: 'application/json' }
        : { accept: 'application/json' },
      body: body ? JSON.stringify(body) : null,
    });
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

export function loadManifest(): Promise<Manifest> {
  return request<Manifest>('GET', '/api/manifest');
}
