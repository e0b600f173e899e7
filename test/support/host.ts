/**
 * A suite's host, and one request over loopback HTTP (to a host, or to the sandbox org), answered as status, headers,
 * text and JSON.
 */
import { type Dispatcher, request } from 'undici';
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

/**
 * Sends `body` as JSON (a string goes as it is, to test malformed bodies) with exactly the headers given: undici's
 * `request`, not `fetch`, so that Host, Origin and Content-Type are what a browser or an attacker would send, and
 * nothing is added (fetch sets its own Host and Sec-Fetch-Mode). The answer is read to its end, except an event
 * stream answered to a GET (`/api/events`, `/mcp`): a subscription, which has none; its body is dropped and `text`
 * is empty. (An MCP answer to a POST may be an event stream too; it ends, and is read.)
 */
// biome-ignore lint/suspicious/noExplicitAny: see HostAnswer
export async function call<T = any>(
  hostUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HostAnswer<T>> {
  const response = await request(`${hostUrl}${path}`, {
    method: method as Dispatcher.HttpMethod,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const answered = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of [value ?? []].flat()) answered.append(name, one);
  }
  const streaming = method === 'GET' && answered.get('content-type')?.startsWith('text/event-stream');
  if (streaming) response.body.destroy();
  const text = streaming ? '' : await response.body.text();
  let json: T = undefined as T;
  try {
    json = text ? JSON.parse(text) : json;
  } catch {}
  return { status: response.statusCode, headers: answered, text, json };
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
