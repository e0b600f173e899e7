/** @module The org's System Log: every change appends its event here, in persistence order (docs/okta.md §3.2). */
import { randomUUID } from 'node:crypto';
import type { Actor, Change, LogEvent, StoredEvent } from './types.ts';

const ADMIN: Actor = {
  id: '00u0000000SandboxAdm',
  type: 'User',
  alternateId: 'admin@sandbox.example.com',
  displayName: 'Sandbox Admin',
};

export class SystemLog {
  private events: StoredEvent[] = [];
  private seq = 0;
  /** Listeners for new events (event hooks). */
  private listeners = new Set<(event: LogEvent) => void>();

  constructor(private readonly now: () => number) {}

  /** Events in persistence order. */
  list(): readonly StoredEvent[] {
    return this.events;
  }

  onEvent(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends an event. `at` back-dates seeded history; live changes are published and persisted now. */
  append(change: Change): LogEvent {
    const at = change.at ?? this.now();
    const transactionId = randomUUID().replaceAll('-', '').slice(0, 20);
    const event: LogEvent = {
      uuid: randomUUID(),
      published: new Date(at).toISOString(),
      eventType: change.eventType,
      version: '0',
      severity: change.severity ?? 'INFO',
      displayMessage: change.displayMessage,
      legacyEventType: null,
      actor: change.actor ?? ADMIN,
      client: {
        userAgent: { rawUserAgent: 'okta-sandbox', os: 'Unknown', browser: 'UNKNOWN' },
        zone: 'null',
        device: 'Unknown',
        ipAddress: '127.0.0.1',
      },
      outcome: { result: change.outcome ?? 'SUCCESS', reason: change.reason ?? null },
      target: change.targets.map((target) => ({ ...target, detailEntry: null })),
      transaction: { type: 'WEB', id: transactionId, detail: {} },
      debugContext: { debugData: { requestId: transactionId } },
      authenticationContext: { authenticationStep: 0, externalSessionId: 'trs-sandbox' },
      securityContext: {},
      request: { ipChain: [{ ip: '127.0.0.1', version: 'V4' }] },
    };
    this.seq += 1;
    this.events.push({ seq: this.seq, persistedAt: at, publishedAt: at, event });
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Keeps seeded history in persistence order after back-dated writes. */
  sort(): void {
    this.events.sort((a, b) => a.persistedAt - b.persistedAt || a.seq - b.seq);
    this.events.forEach((stored, index) => {
      stored.seq = index + 1;
    });
    this.seq = this.events.length;
  }
}
