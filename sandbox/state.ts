/**
 * @module The in-memory org: users, groups, memberships, apps, assignments and the System Log.
 *
 * Every change goes through a method here, and every method writes its System Log event, as Okta does. Rules and
 * codes follow API-FACTS §6 and §7; handlers only translate HTTP to these calls.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, validationFailed } from './responses.ts';

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
}

export interface AppUser {
  id: string;
  scope: 'USER' | 'GROUP';
  status: string;
  created: string;
  lastUpdated: string;
  credentials?: { userName?: string };
  profile: Record<string, unknown>;
}

export interface Actor {
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
  target: { id: string; type: string; alternateId: string; displayName: string; detailEntry: null }[];
  transaction: { type: string; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  authenticationContext: Record<string, unknown>;
  securityContext: Record<string, unknown>;
  request: { ipChain: unknown[] };
}

/** A logged event with where it sits in the log: polling follows persistence order (API-FACTS §3.2). */
export interface StoredEvent {
  seq: number;
  persistedAt: number;
  publishedAt: number;
  event: LogEvent;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta-shaped ids (`00u` + 17 characters) that sort in creation order, so id cursors survive deletions. */
export class IdFactory {
  private counter = 0;
  constructor(private readonly random: () => number) {}
  next(prefix: string): string {
    this.counter += 1;
    let n = this.counter;
    let head = '';
    for (let i = 0; i < 7; i += 1) {
      head = ALPHABET[n % 62] + head;
      n = Math.floor(n / 62);
    }
    let tail = '';
    for (let i = 0; i < 10; i += 1) tail += ALPHABET[Math.floor(this.random() * 62)];
    return `${prefix}${head}${tail}`;
  }
}

const ADMIN: Actor = {
  id: '00u0000000SandboxAdm',
  type: 'User',
  alternateId: 'admin@sandbox.example.com',
  displayName: 'Sandbox Admin',
};

export interface OrgOptions {
  /** Milliseconds the org's clock runs ahead of this machine's (negative: behind). */
  clockOffsetMs?: number;
  random?: () => number;
}

/** A change's System Log record. */
interface Change {
  eventType: string;
  displayMessage: string;
  targets: { id: string; type: string; alternateId: string; displayName: string }[];
  at?: number;
  actor?: Actor;
  outcome?: string;
  reason?: string;
  severity?: LogEvent['severity'];
}

export class Org {
  readonly ids: IdFactory;
  readonly clockOffsetMs: number;
  /** Users in id order, which is creation order. */
  private users: User[] = [];
  private usersById = new Map<string, User>();
  private usersByLogin = new Map<string, User>();
  private groupList: Group[] = [];
  private groupsById = new Map<string, Group>();
  private members = new Map<string, Set<string>>();
  private appList: App[] = [];
  private appsById = new Map<string, App>();
  private appUsers = new Map<string, Map<string, AppUser>>();
  private events: StoredEvent[] = [];
  private seq = 0;
  /** Listeners for new events (event hooks, later). */
  private listeners = new Set<(event: LogEvent) => void>();

  constructor(options: OrgOptions = {}) {
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
    this.ids = new IdFactory(options.random ?? Math.random);
  }

  /** The org's clock. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private iso(at = this.now()): string {
    return new Date(at).toISOString();
  }

  // ---- users ------------------------------------------------------------------------------------------------------

  listUsers(): readonly User[] {
    return this.users;
  }

  /** By id or login (case-insensitive), as `/api/v1/users/{idOrLogin}` resolves it (API-FACTS §7.2). */
  findUser(idOrLogin: string): User | undefined {
    return this.usersById.get(idOrLogin) ?? this.usersByLogin.get(idOrLogin.toLowerCase());
  }

  /** By id only, as membership and assignment endpoints take it (spec parameter `pathUserId`). */
  userById(id: string): User {
    const user = this.usersById.get(id);
    if (!user) throw new ApiError('E0000007', `Resource not found: ${id} (User)`);
    return user;
  }

