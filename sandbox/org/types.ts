/** @module The org's records, as Okta returns them (docs/okta.md §7), and the System Log event every change writes. */
import type { EventTypeName } from './event-types.ts';

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export interface UserProfile {
  login: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  [attribute: string]: unknown;
}

export interface User {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
  /** Never returned: Okta shows only that a password exists. */
  password?: string;
  recoveryQuestion?: string;
  /** Never returned; checked by the forgot-password flow (docs/okta.md §7.1). */
  recoveryAnswer?: string;
}

export interface Group {
  id: string;
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description?: string | null; [attribute: string]: unknown };
  /** For APP_GROUP: the app it comes from. */
  appId?: string;
}

export interface App {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: string;
  lastUpdated: string;
  accessibility: Record<string, unknown>;
  visibility: Record<string, unknown>;
  features: unknown[];
  credentials: Record<string, unknown>;
  settings: Record<string, unknown>;
  profile?: Record<string, unknown>;
}

/** A user's assignment to an app: directly (`USER`) or through an assigned group (`GROUP`), docs/okta.md §7.4. */
export interface AppUser {
  id: string;
  scope: 'USER' | 'GROUP';
  status: string;
  created: string;
  lastUpdated: string;
  statusChanged: string;
  passwordChanged: string | null;
  credentials: { userName?: string; password?: Record<string, never> };
  profile: Record<string, unknown>;
}

/** A group's assignment to an app; its members become app users with scope GROUP. */
export interface AppGroup {
  id: string;
  priority: number;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

export interface Actor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface LogTarget {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: string;
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  displayMessage: string;
  legacyEventType: string | null;
  actor: Actor;
  client: Record<string, unknown>;
  outcome: { result: string; reason: string | null };
  target: (LogTarget & { detailEntry: null })[];
  transaction: { type: string; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  authenticationContext: Record<string, unknown>;
  securityContext: Record<string, unknown>;
  request: { ipChain: unknown[] };
}

/** A logged event with where it sits in the log: polling follows persistence order (docs/okta.md §3.2). */
export interface StoredEvent {
  seq: number;
  persistedAt: number;
  publishedAt: number;
  event: LogEvent;
}

/** A change's System Log record. */
export interface Change {
  eventType: EventTypeName;
  displayMessage: string;
  targets: LogTarget[];
  /** Back-dates seeded history; live changes are published now. */
  at?: number;
  actor?: Actor;
  outcome?: string;
  reason?: string;
  severity?: LogEvent['severity'];
}

/** An event hook as a System Log target (ours, and its deliveries'). */
export function hookTarget(hook: { id: string; name: string }): LogTarget {
  return { id: hook.id, type: 'EventHook', alternateId: hook.name, displayName: hook.name };
}

export function userTarget(user: User): LogTarget {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: name || user.profile.login };
}

export function groupTarget(group: Group): LogTarget {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name };
}

export function appTarget(app: App): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label };
}

/**
 * A domain that keeps users' ids (memberships, assignments, factors…) and lets go of them when the user is
 * deactivated or deleted; the facade calls every domain listed in `Org.userHolders`.
 */
export interface UserHolder {
  userDeactivated?(userId: string): void;
  userDeleted?(userId: string): void;
}
