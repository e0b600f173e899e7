/** @module The org's apps and their user assignments (API-FACTS §7.4). */
import { ApiError } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import { type App, type AppUser, appTarget, type UserHolder, userTarget } from './types.ts';

export class Apps implements UserHolder {
  private apps: App[] = [];
  private byId = new Map<string, App>();
  private assignments = new Map<string, Map<string, AppUser>>();

  constructor(private readonly org: Org) {}

  list(): readonly App[] {
    return this.apps;
  }

  get(id: string): App {
    const app = this.byId.get(id);
    if (!app) throw new ApiError('E0000007', `Resource not found: ${id} (AppInstance)`);
    return app;
  }

  create(input: { name: string; label: string; signOnMode: string }, options: { at?: number } = {}): App {
    const at = this.org.iso(options.at);
    const app: App = {
      id: this.org.ids.next('0oa'),
      name: input.name,
      label: input.label,
      status: 'ACTIVE',
      signOnMode: input.signOnMode,
      created: at,
      lastUpdated: at,
    };
    this.apps.push(app);
    this.byId.set(app.id, app);
    this.assignments.set(app.id, new Map());
    return app;
  }

  usersOf(appId: string): Map<string, AppUser> {
    this.get(appId);
    return this.assignments.get(appId) as Map<string, AppUser>;
  }

  /** 409 E0000062 when assigned already; 403 E0000117 for an inactive user (API-FACTS §7.4). */
  assign(
    appId: string,
    userId: string,
    input: { userName?: string; profile?: Record<string, unknown> } = {},
    options: { at?: number; log?: boolean } = {},
  ): AppUser {
    const app = this.get(appId);
    const user = this.org.users.byId(userId);
    const assignments = this.assignments.get(app.id) as Map<string, AppUser>;
    if (assignments.has(user.id)) throw new ApiError('E0000062');
    if (user.status === 'DEPROVISIONED' || user.status === 'SUSPENDED') throw new ApiError('E0000117');
    const at = this.org.iso(options.at);
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
      this.org.log({
        eventType: EventType.appMembershipAdd,
        displayMessage: 'Add user to application membership',
        targets: [userTarget(user), appTarget(app)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    return assignment;
  }

  unassign(appId: string, userId: string): void {
    const app = this.get(appId);
    const user = this.org.users.byId(userId);
    const assignments = this.assignments.get(app.id) as Map<string, AppUser>;
    if (!assignments.delete(user.id)) throw new ApiError('E0000007', `Resource not found: ${userId} (AppUser)`);
    this.org.log({
      eventType: EventType.appMembershipRemove,
      displayMessage: 'Remove user from application membership',
      targets: [userTarget(user), appTarget(app)],
    });
  }

  setStatus(appId: string, status: App['status']): App {
    const app = this.get(appId);
    app.status = status;
    app.lastUpdated = this.org.iso();
    this.org.log({
      eventType: status === 'ACTIVE' ? EventType.appActivate : EventType.appDeactivate,
      displayMessage: status === 'ACTIVE' ? 'Activate application' : 'Deactivate application',
      targets: [appTarget(app)],
    });
    return app;
  }

  /** Deactivation deprovisions the user's apps (API-FACTS §7.1). */
  userDeactivated(userId: string): void {
    for (const assignments of this.assignments.values()) assignments.delete(userId);
  }

  userDeleted(userId: string): void {
    this.userDeactivated(userId);
  }
}