  user(idOrLogin: string): User {
    const user = this.findUser(idOrLogin);
    if (!user) throw new ApiError('E0000007', `Resource not found: ${idOrLogin} (User)`);
    return user;
  }

  createUser(
    input: { profile: UserProfile; password?: string; recoveryQuestion?: string; groupIds?: string[] },
    options: { activate: boolean; at?: number; status?: UserStatus; log?: boolean },
  ): User {
    const profile = input.profile;
    this.checkProfile(profile, undefined);
    const groups = (input.groupIds ?? []).map((id) => this.group(id));
    const at = options.at ?? this.now();
    const status: UserStatus =
      options.status ?? (options.activate ? (input.password ? 'ACTIVE' : 'PROVISIONED') : 'STAGED');
    const user: User = {
      id: this.ids.next('00u'),
      status,
      created: this.iso(at),
      activated: status === 'STAGED' ? null : this.iso(at),
      statusChanged: status === 'STAGED' ? null : this.iso(at),
      lastLogin: null,
      lastUpdated: this.iso(at),
      passwordChanged: input.password ? this.iso(at) : null,
      type: { id: 'oty00000000000000000' },
      profile: { ...profile },
      ...(input.password ? { password: input.password } : {}),
      ...(input.recoveryQuestion ? { recoveryQuestion: input.recoveryQuestion } : {}),
    };
    this.users.push(user);
    this.usersById.set(user.id, user);
    this.usersByLogin.set(profile.login.toLowerCase(), user);
    const everyone = this.groupList.find((g) => g.type === 'BUILT_IN');
    if (everyone) this.members.get(everyone.id)?.add(user.id);
    const log = options.log ?? true;
    if (log) this.logUser('user.lifecycle.create', 'Create okta user', user, at);
    if (log && status !== 'STAGED') this.logUser('user.lifecycle.activate', 'Activate Okta user', user, at);
    for (const group of groups) this.addMember(group.id, user.id, { at, log });
    return user;
  }

  /** Okta's default profile requires these four, and a login no other user holds (API-FACTS §7.2). */
  private checkProfile(profile: Record<string, unknown>, owner: User | undefined): void {
    const causes: string[] = [];
    for (const field of ['login', 'email', 'firstName', 'lastName']) {
      const value = profile[field];
      if (typeof value !== 'string' || value.trim() === '') causes.push(`${field}: The field cannot be left blank`);
    }
    const login = profile.login;
    const holder = typeof login === 'string' ? this.usersByLogin.get(login.toLowerCase()) : undefined;
    if (holder && holder !== owner) {
      causes.push('login: An object with this field already exists in the current organization');
    }
    if (causes.length) throw validationFailed(...causes);
  }

  /** A partial update (POST) merges the profile; a full replace (PUT) sets it. `null` clears an attribute. */
  updateUser(idOrLogin: string, changes: { profile?: Record<string, unknown>; password?: string }, replace: boolean) {
    const user = this.user(idOrLogin);
    const profile = replace ? { ...(changes.profile ?? {}) } : { ...user.profile, ...(changes.profile ?? {}) };
    this.checkProfile(profile, user);
    this.usersByLogin.delete(user.profile.login.toLowerCase());
    for (const [key, value] of Object.entries(profile)) if (value === null) delete profile[key];
    user.profile = profile as UserProfile;
    this.usersByLogin.set(user.profile.login.toLowerCase(), user);
    if (changes.password) {
      user.password = changes.password;
      user.passwordChanged = this.iso();
    }
    user.lastUpdated = this.iso();
    this.logUser('user.account.update_profile', 'Update user profile for Okta', user);
    return user;
  }

  private setStatus(user: User, status: UserStatus) {
    user.status = status;
    user.statusChanged = this.iso();
    user.lastUpdated = user.statusChanged;
  }

