/** A small HTTP endpoint on loopback that records what it receives and answers as a test tells it to. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  /** Answer this late (to provoke a timeout). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  answer: (request: Received) => Answer;
  close(): Promise<void>;
}

/** By default it answers a verification challenge and acknowledges deliveries with 200. */
export function okta200(request: Received): Answer {
  const challenge = request.headers['x-okta-verification-challenge'];
  if (request.method === 'GET') return { status: 200, body: { verification: challenge } };
  return { status: 200 };
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: okta200,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      receiver.received.push(received);
      const answer = receiver.answer(received);
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
