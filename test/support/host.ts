/** A suite's host, and one request to a running host over loopback HTTP, answered as status, headers, text and JSON. */
import { type HostOptions, type RunningHost, startHost } from '../../host/server.ts';
import { suiteResource } from './suite.ts';

// biome-ignore lint/suspicious/noExplicitAny: a suite names the answer shape it reads; by default it reads any JSON
export interface HostAnswer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON, so reading a field of it fails the test. */
  json: T;
}

/** Sends `body` as JSON (a string goes as it is, to test malformed bodies); the answer is read to its end. */
// biome-ignore lint/suspicious/noExplicitAny: see HostAnswer
export async function call<T = any>(
  hostUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HostAnswer<T>> {
  const response = await fetch(`${hostUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: T = undefined as T;
  try {
    json = text ? JSON.parse(text) : json;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * The suite's host (see suiteResource), on a free loopback port. `options` is read when the suite starts, so it may
 * name the suite's sandbox (`defaultConnection: sandbox.connection`); register the sandbox first, the host closes
 * before it.
 */
export function suiteHost(options: () => HostOptions = () => ({})): RunningHost {
  return suiteResource(
    'host',
    () => startHost({ port: 0, ...options() }),
    (host) => host.close(),
  );
}
