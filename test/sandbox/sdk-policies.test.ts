/** Policies and rules driven through Okta's Node SDK, as a script drives a real org (spec Policy tag, docs/okta.md §7.5). */
import { describe, expect, it } from 'vitest';
import { all, oktaFailure, useSdk } from './sdk-harness.ts';

const t = useSdk({ users: 10, seed: 21 });

describe('policies through the SDK', () => {
  it('creates a policy ahead of the default one, reads, renames, deactivates, reactivates and deletes it', async () => {
    const policies = t.client.policyApi;
    const created = await policies.createPolicy({
      policy: { type: 'OKTA_SIGN_ON', name: 'Contractors', description: 'Short sessions', status: 'ACTIVE' },
    });
    expect(created).toMatchObject({ type: 'OKTA_SIGN_ON', name: 'Contractors', status: 'ACTIVE', system: false });
    const listed = await all(await policies.listPolicies({ type: 'OKTA_SIGN_ON' }));
    expect(listed.map((p) => [p.name, p.priority])).toEqual([
      ['Contractors', 1],
      ['Default Policy', 2],
    ]);

    await policies.replacePolicy({ policyId: created.id as string, policy: { ...created, name: 'Contractors v2' } });
    expect((await policies.getPolicy({ policyId: created.id as string })).name).toBe('Contractors v2');

    await policies.deactivatePolicy({ policyId: created.id as string });
    expect((await policies.getPolicy({ policyId: created.id as string })).status).toBe('INACTIVE');
    await policies.activatePolicy({ policyId: created.id as string });
    expect((await policies.getPolicy({ policyId: created.id as string })).status).toBe('ACTIVE');

    await policies.deletePolicy({ policyId: created.id as string });
    expect(await oktaFailure(policies.getPolicy({ policyId: created.id as string }))).toEqual({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('keeps rules inside their policy, typed after it, with their own lifecycle', async () => {
    const policies = t.client.policyApi;
    const policy = await policies.createPolicy({ policy: { type: 'PASSWORD', name: 'Strict passwords' } });
    const policyId = policy.id as string;
    const rule = await policies.createPolicyRule({
      policyId,
      // A PasswordPolicyRule; the SDK's PolicyRule type does not list `actions`.
      policyRule: { name: 'Deny change', type: 'PASSWORD', actions: { passwordChange: { access: 'DENY' } } } as never,
    });
    expect(rule).toMatchObject({ name: 'Deny change', type: 'PASSWORD', status: 'ACTIVE', priority: 1 });

    await policies.deactivatePolicyRule({ policyId, ruleId: rule.id as string });
    const rules = await all(await policies.listPolicyRules({ policyId }));
    expect(rules.map((r) => [r.name, r.status])).toEqual([['Deny change', 'INACTIVE']]);

    // A rule of another type, and a duplicate name, are refused (400 E0000001).
    const wrongType = policies.createPolicyRule({ policyId, policyRule: { name: 'Sign on', type: 'SIGN_ON' } });
    expect(await oktaFailure(wrongType)).toEqual({ status: 400, errorCode: 'E0000001' });
    const duplicate = policies.createPolicyRule({ policyId, policyRule: { name: 'Deny change', type: 'PASSWORD' } });
    expect(await oktaFailure(duplicate)).toEqual({ status: 400, errorCode: 'E0000001' });

    // Deleting the policy takes its rules with it.
    await policies.deletePolicy({ policyId });
    const gone = policies.getPolicyRule({ policyId, ruleId: rule.id as string });
    expect((await oktaFailure(gone)).status).toBe(404);
  });

  it('protects each type’s default policy and rule, and requires a type to list', async () => {
    const policies = t.client.policyApi;
    const [fallback] = await all(await policies.listPolicies({ type: 'MFA_ENROLL' }));
    expect(fallback).toMatchObject({ name: 'Default Policy', system: true });
    const policyId = fallback?.id as string;
    expect((await oktaFailure(policies.deletePolicy({ policyId }))).errorCode).toBe('E0000001');
    expect((await oktaFailure(policies.deactivatePolicy({ policyId }))).errorCode).toBe('E0000001');
    const [defaultRule] = await all(await policies.listPolicyRules({ policyId }));
    const deleteRule = policies.deletePolicyRule({ policyId, ruleId: defaultRule?.id as string });
    expect((await oktaFailure(deleteRule)).errorCode).toBe('E0000001');
    // Read-only types cannot be created.
    const discovery = policies.createPolicy({ policy: { type: 'IDP_DISCOVERY', name: 'Second discovery' } });
    expect(await oktaFailure(discovery)).toEqual({ status: 400, errorCode: 'E0000001' });
  });

  it('writes a System Log event for each change', async () => {
    const policies = t.client.policyApi;
    const policy = await policies.createPolicy({ policy: { type: 'ACCESS_POLICY', name: 'Finance apps' } });
    await policies.deactivatePolicy({ policyId: policy.id as string });
    const events = t.sandbox.org.systemLog
      .list()
      .filter((s) => s.event.target.some((target) => target.id === policy.id))
      .map((s) => s.event.eventType);
    expect(events).toEqual(['policy.lifecycle.create', 'policy.lifecycle.deactivate']);
  });
});
