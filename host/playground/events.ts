/**
 * @module Records delivered to webhook subscriptions, live from `GET /api/events` (server-sent events): one stream
 * for the page, opened on first use, shared by every listener.
 */

export interface DeliveredEvent {
  subscriptionId: string;
  trigger: string;
  record: Record<string, unknown>;
}

type Listener = (event: DeliveredEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;

export function onDelivery(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/events');
    source.addEventListener('record', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as DeliveredEvent;
      for (const l of listeners) l(event);
    });
  }
  return () => {
    listeners.delete(listener);
  };
}

/** Resolves once the stream is open, so that no delivery made after this is missed. */
export function eventsReady(): Promise<void> {
  if (source?.readyState === EventSource.OPEN) return Promise.resolve();
  const stop = onDelivery(() => undefined);
  return new Promise((resolve) => {
    const check = () => {
      if (source?.readyState === EventSource.OPEN) {
        stop();
        resolve();
      } else setTimeout(check, 50);
    };
    check();
  });
}
