/**
 * @module Group rules: created INACTIVE, changed only while INACTIVE, evaluated when activated and whenever a user
 * changes (docs/okta.md §7.3; Okta help "Group rules"; support articles "What happens if group rules are deactivated and
 * deleted", "Group Rule Restrictions").
 *
 * - Activation runs the rule over every user; from then on a user is re-evaluated when created, updated, reactivated
 *   or when their memberships change. Users that match join the target groups and are "managed" by the rule; a
 *   managed user who stops matching leaves them. STAGED and DEPROVISIONED users are not moved ("the user cannot be in
 *   a Pending or Inactive state").
 * - Deactivation stops the rule and keeps its members (support article); `DELETE ?removeUsers=true` removes them.
 * - Removing a rule-managed user from a group by hand adds them to the rule's exclusions (support article).
 * - Deleting a target group makes the rule INVALID: it can then only be read or deleted.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType, type EventTypeName } from './event-types.ts';
import { type CompiledExpression, compileExpression, InvalidExpression } from './group-rule-expression.ts';
import type { LogTarget, User, UserHolder } from './types.ts';

export type GroupRuleStatus = 'ACTIVE' | 'INACTIVE' | 'INVALID';

export interface GroupRule {
  id: string;
  type: 'group_rule';
  status: GroupRuleStatus;
  name: string;
  created: string;
  lastUpdated: string;
  conditions: {
    people: { users: { exclude: string[] }; groups: { exclude: string[] } };
    expression: { value: string; type: string };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
}

/** What a create or replace sends: the GroupRule object, as loosely as JSON arrives. */
export type GroupRuleInput = Record<string, unknown>;

export const EXPRESSION_TYPE = 'urn:okta:expression:1.0';

/** Group Rule Restrictions (support article): names ≤ 50, ≤ 100 target groups, ≤ 100 excluded users, ≤ 2000 rules. */
const LIMITS = { name: 50, groups: 100, excluded: 100, rules: 2000 };

/** Okta's user profile base attributes (`components/schemas/UserProfile`); custom ones are those users hold. */
const BASE_ATTRIBUTES = new Set(
  (
    'city costCenter countryCode department displayName division email employeeNumber firstName honorificPrefix ' +
    'honorificSuffix lastName locale login manager managerId middleName mobilePhone nickName organization ' +
    'postalAddress preferredLanguage primaryPhone profileUrl secondEmail state streetAddress timezone title userType ' +
    'zipCode'
  ).split(' '),
);

/** A rule's evaluation rounds when rules feed each other (cascading rules, which Okta advises against). */
const MAX_ROUNDS = 5;

export class GroupRules implements UserHolder {
  private rules: GroupRule[] = [];
  private byId = new Map<string, GroupRule>();
  private compiled = new Map<string, CompiledExpression>();
  /** ruleId → groupId → the users the rule put (or keeps) in that group. */
  private managed = new Map<string, Map<string, Set<string>>>();
  /** Set while a rule changes memberships, so its own changes do not re-trigger evaluation. */
  private evaluating = false;

  constructor(private readonly org: Org) {}

  list(): readonly GroupRule[] {
    return this.rules;
  }

  get(id: string): GroupRule {
    const rule = this.byId.get(id);
    if (!rule) throw new ApiError('E0000007', `Resource not found: ${id} (GroupRule)`);
    return rule;
  }

  create(input: GroupRuleInput, options: { at?: number } = {}): GroupRule {
    if (this.rules.length >= LIMITS.rules) {
      throw validationFailed(`An org can have at most ${LIMITS.rules} group rules`);
    }
    const fields = this.check(input, undefined);
    const at = this.org.iso(options.at);
    const rule: GroupRule = {
      id: this.org.ids.next('0pr'),
      type: 'group_rule',
      // Created INACTIVE whatever the body says (spec createGroupRule).
      status: 'INACTIVE',
      created: at,
      lastUpdated: at,
      ...fields.rule,
    };
    this.rules.push(rule);
    this.byId.set(rule.id, rule);
    this.compiled.set(rule.id, fields.compiled);
    this.managed.set(rule.id, new Map());
    this.log(EventType.policyRuleAdd, 'Add group membership rule', rule, options.at);
    return rule;
  }

