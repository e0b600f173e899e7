/**
 * Waiting on the event itself, never on the clock: a promise settled when what the test waits for happens (a record
 * arrives, a poll ends, Redis comes back). The timeout is only a guard, generous on a busy machine, so that a test
 * whose event never comes fails saying what it waited for instead of hanging.
 */
import { once } from 'node:events';

export const GUARD_MS = 20_000;

/** `promise`, or a rejection naming `what` once `timeoutMs` have passed without it. */
export async function guarded<T>(promise: Promise<T>, what: string, timeoutMs = GUARD_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${what}; it never came`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** The next `event` of `emitter`: its arguments. */
export function nextEvent(
  emitter: NodeJS.EventEmitter,
  event: string,
  what = `the '${event}' event`,
  timeoutMs = GUARD_MS,
): Promise<unknown[]> {
  const controller = new AbortController();
  return guarded(once(emitter, event, { signal: controller.signal }), what, timeoutMs).finally(() =>
    controller.abort(),
  );
}

/**
 * Conditions on state the test keeps itself (records seen, polls run): each is checked again whenever the code
 * that changes the state calls `changed()`, and its promise resolves on the change that makes it true.
 */
export class Changes {
  private readonly waiting = new Set<{ check: () => boolean; resolve: () => void }>();

  changed(): void {
    for (const waiter of this.waiting) {
      if (!waiter.check()) continue;
      this.waiting.delete(waiter);
      waiter.resolve();
    }
  }

  until(check: () => boolean, what: string, timeoutMs = GUARD_MS): Promise<void> {
    if (check()) return Promise.resolve();
    let waiter: { check: () => boolean; resolve: () => void } | undefined;
    const met = new Promise<void>((resolve) => {
      waiter = { check, resolve };
      this.waiting.add(waiter);
    });
    return guarded(met, what, timeoutMs).finally(() => waiter && this.waiting.delete(waiter));
  }
}

/**
 * An abort signal that tells when the code it is given starts to wait on it (adds an 'abort' listener, as
 * lib/http/retry.ts `sleep` does): e.g. a budget take that has run out and sleeps until the window ends.
 */
export function watchedSignal(): { signal: AbortSignal; abort(): void; waiting: Promise<void> } {
  const controller = new AbortController();
  const { signal } = controller;
  let started: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => {
    started = resolve;
  });
  const listen = signal.addEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    listen(type, listener, options);
    if (type === 'abort') started();
  }) as typeof signal.addEventListener;
  return { signal, abort: () => controller.abort(), waiting };
}
