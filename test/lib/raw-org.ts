/**
 * A bare loopback HTTP server that plays an org (or a proxy in front of one) where the sandbox, built to Okta, never
 * would: a `next` link equal to `self`, an error body that echoes the request's headers. It records each request as
 * it arrived on the wire, raw header names and values included, so a test can see what the client itself sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  url: string;
  /** Header names lower-cased, values as received. */
  headers: Record<string, string | string[] | undefined>;
  /** Name, value, name, value… exactly as on the wire. */
  rawHeaders: string[];
}

export interface RawOrg {
  origin: string;
  requests: RawRequest[];
  /** What answers the next requests; the default answers `200 []`. */
  handle(handler: (request: IncomingMessage, response: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startRawOrg(): Promise<RawOrg> {
  const requests: RawRequest[] = [];
  let handler = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('[]');
  };
  const server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      rawHeaders: request.rawHeaders,
    });
    // Read the body to its end before answering, so the connection stays usable.
    request.resume();
    request.on('end', () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
