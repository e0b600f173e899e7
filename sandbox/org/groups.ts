/**
 * @module The org's groups and memberships (docs/okta.md §2.4, §7.3). Only OKTA_GROUP profiles and memberships change
 * through the API; OKTA_GROUP and APP_GROUP groups can be deleted, the BUILT_IN Everyone group never (spec
 * deleteGroup). Membership changes made by hand are told to the group rules, which may re-evaluate the user.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import { type App, type Group, groupTarget, type User, type UserHolder, userTarget } from './types.ts';

export class Groups implements UserHolder {
  private groups: Group[] = [];
  private byId = new Map<string, Group>();
  private members = new Map<string, Set<string>>();

  constructor(private readonly org: Org) {}

  list(): readonly Group[] {
    return this.groups;
  }

  find(id: string): Group | undefined {
    return this.byId.get(id);
  }

  get(id: string): Group {
    const group = this.byId.get(id);
    if (!group) throw new ApiError('E0000007', `Resource not found: ${id} (UserGroup)`);
    return group;
  }

  create(
    profile: Group['profile'],
    options: { type?: Group['type']; appId?: string; at?: number; log?: boolean } = {},
  ): Group {
    if (typeof profile.name !== 'string' || profile.name.trim() === '') {
      throw validationFailed('name: The field cannot be left blank');
    }
    const type = options.type ?? 'OKTA_GROUP';
    if (type === 'OKTA_GROUP' && this.groups.some((g) => g.type === 'OKTA_GROUP' && g.profile.name === profile.name)) {
      throw validationFailed('name: An object with this field already exists in the current organization');
    }
    const at = this.org.iso(options.at);
    const group: Group = {
      id: this.org.ids.next('00g'),
      type,
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile: { ...profile },
      ...(options.appId ? { appId: options.appId } : {}),
    };
    this.groups.push(group);
    this.byId.set(group.id, group);
    this.members.set(group.id, new Set());
    if (options.log ?? true) {
      this.org.log({
        eventType: EventType.groupCreate,
        displayMessage: 'Create okta group',
        targets: [groupTarget(group)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    return group;
  }

  update(id: string, profile: Group['profile']): Group {
    const group = this.writable(id);
    if (typeof profile?.name !== 'string' || profile.name.trim() === '') {
      throw validationFailed('name: The field cannot be left blank');
    }
    group.profile = { ...profile };
    group.lastUpdated = this.org.iso();
    this.org.log({
      eventType: EventType.groupProfileUpdate,
      displayMessage: 'Update group profile',
      targets: [groupTarget(group)],
    });
    return group;
  }

  /** OKTA_GROUP and APP_GROUP groups can be deleted; BUILT_IN ones cannot (spec deleteGroup). */
  delete(id: string): void {
    const group = this.get(id);
    if (group.type === 'BUILT_IN') throw new ApiError('E0000006');
    this.groups.splice(this.groups.indexOf(group), 1);
    this.byId.delete(id);
    this.members.delete(id);
    this.org.groupRules.groupDeleted(id);
    this.org.log({
      eventType: EventType.groupDelete,
      displayMessage: 'Delete okta group',
      targets: [groupTarget(group)],
    });
  }

  /** Only OKTA_GROUP profiles and memberships can be changed through the API (docs/okta.md §2.4). */
  private writable(id: string): Group {
    const group = this.get(id);
    if (group.type !== 'OKTA_GROUP') throw new ApiError('E0000006');
    return group;
  }

  memberIds(groupId: string): ReadonlySet<string> {
    this.get(groupId);
    return this.members.get(groupId) ?? new Set();
  }

  ofUser(idOrLogin: string): Group[] {
    return this.ofUserId(this.org.users.get(idOrLogin).id);
  }

  ofUserId(userId: string): Group[] {
    return this.groups.filter((group) => this.members.get(group.id)?.has(userId));
  }

  /** Every user belongs to the built-in Everyone group, silently. */
  addToEveryone(userId: string): void {
    const everyone = this.groups.find((g) => g.type === 'BUILT_IN');
    if (everyone) this.members.get(everyone.id)?.add(userId);
  }

  /** `byRule`: a group rule's doing, which the rules do not hear back about. */
  addMember(groupId: string, userId: string, options: { at?: number; log?: boolean; byRule?: boolean } = {}): void {
    const group = this.writable(groupId);
    const user: User = this.org.users.byId(userId);
    const set = this.members.get(group.id) as Set<string>;
    if (set.has(user.id)) return;
    set.add(user.id);
    group.lastMembershipUpdated = this.org.iso(options.at);
    if (options.log ?? true) {
      this.org.log({
        eventType: EventType.groupMembershipAdd,
        displayMessage: 'Add user to group membership',
        targets: [userTarget(user), groupTarget(group)],
        ...(options.at ? { at: options.at } : {}),
      });
    }
    if (!options.byRule) this.org.groupRules.userChanged(user.id);
  }

  removeMember(groupId: string, userId: string, options: { byRule?: boolean } = {}): void {
    const group = this.writable(groupId);
    const user = this.org.users.byId(userId);
    const set = this.members.get(group.id) as Set<string>;
    if (!set.delete(user.id)) return;
    group.lastMembershipUpdated = this.org.iso();
    this.org.log({
      eventType: EventType.groupMembershipRemove,
      displayMessage: 'Remove user from group membership',
      targets: [userTarget(user), groupTarget(group)],
    });
    if (options.byRule) return;
    // A rule-managed member removed by hand is excluded from the rule (support article on rule exceptions).
    this.org.groupRules.memberRemovedByHand(group.id, user.id);
    this.org.groupRules.userChanged(user.id);
  }

  /** The apps the group is assigned to (`/api/v1/groups/{groupId}/apps`), from the apps domain's group assignments. */
  appsOf(groupId: string): readonly App[] {
    this.get(groupId);
    return this.org.apps.appsOfGroup(groupId);
  }

  userDeleted(userId: string): void {
    for (const set of this.members.values()) set.delete(userId);
  }
}
