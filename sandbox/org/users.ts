/** @module The org's users and their status machine (docs/okta.md §7.1, §7.2); each change logs its event. */
import { randomBytes } from 'node:crypto';
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType, type EventTypeName } from './event-types.ts';
import { type User, type UserProfile, type UserStatus, userTarget } from './types.ts';
import { DEFAULT_USER_TYPE_ID } from './user-types.ts';

export class Users {
  /** Users in id order, which is creation order. */
  private users: User[] = [];
  private byIdMap = new Map<string, User>();
  private byLogin = new Map<string, User>();
  /**
   * Users by `created`, then id: Okta's user search is indexed (docs/okta.md §2.3, the index lags), so a search
   * sorted and ranged on `created` reads only its range, not the whole org.
   */
  private byCreated: { at: number; user: User }[] = [];

  constructor(private readonly org: Org) {}

  list(): readonly User[] {
    return this.users;
  }

  /** By id or login (case-insensitive), as `/api/v1/users/{idOrLogin}` resolves it (docs/okta.md §7.2). */
  find(idOrLogin: string): User | undefined {
    return this.byIdMap.get(idOrLogin) ?? this.byLogin.get(idOrLogin.toLowerCase());
  }

  /** By id only, as membership and assignment endpoints take it (spec parameter `pathUserId`). */
  byId(id: string): User {
    const user = this.byIdMap.get(id);
    if (!user) throw new ApiError('E0000007', `Resource not found: ${id} (User)`);
    return user;
  }

  get(idOrLogin: string): User {
    const user = this.find(idOrLogin);
    if (!user) throw new ApiError('E0000007', `Resource not found: ${idOrLogin} (User)`);
    return user;
  }

  create(
    input: {
      profile: UserProfile;
      password?: string;
      recoveryQuestion?: string;
      recoveryAnswer?: string;
      groupIds?: string[];
      typeId?: string;
    },
    options: { activate: boolean; at?: number; status?: UserStatus; log?: boolean },
  ): User {
    const { org } = this;
    const profile = input.profile;
    this.checkProfile(profile, undefined);
    const groups = (input.groupIds ?? []).map((id) => org.groups.get(id));
    const typeId = input.typeId === undefined ? DEFAULT_USER_TYPE_ID : org.userTypes.forUser(input.typeId).id;
    const at = options.at ?? org.now();
    const status: UserStatus =
      options.status ?? (options.activate ? (input.password ? 'ACTIVE' : 'PROVISIONED') : 'STAGED');
    const user: User = {
      id: org.ids.next('00u'),
      status,
      created: org.iso(at),
      activated: status === 'STAGED' ? null : org.iso(at),
      statusChanged: status === 'STAGED' ? null : org.iso(at),
      lastLogin: null,
      lastUpdated: org.iso(at),
      passwordChanged: input.password ? org.iso(at) : null,
      type: { id: typeId },
      profile: { ...profile },
      ...(input.password ? { password: input.password } : {}),
      ...(input.recoveryQuestion ? { recoveryQuestion: input.recoveryQuestion } : {}),
      ...(input.recoveryAnswer ? { recoveryAnswer: input.recoveryAnswer } : {}),
    };
    this.users.push(user);
    const entry = { at: Date.parse(user.created), user };
    this.byCreated.splice(this.createdIndex(entry.at, user.id, 1), 0, entry);
    this.byIdMap.set(user.id, user);
    this.byLogin.set(profile.login.toLowerCase(), user);
    org.groups.addToEveryone(user.id);
    const log = options.log ?? true;
    if (log) this.log(EventType.userCreate, 'Create okta user', user, at);
    if (log && status !== 'STAGED') this.log(EventType.userActivate, 'Activate Okta user', user, at);
    for (const group of groups) org.groups.addMember(group.id, user.id, { at, log });
    org.groupRules.userChanged(user.id);
    return user;
  }

  /** Okta's default profile requires these four, and a login no other user holds (docs/okta.md §7.2). */
  private checkProfile(profile: Record<string, unknown>, owner: User | undefined): void {
    const causes: string[] = [];
    for (const field of ['login', 'email', 'firstName', 'lastName']) {
      const value = profile[field];
      if (typeof value !== 'string' || value.trim() === '') causes.push(`${field}: The field cannot be left blank`);
    }
    const login = profile.login;
    const holder = typeof login === 'string' ? this.byLogin.get(login.toLowerCase()) : undefined;
    if (holder && holder !== owner) {
      causes.push('login: An object with this field already exists in the current organization');
    }
    if (causes.length) throw validationFailed(...causes);
  }

