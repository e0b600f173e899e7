/**
 * @module The org's policies and their rules (`/api/v1/policies`; docs/okta.md §7.5, spec Policy and PolicyRule).
 *
 * Each type has its default policy (`system: true`, last in priority, with its default rule): it cannot be deleted
 * or deactivated, nor can its default rule. A new policy or rule takes the priority asked for, or goes just before
 * the default one; priorities stay 1…n. Names are unique per type (policies) and per policy (rules). A rule's type
 * follows its policy's (`OKTA_SIGN_ON` policies hold `SIGN_ON` rules). Read-only types cannot be created.
 * Every change writes its `policy.lifecycle.*` or `policy.rule.*` event, the policy as target.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType, type EventTypeName } from './event-types.ts';
import { Records } from './records.ts';
import type { LogTarget } from './types.ts';

/** Every type the spec's PolicyType lists, with the type of its rules. */
export const POLICY_TYPES = {
  OKTA_SIGN_ON: 'SIGN_ON',
  PASSWORD: 'PASSWORD',
  MFA_ENROLL: 'MFA_ENROLL',
  ACCESS_POLICY: 'ACCESS_POLICY',
  PROFILE_ENROLLMENT: 'PROFILE_ENROLLMENT',
  IDP_DISCOVERY: 'IDP_DISCOVERY',
  ENTITY_RISK: 'ENTITY_RISK',
  POST_AUTH_SESSION: 'POST_AUTH_SESSION',
  DEVICE_SIGNAL_COLLECTION: 'DEVICE_SIGNAL_COLLECTION',
  SESSION_VIOLATION_DETECTION: 'SESSION_VIOLATION_DETECTION',
  CLIENT_UPDATE: 'CLIENT_UPDATE',
  IDENTITY_CLAIM_SOURCING: 'IDENTITY_CLAIM_SOURCING',
} as const;
export type PolicyType = keyof typeof POLICY_TYPES;

/** Types an org holds exactly one of, marked read-only in the spec's PolicyType: they cannot be created. */
const READ_ONLY = new Set<string>([
  'IDP_DISCOVERY',
  'ENTITY_RISK',
  'POST_AUTH_SESSION',
  'SESSION_VIOLATION_DETECTION',
  'IDENTITY_CLAIM_SOURCING',
]);

export type Status = 'ACTIVE' | 'INACTIVE';

interface Prioritised {
  id: string;
  name: string;
  status: Status;
  priority: number;
  system: boolean;
  created: string;
  lastUpdated: string;
}

export interface Policy extends Prioritised {
  type: PolicyType;
  description: string | null;
  conditions: Record<string, unknown> | null;
  settings?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface PolicyRule extends Prioritised {
  type: string;
  policyId: string;
  conditions: Record<string, unknown> | null;
  actions: Record<string, unknown> | null;
  [field: string]: unknown;
}

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && Object.hasOwn(POLICY_TYPES, value);
}

function policyTarget(policy: Policy): LogTarget {
  return { id: policy.id, type: 'PolicyEntity', alternateId: 'unknown', displayName: policy.name };
}

function ruleTarget(rule: PolicyRule): LogTarget {
  return { id: rule.id, type: 'PolicyRule', alternateId: 'unknown', displayName: rule.name };
}

function requireName(body: Record<string, unknown>): string {
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') throw validationFailed('name: The field cannot be left blank');
  return name;
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : null;
}

function readStatus(value: unknown, fallback: Status): Status {
  if (value === undefined || value === null) return fallback;
  if (value !== 'ACTIVE' && value !== 'INACTIVE') throw validationFailed('status: must be ACTIVE or INACTIVE');
  return value;
}

/** Puts `item` at `priority` (1-based; absent or past the end: just before the system one) and renumbers 1…n. */
function place<T extends Prioritised>(siblings: T[], item: T, priority: unknown): void {
  const others = siblings.filter((s) => s !== item).sort((a, b) => a.priority - b.priority);
  const lastMovable = others.filter((s) => !s.system).length;
  const wanted =
    typeof priority === 'number' && Number.isInteger(priority) && priority >= 1 ? priority - 1 : lastMovable;
  others.splice(item.system ? others.length : Math.min(wanted, lastMovable), 0, item);
  others.forEach((s, i) => {
    s.priority = i + 1;
  });
}

