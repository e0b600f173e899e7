/**
 * The user-related picklists over real HTTP against the sandbox: user types, a user's factors, the factors a user
 * may enrol, linked-object relationships. Each answers in one request, searches, and the dependent ones refuse to
 * run without their parent value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { useSandbox } from '../actions/harness.ts';

const t = useSandbox({ users: 10, seed: 25 });
const connector = createConnector();

function options(key: string, call: { input?: unknown; search?: string } = {}) {
  return connector.listOptions(key, { connection: t.sandbox.connection, ...call });
}

let userId: string;

beforeAll(() => {
  const { org } = t.sandbox;
  org.userTypes.create({ name: 'contractor', displayName: 'Contractor', description: 'Fixed-term staff' });
  org.linkedObjects.create({
    primary: { name: 'manager', title: 'Manager' },
    associated: { name: 'subordinate', title: 'Subordinate' },
  });
  org.linkedObjects.create({
    primary: { name: 'mentor', title: 'Mentor' },
    associated: { name: 'mentee', title: 'Mentee' },
  });
  const user = org.users.create(
    { profile: { login: 'picker@example.com', email: 'picker@example.com', firstName: 'Pick', lastName: 'Er' } },
    { activate: true },
  );
  userId = user.id;
  org.factors.enroll(userId, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550100' } });
  org.factors.enroll(userId, {
    factorType: 'question',
    provider: 'OKTA',
    profile: { question: 'disliked_food', answer: 'mayonnaise' },
  });
});

describe('selectUserType', () => {
  it('offers every type by display name, in one request, and filters by the search', async () => {
    const all = await options('selectUserType');
    expect(all.options.map((o) => o.label)).toEqual(['User (user)', 'Contractor (contractor)']);
    expect(all.nextCursor).toBeUndefined();
    expect(t.sandbox.stats.requests).toBe(1);
    const found = await options('selectUserType', { search: 'contr' });
    expect(found.options).toEqual([
      { value: expect.stringMatching(/^oty/), label: 'Contractor (contractor)', description: 'Fixed-term staff' },
    ]);
  });
});

describe('selectUserFactor', () => {
  it('offers the user’s factors with their type, provider and phone', async () => {
    const result = await options('selectUserFactor', { input: { userId } });
    expect(result.options.map((o) => o.label)).toEqual([
      'Security question · Okta · What is the food you least liked as a child?',
      'SMS · Okta · +14155550100',
    ]);
    expect(t.sandbox.stats.requests).toBe(1);
    const sms = await options('selectUserFactor', { input: { userId }, search: 'sms' });
    expect(sms.options).toHaveLength(1);
    expect(sms.options[0]?.description).toBe('sms · OKTA · PENDING_ACTIVATION');
  });

  it('refuses to run without the user, sending nothing', async () => {
    const error = await options('selectUserFactor').catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('validation');
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain('userId');
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('selectSupportedFactor', () => {
  it('offers the factor types the user may enrol, by name and provider', async () => {
    const result = await options('selectSupportedFactor', { input: { userId }, search: 'authenticator' });
    expect(result.options).toEqual([
      expect.objectContaining({ value: 'token:software:totp', label: 'Authenticator app (TOTP) · Okta' }),
      expect.objectContaining({ value: 'token:software:totp', label: 'Authenticator app (TOTP) · Google' }),
    ]);
    expect(t.sandbox.stats.requests).toBe(1);
  });

  it('refuses to run without the user', async () => {
    const error = await options('selectSupportedFactor', { input: {} }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('validation');
  });
});

describe('selectLinkedObjectDefinition', () => {
  it('offers relationships by their primary name, searchable by either side', async () => {
    const all = await options('selectLinkedObjectDefinition');
    expect(all.options).toEqual([
      { value: 'manager', label: 'Manager → Subordinate', description: 'manager / subordinate' },
      { value: 'mentor', label: 'Mentor → Mentee', description: 'mentor / mentee' },
    ]);
    const found = await options('selectLinkedObjectDefinition', { search: 'mentee' });
    expect(found.options.map((o) => o.value)).toEqual(['mentor']);
  });
});
