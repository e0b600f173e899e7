/**
 * @module Records delivered to webhook subscriptions, live from `GET /api/events` (server-sent events): one stream
 * for the page, opened on first use, shared by every listener. Read with `fetch` rather than `EventSource`, which
 * cannot send the host's API token (api.ts); reopened after a pause when it ends (the host closes a stream that
 * fell behind, host/event-streams.ts).
 */
import { askForToken, authHeaders } from './api.ts';

export interface DeliveredEvent {
  subscriptionId: string;
  trigger: string;
  record: Record<string, unknown>;
}

type Listener = (event: DeliveredEvent) => void;

const listeners = new Set<Listener>();
let opened: Promise<void> | undefined;

export function onDelivery(listener: Listener): () => void {
  listeners.add(listener);
  opened ??= open();
  return () => {
    listeners.delete(listener);
  };
}

/** Resolves once the stream is open, so that no delivery made after this is missed. */
export function eventsReady(): Promise<void> {
  opened ??= open();
  return opened;
}

/** Resolves when the host has answered with the stream's headers; reads it in the background until it ends. */
async function open(): Promise<void> {
  let response = await connect();
  if (response.status === 401 && askForToken()) response = await connect();
  if (!response.ok || !response.body) {
    opened = undefined;
    return;
  }
  void read(response.body).finally(() => {
    opened = undefined;
    // Listeners still there: open again, after a pause so that a host that is gone is not called in a loop.
    if (listeners.size > 0) setTimeout(() => (opened ??= open()), 1_000);
  });
}

function connect(): Promise<Response> {
  return fetch('/api/events', { headers: { accept: 'text/event-stream', ...authHeaders() } });
}

/** Server-sent events: blocks separated by a blank line, each with `event:` and `data:` lines. */
async function read(body: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  let text = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
      let end = text.indexOf('\n\n');
      while (end >= 0) {
        dispatch(text.slice(0, end));
        text = text.slice(end + 2);
        end = text.indexOf('\n\n');
      }
    }
  } catch {
    // The connection dropped: `open` starts again.
  }
}

function dispatch(block: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (event !== 'record' || data.length === 0) return;
  const delivered = JSON.parse(data.join('\n')) as DeliveredEvent;
  for (const listener of listeners) listener(delivered);
}