  /** PUT: only while INACTIVE, and `actions` cannot change (spec replaceGroupRule). */
  replace(id: string, input: GroupRuleInput): GroupRule {
    const rule = this.get(id);
    if (rule.status !== 'INACTIVE') {
      throw validationFailed(`status: A group rule can be updated only while it is INACTIVE; it is ${rule.status}`);
    }
    const fields = this.check(input, rule);
    const sent = fields.rule.actions.assignUserToGroups.groupIds;
    const kept = rule.actions.assignUserToGroups.groupIds;
    if (sent.length !== kept.length || sent.some((groupId, i) => groupId !== kept[i])) {
      throw validationFailed('actions: The actions of a group rule cannot be updated');
    }
    rule.name = fields.rule.name;
    rule.conditions = fields.rule.conditions;
    rule.lastUpdated = this.org.iso();
    this.compiled.set(rule.id, fields.compiled);
    this.log(EventType.policyRuleUpdate, 'Update group membership rule', rule);
    return rule;
  }

  activate(id: string): GroupRule {
    const rule = this.get(id);
    if (rule.status === 'INVALID') throw invalidRule(rule);
    if (rule.status === 'ACTIVE') return rule;
    rule.status = 'ACTIVE';
    rule.lastUpdated = this.org.iso();
    this.log(EventType.policyRuleActivate, 'Activate group membership rule', rule);
    this.settle(this.org.users.list(), [rule]);
    return rule;
  }

  /** Stops the rule; the members it added stay (support article "What happens if group rules are deactivated"). */
  deactivate(id: string): GroupRule {
    const rule = this.get(id);
    if (rule.status === 'INVALID') throw invalidRule(rule);
    if (rule.status === 'INACTIVE') return rule;
    rule.status = 'INACTIVE';
    rule.lastUpdated = this.org.iso();
    this.log(EventType.policyRuleDeactivate, 'Deactivate group membership rule', rule);
    return rule;
  }

  /** Only an INACTIVE or INVALID rule can be deleted; `removeUsers` takes its members out of its groups. */
  delete(id: string, removeUsers: boolean): void {
    const rule = this.get(id);
    if (rule.status === 'ACTIVE') {
      throw validationFailed('status: Deactivate the group rule before deleting it');
    }
    const managed = this.managed.get(rule.id) ?? new Map<string, Set<string>>();
    this.rules.splice(this.rules.indexOf(rule), 1);
    this.byId.delete(rule.id);
    this.compiled.delete(rule.id);
    this.managed.delete(rule.id);
    if (removeUsers) {
      this.asRule(() => {
        for (const [groupId, userIds] of managed) {
          for (const userId of userIds) {
            if (!this.managedByAnother(groupId, userId))
              this.org.groups.removeMember(groupId, userId, { byRule: true });
          }
        }
      });
    }
    this.log(EventType.policyRuleDelete, 'Delete group membership rule', rule);
  }

  /** `groupIdToGroupNameMap` for `expand=groupIdToGroupNameMap`: the rule's target groups that still exist. */
  groupNames(rule: GroupRule): Record<string, string> {
    const names: Record<string, string> = {};
    for (const groupId of rule.actions.assignUserToGroups.groupIds) {
      const group = this.org.groups.find(groupId);
      if (group) names[groupId] = group.profile.name;
    }
    return names;
  }

  // --- What other domains tell the rules -------------------------------------------------------------------------

  /** A user was created, updated or reactivated, or their memberships changed: active rules look at them again. */
  userChanged(userId: string): void {
    if (this.evaluating) return;
    const active = this.rules.filter((rule) => rule.status === 'ACTIVE');
    if (active.length === 0) return;
    const user = this.org.users.find(userId);
    if (user) this.settle([user], active);
  }

  /** Someone removed a user from a group by hand: every rule managing that membership now excludes the user. */
  memberRemovedByHand(groupId: string, userId: string): void {
    for (const rule of this.rules) {
      const users = this.managed.get(rule.id)?.get(groupId);
      if (!users?.delete(userId)) continue;
      const exclude = rule.conditions.people.users.exclude;
      if (!exclude.includes(userId)) exclude.push(userId);
      this.log(EventType.groupRuleAddExclusion, 'Add user to group membership exclusion rule', rule);
    }
  }