/** Fields a client sends back from a read that are not its to set. */
const READ_ONLY_FIELDS = ['id', 'created', 'lastUpdated', 'system', '_links', '_embedded', 'priority', 'status'];

function extra(body: Record<string, unknown>, known: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !known.includes(k) && !READ_ONLY_FIELDS.includes(k)));
}

export class Policies {
  private readonly policies = new Records<Policy>('Policy');
  private readonly rules = new Records<PolicyRule>('PolicyRule');

  constructor(private readonly org: Org) {}

  /** Policies of a type, by priority. */
  ofType(type: PolicyType): Policy[] {
    return this.policies
      .list()
      .filter((p) => p.type === type)
      .sort((a, b) => a.priority - b.priority);
  }

  get(id: string): Policy {
    return this.policies.get(id);
  }

  create(
    body: Record<string, unknown>,
    options: { activate?: boolean; system?: boolean; at?: number; log?: boolean } = {},
  ): Policy {
    const type = body.type;
    if (!isPolicyType(type)) throw validationFailed(`type: must be one of ${Object.keys(POLICY_TYPES).join(', ')}`);
    if (READ_ONLY.has(type) && !options.system) throw validationFailed(`type: ${type} policies cannot be created`);
    const name = requireName(body);
    this.checkUniqueName(type, name);
    const at = this.org.iso(options.at);
    const policy = this.policies.add({
      ...extra(body, ['type', 'name', 'description', 'conditions']),
      id: this.org.ids.next('00p'),
      type,
      name,
      description: typeof body.description === 'string' ? body.description : null,
      status: readStatus(body.status, options.activate === false ? 'INACTIVE' : 'ACTIVE'),
      priority: 0,
      system: options.system ?? false,
      conditions: objectOrNull(body.conditions),
      created: at,
      lastUpdated: at,
    });
    place(this.ofType(type), policy, body.priority);
    if (options.log ?? true) this.logPolicy(EventType.policyCreate, 'Add policy', policy);
    return policy;
  }

  /** PUT: a full replace of what a client may set; the type cannot change. */
  replace(id: string, body: Record<string, unknown>): Policy {
    const policy = this.get(id);
    if (body.type !== undefined && body.type !== policy.type) throw validationFailed('type: cannot be changed');
    const name = requireName(body);
    if (name !== policy.name) this.checkUniqueName(policy.type, name);
    for (const key of Object.keys(extra(policy, ['type', 'name', 'description', 'conditions', 'policyId']))) {
      delete policy[key];
    }
    Object.assign(policy, extra(body, ['type', 'name', 'description', 'conditions']), {
      name,
      description: typeof body.description === 'string' ? body.description : null,
      conditions: objectOrNull(body.conditions),
      lastUpdated: this.org.iso(),
    });
    if (body.priority !== undefined && !policy.system) place(this.ofType(policy.type), policy, body.priority);
    this.logPolicy(EventType.policyUpdate, 'Update policy', policy);
    return policy;
  }

  setStatus(id: string, status: Status): void {
    const policy = this.get(id);
    if (policy.system && status === 'INACTIVE') throw validationFailed('The default policy cannot be deactivated');
    if (policy.status === status) return;
    policy.status = status;
    policy.lastUpdated = this.org.iso();
    const event = status === 'ACTIVE' ? EventType.policyActivate : EventType.policyDeactivate;
    this.logPolicy(event, status === 'ACTIVE' ? 'Activate policy' : 'Deactivate policy', policy);
  }

  delete(id: string): void {
    const policy = this.get(id);
    if (policy.system) throw validationFailed('The default policy cannot be deleted');
    for (const rule of this.rulesOf(id)) this.rules.remove(rule.id);
    this.policies.remove(id);
    const siblings = this.ofType(policy.type);
    siblings.forEach((p, i) => {
      p.priority = i + 1;
    });
    this.logPolicy(EventType.policyDelete, 'Delete policy', policy);
  }

  rulesOf(policyId: string): PolicyRule[] {
    this.get(policyId);
    return this.rules
      .list()
      .filter((r) => r.policyId === policyId)
      .sort((a, b) => a.priority - b.priority);
  }

  getRule(policyId: string, ruleId: string): PolicyRule {
    const rule = this.rules.get(ruleId);
    if (rule.policyId !== this.get(policyId).id)
      throw new ApiError('E0000007', `Resource not found: ${ruleId} (PolicyRule)`);
    return rule;
  }

