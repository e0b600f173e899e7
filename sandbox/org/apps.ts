/**
 * @module The org's apps, their lifecycle, and who is assigned to them (docs/okta.md §7.4).
 *
 * An app user is assigned directly (scope USER) or through a group assigned to the app (scope GROUP). Group-scoped app
 * users follow the group's members: they are brought up to date whenever an app's users are read, so a member added to
 * or removed from a group, or a group deleted, shows in every app the group is assigned to, as in Okta.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import {
  appAccessibility,
  appCredentials,
  appName,
  appSettings,
  appVisibility,
  checkApp,
  keepsPasswords,
  userNameFor,
} from './app-templates.ts';
import { EventType } from './event-types.ts';
import {
  type App,
  type AppGroup,
  type AppUser,
  appTarget,
  type Group,
  groupTarget,
  type User,
  type UserHolder,
  userTarget,
} from './types.ts';

type Json = Record<string, unknown>;

/** What an assignment request carries: `credentials` (SWA apps keep a password), `profile`, `scope`. */
export interface AssignInput {
  userName?: string;
  password?: string;
  profile?: Json;
}

/** The subdomain custom app names start with (`sandbox_examplecustomsaml20app_1`). */
const ORG_NAME = 'sandbox';

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export class Apps implements UserHolder {
  /** In id order, which is creation order. */
  private apps: App[] = [];
  private byId = new Map<string, App>();
  private users = new Map<string, Map<string, AppUser>>();
  private groups = new Map<string, Map<string, AppGroup>>();
  /** Kept apart: Okta never returns an app user's password. */
  private passwords = new Map<string, string>();
  /** Apps that ever had a group assigned: only they can hold GROUP-scoped app users to bring up to date. */
  private everGrouped = new Set<string>();

  constructor(private readonly org: Org) {}

  list(): readonly App[] {
    return this.apps;
  }

  get(id: string): App {
    const app = this.byId.get(id);
    if (!app) throw new ApiError('E0000007', `Resource not found: ${id} (AppInstance)`);
    return app;
  }

  /** `POST /api/v1/apps?activate=`: ACTIVE unless `activate` is false (spec: `createApplication`). */
  create(body: Json, options: { activate?: boolean; at?: number; log?: boolean } = {}): App {
    checkApp(body);
    const at = this.org.iso(options.at);
    const id = this.org.ids.next('0oa');
    const signOnMode = body.signOnMode as string;
    const name = appName(body, (n) => this.apps.some((a) => a.name === n), ORG_NAME);
    const app: App = {
      id,
      name,
      label: (body.label as string).trim(),
      status: options.activate === false ? 'INACTIVE' : 'ACTIVE',
      signOnMode,
      created: at,
      lastUpdated: at,
      accessibility: appAccessibility(object(body.accessibility)),
      visibility: appVisibility(name, object(body.visibility)),
      features: Array.isArray(body.features) ? body.features : [],
      credentials: appCredentials({ id, signOnMode }, object(body.credentials)),
      settings: appSettings(signOnMode, object(body.settings)),
      ...(body.profile && typeof body.profile === 'object' ? { profile: body.profile as Json } : {}),
    };
    this.apps.push(app);
    this.byId.set(app.id, app);
    this.users.set(app.id, new Map());
    this.groups.set(app.id, new Map());
    if (options.log ?? true) {
      const when = options.at ? { at: options.at } : {};
      this.org.log({
        eventType: EventType.appCreate,
        displayMessage: 'Add application',
        targets: [appTarget(app)],
        ...when,
      });
      if (app.status === 'ACTIVE') {
        this.org.log({
          eventType: EventType.appActivate,
          displayMessage: 'Activate application',
          targets: [appTarget(app)],
          ...when,
        });
      }
    }
    return app;
  }

  /**
   * `PUT /api/v1/apps/{appId}`: replaces what may change. `id`, `name`, `status`, `created` and `lastUpdated` in the
   * body are ignored (spec: `replaceApplication`); the OIDC client and signing key are kept.
   */
  replace(id: string, body: Json): App {
    const app = this.get(id);
    const signOnMode = typeof body.signOnMode === 'string' ? body.signOnMode : app.signOnMode;
    checkApp({ ...body, name: app.name, signOnMode });
    app.label = (body.label as string).trim();
    app.signOnMode = signOnMode;
    app.accessibility = appAccessibility(object(body.accessibility));
    app.visibility = appVisibility(app.name, object(body.visibility));
    app.features = Array.isArray(body.features) ? body.features : app.features;
    app.credentials = appCredentials(app, object(body.credentials), app.credentials);
    app.settings = appSettings(signOnMode, object(body.settings));
    if (body.profile && typeof body.profile === 'object') app.profile = body.profile as Json;
    app.lastUpdated = this.org.iso();
    this.org.log({ eventType: EventType.appUpdate, displayMessage: 'Update application', targets: [appTarget(app)] });
    return app;
  }

  /** Activating an active app, or deactivating an inactive one, changes nothing and succeeds. */
  setStatus(appId: string, status: App['status']): App {
    const app = this.get(appId);
    if (app.status === status) return app;
    app.status = status;
    app.lastUpdated = this.org.iso();
    this.org.log({
      eventType: status === 'ACTIVE' ? EventType.appActivate : EventType.appDeactivate,
      displayMessage: status === 'ACTIVE' ? 'Activate application' : 'Deactivate application',
      targets: [appTarget(app)],
    });
    return app;
  }

  /** Only an INACTIVE app can be deleted: 403 E0000056 otherwise (docs/okta.md §7.4). */
  delete(appId: string): void {
    const app = this.get(appId);
    if (app.status !== 'INACTIVE') {
      throw new ApiError('E0000056', undefined, ['The application must be deactivated before it can be deleted']);
    }
    this.apps.splice(this.apps.indexOf(app), 1);
    this.byId.delete(app.id);
    for (const userId of this.users.get(app.id)?.keys() ?? []) this.passwords.delete(`${app.id}/${userId}`);
    this.users.delete(app.id);
    this.groups.delete(app.id);
    this.org.log({ eventType: EventType.appDelete, displayMessage: 'Delete application', targets: [appTarget(app)] });
  }

  // ── App users ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Every app user, direct and through groups, in user id order. */
  usersOf(appId: string): AppUser[] {
    return [...this.syncedUsers(appId).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** 404 E0000007 when the user is not assigned. */
  appUser(appId: string, userId: string): AppUser {
    const assignment = this.syncedUsers(appId).get(userId);
    if (!assignment) throw new ApiError('E0000007', `Resource not found: ${userId} (AppUser)`);
    return assignment;
  }

  /** Whether a password was set for the app user (Okta shows only that one exists). */
  hasPassword(appId: string, userId: string): boolean {
    return this.passwords.has(`${appId}/${userId}`);
  }

  /**
   * Assigns a user directly (scope USER): 409 E0000062 when they are already; a user assigned only through a group
   * becomes a direct assignment. 403 E0000117 for a deactivated or suspended user (docs/okta.md §7.4).
   */
  assign(
    appId: string,
    userId: string,
    input: AssignInput = {},
    options: { at?: number; log?: boolean } = {},
  ): AppUser {
    const app = this.get(appId);
    const user = this.org.users.byId(userId);
    const assignments = this.syncedUsers(app.id);
    const existing = assignments.get(user.id);
    if (existing?.scope === 'USER') throw new ApiError('E0000062');
    if (user.status === 'DEPROVISIONED' || user.status === 'SUSPENDED') throw new ApiError('E0000117');
    const at = this.org.iso(options.at);
    const assignment: AppUser = existing ?? this.newAppUser(app, user, 'USER', at);
    assignment.scope = 'USER';
    assignment.lastUpdated = at;
    this.applyChanges(app, assignment, input, at);
    assignments.set(user.id, assignment);
    if (options.log ?? true) {
      this.org.log({
        eventType: EventType.appMembershipAdd,
        displayMessage: 'Add user to application membership',
        targets: [userTarget(user), appTarget(app)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    return assignment;
  }

  /** `POST /api/v1/apps/{appId}/users/{userId}`: new credentials or profile values (merged) for an app user. */
  updateUser(appId: string, userId: string, input: AssignInput): AppUser {
    const app = this.get(appId);
    const assignment = this.appUser(app.id, userId);
    const user = this.org.users.byId(userId);
    if (user.status === 'DEPROVISIONED' || user.status === 'SUSPENDED') throw new ApiError('E0000117');
    const at = this.org.iso();
    this.applyChanges(app, assignment, input, at);
    assignment.lastUpdated = at;
    this.org.log({
      eventType: EventType.appMembershipUpdate,
      displayMessage: 'Update user application property',
      targets: [userTarget(user), appTarget(app)],
    });
    return assignment;
  }

  /**
   * Removes a user's assignment. One a group grants cannot be removed this way: Okta answers 403 E0000046 while any of
   * the user's groups is assigned to the app, whatever the assignment's scope.
   */
  unassign(appId: string, userId: string): void {
    const app = this.get(appId);
    const assignment = this.appUser(app.id, userId);
    if (this.grantingGroups(app.id, userId).length > 0) {
      throw new ApiError('E0000046', undefined, [
        'The application cannot be unassigned from the user while their group memberships grant them access',
      ]);
    }
    this.users.get(app.id)?.delete(assignment.id);
    this.passwords.delete(`${app.id}/${userId}`);
    const user = this.org.users.find(userId);
    this.org.log({
      eventType: EventType.appMembershipRemove,
      displayMessage: 'Remove user from application membership',
      targets: [...(user ? [userTarget(user)] : []), appTarget(app)],
    });
  }

  /** Whether the user is assigned to the app, directly or through a group (the `user.id eq` filter). */
  isAssigned(appId: string, userId: string): boolean {
    if (this.users.get(appId)?.get(userId)?.scope === 'USER') return true;
    const user = this.org.users.find(userId);
    return user !== undefined && user.status !== 'DEPROVISIONED' && this.grantingGroups(appId, userId).length > 0;
  }

  /** The apps a user is assigned to, for `/api/v1/users/{id}/appLinks` and the like. */
  appsOfUser(userId: string): App[] {
    return this.apps.filter((app) => this.isAssigned(app.id, userId));
  }

  // ── Group assignments ────────────────────────────────────────────────────────────────────────────────────────

  /** The app's group assignments, groups deleted meanwhile left out, in group id order. */
  groupsOf(appId: string): AppGroup[] {
    return [...this.liveGroups(appId).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  appGroup(appId: string, groupId: string): AppGroup {
    const assignment = this.liveGroups(appId).get(groupId);
    if (!assignment) throw new ApiError('E0000007', `Resource not found: ${groupId} (ApplicationGroupAssignment)`);
    return assignment;
  }

  /** The apps a group is assigned to, for `/api/v1/groups/{groupId}/apps`. */
  appsOfGroup(groupId: string): App[] {
    return this.apps.filter((app) => this.groups.get(app.id)?.has(groupId));
  }

  /**
   * `PUT /api/v1/apps/{appId}/groups/{groupId}`: assigns the group (or replaces its assignment's priority and
   * profile); its members become app users with scope GROUP (spec: `assignGroupToApplication`).
   */
  assignGroup(appId: string, groupId: string, body: Json): AppGroup {
    const app = this.get(appId);
    const group = this.org.groups.get(groupId);
    if (body.priority !== undefined && (!Number.isInteger(body.priority) || (body.priority as number) < 0)) {
      throw validationFailed('priority: must be a whole number from 0');
    }
    const assignments = this.liveGroups(app.id);
    const existing = assignments.get(group.id);
    this.everGrouped.add(app.id);
    const assignment: AppGroup = {
      id: group.id,
      priority: (body.priority as number | undefined) ?? existing?.priority ?? assignments.size,
      lastUpdated: this.org.iso(),
      profile: { ...object(body.profile ?? existing?.profile) },
    };
    assignments.set(group.id, assignment);
    this.org.log({
      eventType: existing ? EventType.groupAppAssignmentUpdate : EventType.groupAppAssignmentAdd,
      displayMessage: existing ? 'Update assigned application in group' : 'Add assigned application to group',
      targets: [appTarget(app), groupTarget(group)],
    });
    this.syncedUsers(app.id, true);
    return assignment;
  }

  /** Unassigns the group; its members keep the app only through a direct assignment or another group. */
  unassignGroup(appId: string, groupId: string): void {
    const app = this.get(appId);
    const assignment = this.appGroup(app.id, groupId);
    this.groups.get(app.id)?.delete(assignment.id);
    const group = this.findGroup(groupId);
    this.org.log({
      eventType: EventType.groupAppAssignmentRemove,
      displayMessage: 'Remove assigned application from group',
      targets: [appTarget(app), ...(group ? [groupTarget(group)] : [])],
    });
    this.syncedUsers(app.id, true);
  }

  // ── Users leaving ───────────────────────────────────────────────────────────────────────────────────────────

  /** Deactivation deprovisions the user's apps (docs/okta.md §7.1). */
  userDeactivated(userId: string): void {
    for (const [appId, assignments] of this.users) {
      assignments.delete(userId);
      this.passwords.delete(`${appId}/${userId}`);
    }
  }

  userDeleted(userId: string): void {
    this.userDeactivated(userId);
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

  private newAppUser(app: App, user: User, scope: AppUser['scope'], at: string): AppUser {
    const template = object(app.credentials.userNameTemplate).template;
    return {
      id: user.id,
      scope,
      status: 'ACTIVE',
      created: at,
      lastUpdated: at,
      statusChanged: at,
      passwordChanged: null,
      credentials: { userName: userNameFor(template, user.profile) },
      profile: {},
    };
  }

  private applyChanges(app: App, assignment: AppUser, input: AssignInput, at: string): void {
    if (input.userName !== undefined) assignment.credentials.userName = input.userName;
    if (input.password !== undefined && keepsPasswords(app.signOnMode)) {
      this.passwords.set(`${app.id}/${assignment.id}`, input.password);
      assignment.credentials.password = {};
      assignment.passwordChanged = at;
    }
    if (input.profile) {
      const profile = { ...assignment.profile, ...input.profile };
      for (const [key, value] of Object.entries(profile)) if (value === null) delete profile[key];
      assignment.profile = profile;
    }
  }

  private findGroup(groupId: string): Group | undefined {
    try {
      return this.org.groups.get(groupId);
    } catch {
      return undefined;
    }
  }

  /** The app's group assignments, dropping those whose group was deleted. */
  private liveGroups(appId: string): Map<string, AppGroup> {
    this.get(appId);
    const assignments = this.groups.get(appId) as Map<string, AppGroup>;
    for (const groupId of assignments.keys()) if (!this.findGroup(groupId)) assignments.delete(groupId);
    return assignments;
  }

  private grantingGroups(appId: string, userId: string): AppGroup[] {
    return [...this.liveGroups(appId).values()].filter((g) => this.org.groups.memberIds(g.id).has(userId));
  }

  /**
   * The app's users with the group-scoped ones brought up to date: members of assigned groups (but deactivated
   * users) are added with scope GROUP, those no longer granted by any group are removed. `log` records the additions
   * and removals, for the group assignment calls that cause them.
   */
  private syncedUsers(appId: string, log = false): Map<string, AppUser> {
    const app = this.get(appId);
    const assignments = this.users.get(appId) as Map<string, AppUser>;
    // Nothing to bring up to date without groups; skipping the scan keeps seeding 100,000 users linear.
    if (!this.everGrouped.has(app.id)) return assignments;
    const granted = new Map<string, User>();
    for (const group of this.liveGroups(appId).values()) {
      for (const userId of this.org.groups.memberIds(group.id)) {
        const user = this.org.users.find(userId);
        if (user && user.status !== 'DEPROVISIONED') granted.set(userId, user);
      }
    }
    const at = this.org.iso();
    for (const [userId, assignment] of assignments) {
      if (assignment.scope === 'GROUP' && !granted.has(userId)) {
        assignments.delete(userId);
        this.passwords.delete(`${appId}/${userId}`);
        const user = this.org.users.find(userId);
        if (log && user) this.logMembership(EventType.appMembershipRemove, user, app);
      }
    }
    for (const [userId, user] of granted) {
      if (assignments.has(userId)) continue;
      assignments.set(userId, this.newAppUser(app, user, 'GROUP', at));
      if (log) this.logMembership(EventType.appMembershipAdd, user, app);
    }
    return assignments;
  }

  private logMembership(
    eventType: typeof EventType.appMembershipAdd | typeof EventType.appMembershipRemove,
    user: User,
    app: App,
  ): void {
    this.org.log({
      eventType,
      displayMessage:
        eventType === EventType.appMembershipAdd
          ? 'Add user to application membership'
          : 'Remove user from application membership',
      targets: [userTarget(user), appTarget(app)],
    });
  }
}
