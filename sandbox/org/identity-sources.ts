/**
 * @module Identity-source import sessions (Anything-as-a-Source, `/api/v1/identity-sources/{id}/sessions`; docs/okta.md
 * §7.5; Okta's guide `docs/guides/anything-as-a-source`).
 *
 * An identity source is an app instance of the Custom Identity Source integration (`name: custom_identity_source`),
 * so its id is an app id. Rules, each 400 E0000001 when broken unless said otherwise:
 * - one active session (CREATED or TRIGGERED) per source at a time;
 * - uploads only while CREATED; `entityType: USERS`; 1 to 200 profiles, each with an `externalId` of at most 512
 *   characters; at most 50 bulk requests per session;
 * - start-import only while CREATED and with data uploaded; the session is TRIGGERED, Okta imports, and the next
 *   read shows it COMPLETED (imports are asynchronous at Okta; the sandbox completes them at once);
 * - delete (cancel) only while CREATED: the session becomes CLOSED and keeps being listed;
 * - a CREATED session idle for 24 hours is EXPIRED.
 * Imported users are keyed by external id per source: a new one is created ACTIVE, a known one is updated.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import { Records } from './records.ts';
import { type App, appTarget, type UserProfile } from './types.ts';

export const IDENTITY_SOURCE_APP_NAME = 'custom_identity_source';
export const MAX_PROFILES_PER_REQUEST = 200;
export const MAX_BULK_REQUESTS_PER_SESSION = 50;
const MAX_EXTERNAL_ID = 512;
const IDLE_EXPIRY_MS = 24 * 3_600_000;

export type SessionStatus = 'CREATED' | 'IN_PROGRESS' | 'TRIGGERED' | 'COMPLETED' | 'ERROR' | 'EXPIRED' | 'CLOSED';

export interface ImportSession {
  id: string;
  identitySourceId: string;
  status: SessionStatus;
  importType: 'INCREMENTAL';
  created: string;
  lastUpdated: string;
}

interface Upload {
  externalId: string;
  profile: Record<string, unknown>;
}

export class IdentitySources {
  private readonly sessions = new Records<ImportSession>('IdentitySourceSession');
  private readonly uploads = new Map<string, { requests: number; profiles: Upload[] }>();
  /** Okta user ids by source and external id. */
  private readonly imported = new Map<string, Map<string, string>>();

  constructor(private readonly org: Org) {}

  /** The identity-source app, or 404 E0000007. */
  source(identitySourceId: string): App {
    const app = this.org.apps.list().find((a) => a.id === identitySourceId && a.name === IDENTITY_SOURCE_APP_NAME);
    if (!app) throw new ApiError('E0000007', `Resource not found: ${identitySourceId} (IdentitySource)`);
    return app;
  }

  list(identitySourceId: string): ImportSession[] {
    this.source(identitySourceId);
    return this.sessions
      .list()
      .filter((s) => s.identitySourceId === identitySourceId)
      .map((s) => this.refresh(s));
  }

  get(identitySourceId: string, sessionId: string): ImportSession {
    this.source(identitySourceId);
    const session = this.sessions.get(sessionId);
    if (session.identitySourceId !== identitySourceId) {
      throw new ApiError('E0000007', `Resource not found: ${sessionId} (IdentitySourceSession)`);
    }
    return this.refresh(session);
  }

  create(identitySourceId: string): ImportSession {
    const app = this.source(identitySourceId);
    const active = this.list(identitySourceId).find((s) => s.status === 'CREATED' || s.status === 'TRIGGERED');
    if (active) {
      throw validationFailed(
        `identitySourceId: session ${active.id} is still ${active.status}; one active session per identity source`,
      );
    }
    const at = this.org.iso();
    const session = this.sessions.add({
      id: this.org.ids.next('aps'),
      identitySourceId,
      status: 'CREATED',
      importType: 'INCREMENTAL',
      created: at,
      lastUpdated: at,
    });
    this.uploads.set(session.id, { requests: 0, profiles: [] });
    this.org.log({
      eventType: EventType.importSessionCreated,
      displayMessage: 'Identity source session created',
      targets: [appTarget(app)],
    });
    return session;
  }

  bulkUpsert(identitySourceId: string, sessionId: string, body: Record<string, unknown>): void {
    const session = this.inCreated(identitySourceId, sessionId, 'upload data to');
    if (body.entityType !== 'USERS') throw validationFailed('entityType: must be USERS');
    const profiles = body.profiles;
    if (!Array.isArray(profiles) || profiles.length === 0) {
      throw validationFailed('profiles: The field cannot be left blank');
    }
    if (profiles.length > MAX_PROFILES_PER_REQUEST) {
      throw validationFailed(`profiles: at most ${MAX_PROFILES_PER_REQUEST} profiles per request`);
    }
    const causes: string[] = [];
    profiles.forEach((entry: unknown, i) => {
      const { externalId, profile } = (entry ?? {}) as { externalId?: unknown; profile?: unknown };
      if (typeof externalId !== 'string' || externalId === '') causes.push(`profiles[${i}].externalId: required`);
      else if (externalId.length > MAX_EXTERNAL_ID) causes.push(`profiles[${i}].externalId: at most 512 characters`);
      if (!profile || typeof profile !== 'object' || Array.isArray(profile))
        causes.push(`profiles[${i}].profile: required`);
    });
    if (causes.length) throw validationFailed(...causes);
    const upload = this.uploads.get(session.id) as { requests: number; profiles: Upload[] };
    if (upload.requests >= MAX_BULK_REQUESTS_PER_SESSION) {
      throw validationFailed(`sessionId: at most ${MAX_BULK_REQUESTS_PER_SESSION} bulk requests per session`);
    }
    upload.requests += 1;
    upload.profiles.push(
      ...(profiles as Upload[]).map((p) => ({ externalId: p.externalId, profile: { ...p.profile } })),
    );
    session.lastUpdated = this.org.iso();
    this.org.log({
      eventType: EventType.importBulkUpsert,
      displayMessage: 'Identity source bulk upsert',
      targets: [appTarget(this.source(identitySourceId))],
    });
  }

  startImport(identitySourceId: string, sessionId: string): ImportSession {
    const session = this.inCreated(identitySourceId, sessionId, 'start the import of');
    const upload = this.uploads.get(session.id) as { requests: number; profiles: Upload[] };
    if (upload.profiles.length === 0) throw validationFailed('sessionId: no data was uploaded to this session');
    session.status = 'TRIGGERED';
    session.lastUpdated = this.org.iso();
    const app = this.source(identitySourceId);
    this.org.log({
      eventType: EventType.importSessionTriggered,
      displayMessage: 'Identity source session triggered',
      targets: [appTarget(app)],
    });
    this.runImport(app, upload.profiles);
    return { ...session };
  }

  delete(identitySourceId: string, sessionId: string): void {
    const session = this.inCreated(identitySourceId, sessionId, 'delete');
    session.status = 'CLOSED';
    session.lastUpdated = this.org.iso();
    this.uploads.set(session.id, { requests: 0, profiles: [] });
    this.org.log({
      eventType: EventType.importSessionCancelled,
      displayMessage: 'Identity source session cancelled',
      targets: [appTarget(this.source(identitySourceId))],
    });
  }

  private inCreated(identitySourceId: string, sessionId: string, what: string): ImportSession {
    const session = this.get(identitySourceId, sessionId);
    if (session.status !== 'CREATED') {
      throw validationFailed(`sessionId: cannot ${what} a session in status ${session.status}; only CREATED`);
    }
    return session;
  }

  /** Lazily moves a triggered session to COMPLETED and an idle CREATED one to EXPIRED. */
  private refresh(session: ImportSession): ImportSession {
    if (session.status === 'TRIGGERED') {
      session.status = 'COMPLETED';
      session.lastUpdated = this.org.iso();
    } else if (session.status === 'CREATED' && Date.parse(session.lastUpdated) + IDLE_EXPIRY_MS < this.org.now()) {
      session.status = 'EXPIRED';
      session.lastUpdated = this.org.iso(Date.parse(session.lastUpdated) + IDLE_EXPIRY_MS);
    }
    return session;
  }

  /** Maps a source profile to Okta's: `userName` is the login (spec IdentitySourceUserProfileForUpsert). */
  private runImport(app: App, uploads: Upload[]): void {
    const known = this.imported.get(app.id) ?? new Map<string, string>();
    this.imported.set(app.id, known);
    for (const { externalId, profile } of uploads) {
      const { userName, ...rest } = profile as { userName?: string } & Record<string, unknown>;
      const existing = known.get(externalId);
      const user = existing ? this.org.users.find(existing) : undefined;
      try {
        if (user) {
          this.org.users.update(user.id, { profile: { ...rest, ...(userName ? { login: userName } : {}) } }, false);
          this.org.log({ eventType: EventType.importUserUpdate, displayMessage: 'Import user update', targets: [] });
        } else {
          const login = String(userName ?? rest.email ?? `${externalId}@import.example.com`);
          const created = this.org.users.create(
            { profile: { email: login, ...rest, login } as UserProfile },
            { activate: true, status: 'ACTIVE' },
          );
          known.set(externalId, created.id);
          this.org.log({ eventType: EventType.importUserCreate, displayMessage: 'Import user create', targets: [] });
        }
      } catch (error) {
        // A profile Okta refuses (duplicate login, missing names) is skipped, as an import reports it and goes on.
        if (!(error instanceof ApiError)) throw error;
      }
    }
    this.org.log({
      eventType: EventType.importComplete,
      displayMessage: 'Import completed',
      targets: [appTarget(app)],
    });
  }
}