  /**
   * STAGED → ACTIVE with a password, else PROVISIONED until the welcome flow; DEPROVISIONED → PROVISIONED
   * (API-FACTS §7.1).
   */
  activate(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') throw new ApiError('E0000016');
    this.setStatus(user, user.status === 'STAGED' && user.password ? 'ACTIVE' : 'PROVISIONED');
    user.activated = this.iso();
    this.logUser('user.lifecycle.activate', 'Activate Okta user', user);
    return user;
  }

  reactivate(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw new ApiError('E0000038');
    this.logUser('user.lifecycle.reactivate', 'Reactivate Okta user', user);
    return user;
  }

  deactivate(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status === 'DEPROVISIONED') {
      throw validationFailed('deactivate: the user is already deactivated');
    }
    this.setStatus(user, 'DEPROVISIONED');
    // Deactivation deprovisions the user's apps (API-FACTS §7.1).
    for (const assignments of this.appUsers.values()) assignments.delete(user.id);
    this.logUser('user.lifecycle.deactivate', 'Deactivate Okta user', user);
    return user;
  }

  suspend(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'ACTIVE') {
      throw validationFailed('Cannot suspend a user that is not active');
    }
    this.setStatus(user, 'SUSPENDED');
    this.logUser('user.lifecycle.suspend', 'Suspend Okta user', user);
    return user;
  }

  unsuspend(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'SUSPENDED') {
      throw validationFailed('Cannot unsuspend a user that is not suspended');
    }
    this.setStatus(user, 'ACTIVE');
    this.logUser('user.lifecycle.unsuspend', 'Unsuspend Okta user', user);
    return user;
  }

  unlock(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'LOCKED_OUT') throw new ApiError('E0000032');
    this.setStatus(user, 'ACTIVE');
    this.logUser('user.account.unlock', 'Unlock user account', user);
    return user;
  }

  /** Inferred from the docs (API-FACTS §7.1): allowed from the states a password reset makes sense in. */
  resetPassword(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    const allowed: UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'];
    if (!allowed.includes(user.status)) throw new ApiError('E0000038');
    this.setStatus(user, 'RECOVERY');
    this.logUser('user.account.reset_password', 'Reset password for Okta user', user);
    return user;
  }

  expirePassword(idOrLogin: string): User {
    const user = this.user(idOrLogin);
    if (user.status !== 'ACTIVE' && user.status !== 'PASSWORD_EXPIRED') throw new ApiError('E0000038');
    this.setStatus(user, 'PASSWORD_EXPIRED');
    this.logUser('user.account.expire_password', 'Expire password for Okta user', user);
    return user;
  }

  /** Removes a DEPROVISIONED user for good; the handler deactivates first otherwise (API-FACTS §7.1). */
  deleteUser(idOrLogin: string): void {
    const user = this.user(idOrLogin);
    const index = this.indexOfUser(user.id);
    this.users.splice(index, 1);
    this.usersById.delete(user.id);
    this.usersByLogin.delete(user.profile.login.toLowerCase());
    for (const set of this.members.values()) set.delete(user.id);
    for (const assignments of this.appUsers.values()) assignments.delete(user.id);
    this.logUser('user.lifecycle.delete.initiated', 'Delete Okta user', user);
  }

  /** Position of the first user with an id greater than `id` (ids sort in creation order). */
  indexAfterUser(id: string): number {
    let low = 0;
    let high = this.users.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.users[mid] as User).id <= id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private indexOfUser(id: string): number {
    return this.indexAfterUser(id) - 1;
  }

  groupsOfUser(idOrLogin: string): Group[] {
    const user = this.user(idOrLogin);
    return this.groupList.filter((group) => this.members.get(group.id)?.has(user.id));
  }

  // ---- groups -----------------------------------------------------------------------------------------------------

  listGroups(): readonly Group[] {
    return this.groupList;
  }

  group(id: string): Group {
    const group = this.groupsById.get(id);
    if (!group) throw new ApiError('E0000007', `Resource not found: ${id} (UserGroup)`);
    return group;
  }

  createGroup(
    profile: Group['profile'],
    options: { type?: Group['type']; appId?: string; at?: number; log?: boolean } = {},
  ): Group {
    if (typeof profile.name !== 'string' || profile.name.trim() === '') {
      throw validationFailed('name: The field cannot be left blank');
    }
    const type = options.type ?? 'OKTA_GROUP';
    if (
      type === 'OKTA_GROUP' &&
      this.groupList.some((g) => g.type === 'OKTA_GROUP' && g.profile.name === profile.name)
    ) {
      throw validationFailed('name: An object with this field already exists in the current organization');
    }
    const at = this.iso(options.at);
    const group: Group = {
      id: this.ids.next('00g'),
      type,
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile: { ...profile },
      ...(options.appId ? { appId: options.appId } : {}),
    };
    this.groupList.push(group);
    this.groupsById.set(group.id, group);
    this.members.set(group.id, new Set());
    if (options.log ?? true) {
      this.log({
        eventType: 'group.lifecycle.create',
        displayMessage: 'Create okta group',
        targets: [groupTarget(group)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    return group;
  }

  updateGroup(id: string, profile: Group['profile']): Group {
    const group = this.writableGroup(id);
    if (typeof profile?.name !== 'string' || profile.name.trim() === '') {
      throw validationFailed('name: The field cannot be left blank');
    }
    group.profile = { ...profile };
    group.lastUpdated = this.iso();
    this.log({
      eventType: 'group.profile.update',
      displayMessage: 'Update group profile',
      targets: [groupTarget(group)],
    });
    return group;
  }

  deleteGroup(id: string): void {
    const group = this.writableGroup(id);
    this.groupList.splice(this.groupList.indexOf(group), 1);
    this.groupsById.delete(id);
    this.members.delete(id);
    this.log({
      eventType: 'group.lifecycle.delete',
      displayMessage: 'Delete okta group',
      targets: [groupTarget(group)],
    });
  }

  /** Only OKTA_GROUP profiles and memberships can be changed through the API (API-FACTS §2.4). */
  private writableGroup(id: string): Group {
    const group = this.group(id);
    if (group.type !== 'OKTA_GROUP') throw new ApiError('E0000006');
    return group;
  }

  memberIds(groupId: string): ReadonlySet<string> {
    this.group(groupId);
    return this.members.get(groupId) ?? new Set();
  }

  addMember(groupId: string, userId: string, options: { at?: number; log?: boolean } = {}): void {
    const group = this.writableGroup(groupId);
    const user = this.userById(userId);
    const set = this.members.get(group.id) as Set<string>;
    if (set.has(user.id)) return;
    set.add(user.id);
    group.lastMembershipUpdated = this.iso(options.at);
    if (options.log ?? true) {
      this.log({
        eventType: 'group.user_membership.add',
        displayMessage: 'Add user to group membership',
        targets: [userTarget(user), groupTarget(group)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
  }

  removeMember(groupId: string, userId: string): void {
    const group = this.writableGroup(groupId);
    const user = this.userById(userId);
    const set = this.members.get(group.id) as Set<string>;
    if (!set.delete(user.id)) return;
    group.lastMembershipUpdated = this.iso();
    this.log({
      eventType: 'group.user_membership.remove',
      displayMessage: 'Remove user from group membership',
      targets: [userTarget(user), groupTarget(group)],
    });
  }

  appIdsOfGroup(groupId: string): string[] {
    const group = this.group(groupId);
    return group.appId ? [group.appId] : [];
  }

  // ---- apps -------------------------------------------------------------------------------------------------------

  listApps(): readonly App[] {
    return this.appList;
  }

  app(id: string): App {
    const app = this.appsById.get(id);
    if (!app) throw new ApiError('E0000007', `Resource not found: ${id} (AppInstance)`);
    return app;
  }

  createApp(input: { name: string; label: string; signOnMode: string }, options: { at?: number } = {}): App {
    const at = this.iso(options.at);
    const app: App = {
      id: this.ids.next('0oa'),
      name: input.name,
      label: input.label,
      status: 'ACTIVE',
      signOnMode: input.signOnMode,
      created: at,
      lastUpdated: at,
    };
    this.appList.push(app);
    this.appsById.set(app.id, app);
    this.appUsers.set(app.id, new Map());
    return app;
  }

  appUsersOf(appId: string): Map<string, AppUser> {
    this.app(appId);
    return this.appUsers.get(appId) as Map<string, AppUser>;
  }

  /** 409 E0000062 when assigned already; 403 E0000117 for an inactive user (API-FACTS §7.4). */
  assignUser(
    appId: string,
    userId: string,
    input: { userName?: string; profile?: Record<string, unknown> } = {},
    options: { at?: number; log?: boolean } = {},
  ): AppUser {
    const app = this.app(appId);
    const user = this.userById(userId);
    const assignments = this.appUsers.get(app.id) as Map<string, AppUser>;
    if (assignments.has(user.id)) throw new ApiError('E0000062');
    if (user.status === 'DEPROVISIONED' || user.status === 'SUSPENDED') throw new ApiError('E0000117');
    const at = this.iso(options.at);
    const assignment: AppUser = {
      id: user.id,
      scope: 'USER',
      status: 'PROVISIONED',
      created: at,
      lastUpdated: at,
      credentials: { userName: input.userName ?? user.profile.login },
      profile: { ...(input.profile ?? {}) },
    };
    assignments.set(user.id, assignment);
    if (options.log ?? true) {
      this.log({
        eventType: 'application.user_membership.add',
        displayMessage: 'Add user to application membership',
        targets: [userTarget(user), appTarget(app)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    return assignment;
  }

  unassignUser(appId: string, userId: string): void {
    const app = this.app(appId);
    const user = this.userById(userId);
    const assignments = this.appUsers.get(app.id) as Map<string, AppUser>;
    if (!assignments.delete(user.id)) throw new ApiError('E0000007', `Resource not found: ${userId} (AppUser)`);
    this.log({
      eventType: 'application.user_membership.remove',
      displayMessage: 'Remove user from application membership',
      targets: [userTarget(user), appTarget(app)],
    });
  }

  setAppStatus(appId: string, status: App['status']): App {
    const app = this.app(appId);
    app.status = status;
    app.lastUpdated = this.iso();
    this.log({
      eventType: status === 'ACTIVE' ? 'application.lifecycle.activate' : 'application.lifecycle.deactivate',
      displayMessage: status === 'ACTIVE' ? 'Activate application' : 'Deactivate application',
      targets: [appTarget(app)],
    });
    return app;
  }

  // ---- System Log -------------------------------------------------------------------------------------------------

  /** Events in persistence order. */
  logEvents(): readonly StoredEvent[] {
    return this.events;
  }

  onEvent(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private logUser(eventType: string, displayMessage: string, user: User, at?: number) {
    this.log({ eventType, displayMessage, targets: [userTarget(user)], ...(at ? { at } : {}) });
  }

  /** Appends an event. `at` back-dates seeded history; live changes are published and persisted now. */
  log(change: Change): LogEvent {
    const at = change.at ?? this.now();
    const transactionId = randomUUID().replaceAll('-', '').slice(0, 20);
    const event: LogEvent = {
      uuid: randomUUID(),
      published: this.iso(at),
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
  sortLog(): void {
    this.events.sort((a, b) => a.persistedAt - b.persistedAt || a.seq - b.seq);
    this.events.forEach((stored, index) => {
      stored.seq = index + 1;
    });
    this.seq = this.events.length;
  }
}

export function userTarget(user: User) {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: name || user.profile.login };
}

export function groupTarget(group: Group) {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name };
}

export function appTarget(app: App) {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label };
}