  /** A partial update (POST) merges the profile; a full replace (PUT) sets it. `null` clears an attribute. */
  update(
    idOrLogin: string,
    changes: {
      profile?: Record<string, unknown>;
      password?: string;
      recoveryQuestion?: string;
      recoveryAnswer?: string;
      typeId?: string;
    },
    replace: boolean,
  ) {
    const user = this.get(idOrLogin);
    const profile = replace ? { ...(changes.profile ?? {}) } : { ...user.profile, ...(changes.profile ?? {}) };
    this.checkProfile(profile, user);
    // The type changes only through a full replace (PUT) by an admin (docs/okta.md §7.2).
    const type = replace && changes.typeId !== undefined ? this.org.userTypes.forUser(changes.typeId) : undefined;
    this.byLogin.delete(user.profile.login.toLowerCase());
    for (const [key, value] of Object.entries(profile)) if (value === null) delete profile[key];
    user.profile = profile as UserProfile;
    this.byLogin.set(user.profile.login.toLowerCase(), user);
    user.lastUpdated = this.org.iso();
    if (changes.profile) this.log(EventType.userProfileUpdate, 'Update user profile for Okta', user);
    if (changes.recoveryQuestion) {
      user.recoveryQuestion = changes.recoveryQuestion;
      if (changes.recoveryAnswer) user.recoveryAnswer = changes.recoveryAnswer;
    }
    if (type && type.id !== user.type.id) {
      user.type = { id: type.id };
      this.log(EventType.userUpdateType, 'Update user type', user);
    }
    // An admin sets a password without the old one (spec updateUser); the status stays as it is.
    if (changes.password) this.setPassword(user, changes.password);
    this.org.groupRules.userChanged(user.id);
    return user;
  }

  private setPassword(user: User, password: string): void {
    user.password = password;
    user.passwordChanged = this.org.iso();
    user.lastUpdated = user.passwordChanged;
    this.log(EventType.userUpdatePassword, 'User update password for Okta', user);
  }

  /**
   * credentials/change_password: the old password must match; from STAGED, ACTIVE, PASSWORD_EXPIRED or RECOVERY,
   * the last two ending ACTIVE (spec changePassword).
   */
  changePassword(idOrLogin: string, oldPassword: unknown, newPassword: unknown): User {
    const user = this.get(idOrLogin);
    if (!user.password) throw new ApiError('E0000035');
    if (!['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status)) throw new ApiError('E0000038');
    if (typeof newPassword !== 'string' || newPassword === '') {
      throw validationFailed('newPassword: The field cannot be left blank');
    }
    if (oldPassword !== user.password) {
      throw new ApiError('E0000014', undefined, ['oldPassword: The credentials provided were incorrect.']);
    }
    if (newPassword === user.password) {
      throw new ApiError('E0000014', undefined, ['password: Password cannot be your current password']);
    }
    if (user.status === 'PASSWORD_EXPIRED' || user.status === 'RECOVERY') this.setStatus(user, 'ACTIVE');
    this.setPassword(user, newPassword);
    return user;
  }

  /** credentials/change_recovery_question: with the current password; STAGED, ACTIVE or RECOVERY users (spec). */
  changeRecoveryQuestion(idOrLogin: string, password: unknown, question: unknown, answer: unknown): User {
    const user = this.get(idOrLogin);
    if (!['STAGED', 'ACTIVE', 'RECOVERY'].includes(user.status) || !user.password) throw new ApiError('E0000036');
    if (password !== user.password) {
      throw new ApiError('E0000014', undefined, ['password: The credentials provided were incorrect.']);
    }
    this.checkRecoveryQuestion(question, answer);
    user.recoveryQuestion = question as string;
    user.recoveryAnswer = answer as string;
    user.lastUpdated = this.org.iso();
    return user;
  }

  private checkRecoveryQuestion(question: unknown, answer: unknown): void {
    const causes: string[] = [];
    if (typeof question !== 'string' || question.trim() === '') {
      causes.push('recovery_question.question: The field cannot be left blank');
    }
    if (typeof answer !== 'string' || answer.trim().length < 4) {
      causes.push('recovery_question.answer: The security question answer must be at least 4 characters in length');
    }
    if (causes.length) throw validationFailed(...causes);
  }

  /** credentials/forgot_password_recovery_question: the recovery answer sets a new password (spec). */
  forgotPasswordSetNewPassword(idOrLogin: string, answer: unknown, newPassword: unknown): User {
    const user = this.get(idOrLogin);
    if (!['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'].includes(user.status) || !user.recoveryQuestion) {
      throw new ApiError('E0000034');
    }
    const given = typeof answer === 'string' ? answer.trim().toLowerCase() : undefined;
    if (given === undefined || given !== user.recoveryAnswer?.trim().toLowerCase()) throw new ApiError('E0000087');
    if (typeof newPassword !== 'string' || newPassword === '') {
      throw validationFailed('password: The field cannot be left blank');
    }
    if (user.status !== 'ACTIVE') this.setStatus(user, 'ACTIVE');
    this.setPassword(user, newPassword);
    return user;
  }

  /** credentials/forgot_password: an ACTIVE user with a recovery question (docs/okta.md §7.1); status unchanged. */
  forgotPassword(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'ACTIVE' || !user.recoveryQuestion) throw new ApiError('E0000034');
    return user;
  }

  /** DELETE /users/{id}/sessions: every IdP session ends (the sandbox keeps none, but logs the clearing). */
  clearSessions(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    this.log(EventType.userSessionClear, 'Clear user session', user);
    return user;
  }

  private setStatus(user: User, status: UserStatus) {
    user.status = status;
    user.statusChanged = this.org.iso();
    user.lastUpdated = user.statusChanged;
  }

  /**
   * STAGED → ACTIVE with a password, else PROVISIONED until the welcome flow; DEPROVISIONED → PROVISIONED
   * (docs/okta.md §7.1).
   */
  activate(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') throw new ApiError('E0000016');
    this.setStatus(user, user.status === 'STAGED' && user.password ? 'ACTIVE' : 'PROVISIONED');
    user.activated = this.org.iso();
    this.log(EventType.userActivate, 'Activate Okta user', user);
    this.org.groupRules.userChanged(user.id);
    return user;
  }

  reactivate(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw new ApiError('E0000038');
    // Restarts activation: the user is PROVISIONED until they finish it (spec reactivateUser).
    if (user.status !== 'PROVISIONED') this.setStatus(user, 'PROVISIONED');
    this.log(EventType.userReactivate, 'Reactivate Okta user', user);
    return user;
  }

  deactivate(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status === 'DEPROVISIONED') {
      throw validationFailed('deactivate: the user is already deactivated');
    }
    this.setStatus(user, 'DEPROVISIONED');
    // Deactivation deprovisions the user's apps (docs/okta.md §7.1).
    for (const holder of this.org.userHolders()) holder.userDeactivated?.(user.id);
    this.log(EventType.userDeactivate, 'Deactivate Okta user', user);
    return user;
  }