  /** A target group was deleted: its rules become INVALID (they can then only be read or deleted). */
  groupDeleted(groupId: string): void {
    for (const rule of this.rules) {
      this.managed.get(rule.id)?.delete(groupId);
      if (rule.status !== 'INVALID' && rule.actions.assignUserToGroups.groupIds.includes(groupId)) {
        rule.status = 'INVALID';
        rule.lastUpdated = this.org.iso();
        this.log(EventType.groupRuleInvalidate, 'Invalidate group membership rule', rule);
      }
    }
  }

  userDeleted(userId: string): void {
    for (const groups of this.managed.values()) for (const users of groups.values()) users.delete(userId);
  }

  // --- Evaluation --------------------------------------------------------------------------------------------------

  /** Applies the rules to the users until nothing changes (rules that read memberships may feed each other). */
  private settle(users: readonly User[], rules: GroupRule[]): void {
    this.asRule(() => {
      let pending = users;
      for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
        const changed = new Set<User>();
        for (const user of pending) {
          for (const rule of rules) if (this.apply(rule, user)) changed.add(user);
        }
        // Only rules that read memberships can change their minds after a membership change.
        rules = rules.filter((rule) => this.compiled.get(rule.id)?.readsGroups);
        pending = [...changed];
      }
    });
  }

  /** One rule on one user; true when a membership changed. */
  private apply(rule: GroupRule, user: User): boolean {
    const expression = this.compiled.get(rule.id) as CompiledExpression;
    const managed = this.managed.get(rule.id) as Map<string, Set<string>>;
    const eligible = user.status !== 'STAGED' && user.status !== 'DEPROVISIONED';
    const groups = this.org.groups.ofUserId(user.id);
    const matches =
      eligible &&
      !rule.conditions.people.users.exclude.includes(user.id) &&
      expression.evaluate({
        profile: user.profile,
        groupIds: new Set(groups.map((group) => group.id)),
        groupNames: groups.map((group) => group.profile.name),
      });
    let changed = false;
    for (const groupId of rule.actions.assignUserToGroups.groupIds) {
      if (!this.org.groups.find(groupId)) continue;
      let users = managed.get(groupId);
      if (!users) {
        users = new Set();
        managed.set(groupId, users);
      }
      const member = this.org.groups.memberIds(groupId).has(user.id);
      if (matches) {
        // A member added by hand who starts to match becomes managed by the rule (Okta help "Group rules").
        users.add(user.id);
        if (!member) {
          this.org.groups.addMember(groupId, user.id, { byRule: true });
          changed = true;
        }
      } else if (users.delete(user.id) && member && !this.managedByAnother(groupId, user.id, rule.id)) {
        this.org.groups.removeMember(groupId, user.id, { byRule: true });
        changed = true;
      }
    }
    return changed;
  }

  private managedByAnother(groupId: string, userId: string, ruleId?: string): boolean {
    for (const [id, groups] of this.managed) {
      if (id !== ruleId && groups.get(groupId)?.has(userId)) return true;
    }
    return false;
  }

  private asRule(change: () => void): void {
    const outer = this.evaluating;
    this.evaluating = true;
    try {
      change();
    } finally {
      this.evaluating = outer;
    }
  }

  // --- Validation --------------------------------------------------------------------------------------------------

  /** Every problem of a create or replace body at once, as Okta's 400 E0000001 causes. */
  private check(input: GroupRuleInput, current: GroupRule | undefined) {
    const causes: string[] = [];
    const body = isObject(input) ? input : {};
    if (body.type !== 'group_rule') causes.push('type: The type of a group rule must be "group_rule"');
    const name = typeof body.name === 'string' ? body.name : '';
    if (name.trim() === '') causes.push('name: The field cannot be left blank');
    else if (name.length > LIMITS.name) causes.push(`name: The name can be at most ${LIMITS.name} characters long`);
    else if (this.rules.some((rule) => rule !== current && rule.name === name)) {
      // Group rules are policy rules inside Okta, hence the wording (okta/okta-sdk-java issue 645).
      causes.push('name: Policy rule name already in use');
    }

    const conditions = isObject(body.conditions) ? body.conditions : {};
    const expression = isObject(conditions.expression) ? conditions.expression : {};
    const people = isObject(conditions.people) ? conditions.people : {};
    const peopleUsers = isObject(people.users) ? people.users : {};
    const peopleGroups = isObject(people.groups) ? people.groups : {};
    const exclude = stringList(peopleUsers.exclude);
    if (exclude === undefined) causes.push('conditions.people.users.exclude: must be a list of user ids');
    else if (exclude.length > LIMITS.excluded) {
      causes.push(`conditions.people.users.exclude: A group rule can exclude at most ${LIMITS.excluded} users`);
    }
    const groupExclude = stringList(peopleGroups.exclude) ?? [];
    if (groupExclude.length > 0) causes.push('conditions.people.groups.exclude: Excluding groups is not supported');

    if (expression.type !== EXPRESSION_TYPE) {
      causes.push(`conditions.expression.type: The only expression type is ${EXPRESSION_TYPE}`);
    }
    let compiled: CompiledExpression | undefined;
    const value = typeof expression.value === 'string' ? expression.value : '';
    try {
      compiled = compileExpression(value);
      for (const attribute of compiled.attributes) {
        if (!this.isProfileAttribute(attribute)) {
          throw new InvalidExpression(`Invalid property ${attribute} in expression ${value}`);
        }
      }
    } catch (error) {
      if (!(error instanceof InvalidExpression)) throw error;
      causes.push(`conditions.expression.value: ${error.message}`);
    }

    const actions = isObject(body.actions) ? body.actions : {};
    const assign = isObject(actions.assignUserToGroups) ? actions.assignUserToGroups : {};
    const groupIds = stringList(assign.groupIds) ?? [];
    if (groupIds.length === 0)
      causes.push('actions.assignUserToGroups.groupIds: A group rule assigns to 1 or more groups');
    if (groupIds.length > LIMITS.groups) {
      causes.push(`actions.assignUserToGroups.groupIds: A group rule assigns to at most ${LIMITS.groups} groups`);
    }
    // Only groups whose memberships Okta manages can be targets (docs/okta.md §2.4); existing groups only on create.
    if (current === undefined) {
      for (const groupId of groupIds) {
        const group = this.org.groups.find(groupId);
        if (!group) causes.push(`actions.assignUserToGroups.groupIds: Group ${groupId} does not exist`);
        else if (group.type !== 'OKTA_GROUP') {
          causes.push(`actions.assignUserToGroups.groupIds: Group ${groupId} is not an OKTA_GROUP`);
        }
      }
    }
    if (causes.length) throw validationFailed(...causes);
    return {
      compiled: compiled as CompiledExpression,
      rule: {
        name,
        conditions: {
          people: { users: { exclude: [...(exclude ?? [])] }, groups: { exclude: [] as string[] } },
          expression: { value, type: EXPRESSION_TYPE },
        },
        actions: { assignUserToGroups: { groupIds: [...groupIds] } },
      },
    };
  }

  /** A base attribute of Okta's user profile, or a custom one that some user holds (the sandbox has no schema API). */
  private isProfileAttribute(name: string): boolean {
    if (BASE_ATTRIBUTES.has(name)) return true;
    return this.org.users.list().some((user) => name in user.profile);
  }

  private log(eventType: EventTypeName, displayMessage: string, rule: GroupRule, at?: number) {
    this.org.log({ eventType, displayMessage, targets: [ruleTarget(rule)], ...(at ? { at } : {}) });
  }
}

function invalidRule(rule: GroupRule): ApiError {
  return validationFailed(`status: The group rule ${rule.id} is INVALID (a target group was deleted); delete it`);
}

function ruleTarget(rule: GroupRule): LogTarget {
  return { id: rule.id, type: 'PolicyRule', alternateId: 'unknown', displayName: rule.name };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of strings, `[]` when absent, undefined when it is something else. */
function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return undefined;
  return value as string[];
}