  createRule(
    policyId: string,
    body: Record<string, unknown>,
    options: { activate?: boolean; system?: boolean; at?: number; log?: boolean } = {},
  ): PolicyRule {
    const policy = this.get(policyId);
    const type = this.ruleType(policy, body.type);
    const name = requireName(body);
    this.checkUniqueRuleName(policy.id, name);
    const at = this.org.iso(options.at);
    const rule = this.rules.add({
      ...extra(body, ['type', 'name', 'conditions', 'actions']),
      id: this.org.ids.next('0pr'),
      policyId: policy.id,
      type,
      name,
      status: readStatus(body.status, options.activate === false ? 'INACTIVE' : 'ACTIVE'),
      priority: 0,
      system: options.system ?? false,
      conditions: objectOrNull(body.conditions),
      actions: objectOrNull(body.actions),
      created: at,
      lastUpdated: at,
    });
    place(this.rulesOf(policy.id), rule, body.priority);
    if (options.log ?? true) this.logRule(EventType.policyRuleAdd, 'Add policy rule', policy, rule);
    return rule;
  }

  replaceRule(policyId: string, ruleId: string, body: Record<string, unknown>): PolicyRule {
    const policy = this.get(policyId);
    const rule = this.getRule(policyId, ruleId);
    this.ruleType(policy, body.type ?? rule.type);
    const name = requireName(body);
    if (name !== rule.name) this.checkUniqueRuleName(policy.id, name);
    if (rule.system && name !== rule.name) throw validationFailed('name: the default rule cannot be renamed');
    for (const key of Object.keys(extra(rule, ['type', 'name', 'conditions', 'actions', 'policyId']))) delete rule[key];
    Object.assign(rule, extra(body, ['type', 'name', 'conditions', 'actions', 'policyId']), {
      name,
      conditions: objectOrNull(body.conditions),
      actions: objectOrNull(body.actions),
      lastUpdated: this.org.iso(),
    });
    if (body.priority !== undefined && !rule.system) place(this.rulesOf(policy.id), rule, body.priority);
    this.logRule(EventType.policyRuleUpdate, 'Update policy rule', policy, rule);
    return rule;
  }

  setRuleStatus(policyId: string, ruleId: string, status: Status): void {
    const policy = this.get(policyId);
    const rule = this.getRule(policyId, ruleId);
    if (rule.system && status === 'INACTIVE') throw validationFailed('The default rule cannot be deactivated');
    if (rule.status === status) return;
    rule.status = status;
    rule.lastUpdated = this.org.iso();
    const event = status === 'ACTIVE' ? EventType.policyRuleActivate : EventType.policyRuleDeactivate;
    this.logRule(event, status === 'ACTIVE' ? 'Activate policy rule' : 'Deactivate policy rule', policy, rule);
  }

  deleteRule(policyId: string, ruleId: string): void {
    const policy = this.get(policyId);
    const rule = this.getRule(policyId, ruleId);
    if (rule.system) throw validationFailed('The default rule cannot be deleted');
    this.rules.remove(rule.id);
    this.rulesOf(policy.id).forEach((r, i) => {
      r.priority = i + 1;
    });
    this.logRule(EventType.policyRuleDelete, 'Delete policy rule', policy, rule);
  }

  private ruleType(policy: Policy, type: unknown): string {
    const expected = POLICY_TYPES[policy.type];
    if (type !== undefined && type !== expected) {
      throw validationFailed(`type: rules of ${policy.type} policies have the type ${expected}`);
    }
    return expected;
  }

  private checkUniqueName(type: PolicyType, name: string): void {
    if (this.ofType(type).some((p) => p.name === name)) {
      throw validationFailed('name: Policy name already in use');
    }
  }

  private checkUniqueRuleName(policyId: string, name: string): void {
    if (this.rulesOf(policyId).some((r) => r.name === name)) {
      throw validationFailed('name: Policy rule name already in use');
    }
  }

  private logPolicy(eventType: EventTypeName, displayMessage: string, policy: Policy): void {
    this.org.log({ eventType, displayMessage, targets: [policyTarget(policy)] });
  }

  private logRule(eventType: EventTypeName, displayMessage: string, policy: Policy, rule: PolicyRule): void {
    this.org.log({ eventType, displayMessage, targets: [policyTarget(policy), ruleTarget(rule)] });
  }
}