  suspend(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'ACTIVE') {
      throw validationFailed('Cannot suspend a user that is not active');
    }
    this.setStatus(user, 'SUSPENDED');
    this.log(EventType.userSuspend, 'Suspend Okta user', user);
    return user;
  }

  unsuspend(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'SUSPENDED') {
      throw validationFailed('Cannot unsuspend a user that is not suspended');
    }
    this.setStatus(user, 'ACTIVE');
    this.log(EventType.userUnsuspend, 'Unsuspend Okta user', user);
    return user;
  }

  unlock(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    if (user.status !== 'LOCKED_OUT') throw new ApiError('E0000032');
    this.setStatus(user, 'ACTIVE');
    this.log(EventType.userUnlockByAdmin, 'User account unlock by admin', user);
    return user;
  }

  /** Inferred from the docs (docs/okta.md §7.1): allowed from the states a password reset makes sense in. */
  resetPassword(idOrLogin: string): User {
    const user = this.get(idOrLogin);
    const allowed: UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'];
    if (!allowed.includes(user.status)) throw new ApiError('E0000038');
    this.setStatus(user, 'RECOVERY');
    this.log(EventType.userResetPassword, 'Reset password for Okta user', user);
    return user;
  }

  /**
   * PASSWORD_EXPIRED: the user must choose a new password at the next sign-in. With `tempPassword`, Okta sets a
   * temporary password and returns it (spec expirePasswordWithTempPassword).
   */
  expirePassword(idOrLogin: string, options: { tempPassword?: boolean } = {}): { user: User; tempPassword?: string } {
    const user = this.get(idOrLogin);
    const allowed: UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'];
    if (!allowed.includes(user.status) || !user.password) throw new ApiError('E0000038');
    this.setStatus(user, 'PASSWORD_EXPIRED');
    let tempPassword: string | undefined;
    if (options.tempPassword) {
      tempPassword = `Tmp${randomBytes(6).toString('base64url')}`;
      user.password = tempPassword;
      user.passwordChanged = this.org.iso();
    }
    this.log(EventType.userExpirePassword, 'Expire password for Okta user', user);
    return tempPassword === undefined ? { user } : { user, tempPassword };
  }

  /** Removes a DEPROVISIONED user for good; the handler deactivates first otherwise (docs/okta.md §7.1). */
  delete(idOrLogin: string): void {
    const user = this.get(idOrLogin);
    this.users.splice(this.indexAfter(user.id) - 1, 1);
    this.byCreated.splice(this.createdIndex(Date.parse(user.created), user.id, 0), 1);
    this.byIdMap.delete(user.id);
    this.byLogin.delete(user.profile.login.toLowerCase());
    for (const holder of this.org.userHolders()) holder.userDeleted?.(user.id);
    this.log(EventType.userDeleteInitiated, 'Delete Okta user', user);
  }

  /**
   * A page of the users `match` selects, in id order, after the user of id `after`, and whether more may follow:
   * Okta's next link appears while more records may, so the scan ahead goes only as far as the next match.
   */
  page(match: (user: User) => boolean, after: string | undefined, limit: number): { items: User[]; more: boolean } {
    const items: User[] = [];
    let index = after === undefined ? 0 : this.indexAfter(after);
    for (; index < this.users.length && items.length < limit; index += 1) {
      const user = this.users[index] as User;
      if (match(user)) items.push(user);
    }
    for (let i = index; i < this.users.length; i += 1) if (match(this.users[i] as User)) return { items, more: true };
    return { items, more: false };
  }

  /**
   * A page of the users `match` selects, sorted by `keyOf` (ties by id), from position `offset`: sorted results page by
   * position (docs/okta.md §2.3). `next` is the position of the next page, undefined on the last.
   */
  sortedPage(
    match: (user: User) => boolean,
    keyOf: (user: User) => string,
    direction: 1 | -1,
    offset: number,
    limit: number,
  ): { items: User[]; next: number | undefined } {
    // Each user's key read once, not once per comparison.
    const sorted = this.users
      .filter(match)
      .map((user) => ({ user, key: keyOf(user) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.user.id < b.user.id ? -1 : 1) * direction)
      .map(({ user }) => user);
    const items = sorted.slice(offset, offset + limit);
    const next = offset + items.length;
    return { items, next: next < sorted.length ? next : undefined };
  }

  /**
   * A page of the users `match` selects whose `created` lies in `[from, to]`, sorted by `created` then id, after the
   * cursor `after` (the last user sent): read from the index, so a page costs its range's records, not the org's.
   * `next` is the cursor of the next page, undefined when no user of the range that matches is left.
   */
  createdPage(
    match: (user: User) => boolean,
    range: { from: number; to: number },
    direction: 1 | -1,
    after: { at: number; id: string } | undefined,
    limit: number,
  ): { items: User[]; next: { at: number; id: string } | undefined } {
    const index = this.byCreated;
    const inRange = (at: number) => at >= range.from && at <= range.to;
    const items: User[] = [];
    // Ascending: from the first entry past the cursor (or at `from`); descending: from the last before it (or at `to`).
    let i =
      direction === 1
        ? after
          ? this.createdIndex(after.at, after.id, 1)
          : this.createdIndex(range.from, '', 0)
        : (after ? this.createdIndex(after.at, after.id, 0) : this.createdIndex(range.to, '', 2)) - 1;
    for (; i >= 0 && i < index.length; i += direction) {
      const entry = index[i] as { at: number; user: User };
      if (!inRange(entry.at)) break;
      if (!match(entry.user)) continue;
      if (items.length === limit) {
        const last = items.at(-1) as User;
        return { items, next: { at: Date.parse(last.created), id: last.id } };
      }
      items.push(entry.user);
    }
    return { items, next: undefined };
  }

  /**
   * Where `(at, id)` goes in the `created` index: `side` 0 before an equal entry, 1 after it; 2 after every entry at
   * `at` whatever its id.
   */
  private createdIndex(at: number, id: string, side: 0 | 1 | 2): number {
    let low = 0;
    let high = this.byCreated.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const entry = this.byCreated[mid] as { at: number; user: User };
      const before =
        entry.at < at ||
        (entry.at === at && (side === 2 || entry.user.id < id || (side === 1 && entry.user.id === id)));
      if (before) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Position of the first user with an id greater than `id` (ids sort in creation order). */
  indexAfter(id: string): number {
    let low = 0;
    let high = this.users.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.users[mid] as User).id <= id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private log(eventType: EventTypeName, displayMessage: string, user: User, at?: number) {
    this.org.log({ eventType, displayMessage, targets: [userTarget(user)], ...(at ? { at } : {}) });
  }
}
