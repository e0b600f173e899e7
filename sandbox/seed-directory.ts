/**
 * @module Seed data for the org's directory domains: realms, each policy type's default policy and rule (as every
 * Okta org has), a few enrolled devices, a Custom Identity Source app, and the org's contact users. Deterministic:
 * no randomness, so it leaves the users' seed untouched.
 */
import { IDENTITY_SOURCE_APP_NAME } from './org/identity-sources.ts';
import type { PolicyType } from './org/policies.ts';
import type { Org } from './state.ts';

const DAY = 86_400_000;

/** Each type's default policy and rule, as a new Identity Engine org has them. */
const DEFAULT_POLICIES: { type: PolicyType; name: string; rule: string; actions: Record<string, unknown> }[] = [
  {
    type: 'OKTA_SIGN_ON',
    name: 'Default Policy',
    rule: 'Default Rule',
    actions: { signon: { access: 'ALLOW', requireFactor: false, session: { usePersistentCookie: false } } },
  },
  { type: 'PASSWORD', name: 'Default Policy', rule: 'Default Rule', actions: { passwordChange: { access: 'ALLOW' } } },
  { type: 'MFA_ENROLL', name: 'Default Policy', rule: 'Default Rule', actions: { enroll: { self: 'CHALLENGE' } } },
  {
    type: 'ACCESS_POLICY',
    name: 'Default Policy',
    rule: 'Catch-all Rule',
    actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', type: 'ASSURANCE' } } },
  },
  {
    type: 'PROFILE_ENROLLMENT',
    name: 'Default Policy',
    rule: 'Catch-all Rule',
    actions: { profileEnrollment: { access: 'ALLOW', activationRequirements: { emailVerification: true } } },
  },
  { type: 'IDP_DISCOVERY', name: 'Idp Discovery Policy', rule: 'Default Rule', actions: { idp: { providers: [] } } },
];

const DEVICES = [
  { displayName: 'MacBook Pro 14', platform: 'MACOS', manufacturer: 'Apple', model: 'MacBookPro18,3' },
  { displayName: 'Pixel 8', platform: 'ANDROID', manufacturer: 'Google', model: 'Pixel 8' },
  { displayName: 'iPhone 15', platform: 'IOS', manufacturer: 'Apple', model: 'iPhone15,4' },
  { displayName: 'ThinkPad X1 Carbon', platform: 'WINDOWS', manufacturer: 'Lenovo', model: '21HM' },
  { displayName: 'Surface Laptop 5', platform: 'WINDOWS', manufacturer: 'Microsoft', model: 'Surface Laptop 5' },
  { displayName: 'Chromebook Plus', platform: 'CHROMEOS', manufacturer: 'Acer', model: 'CB514' },
] as const;

export function seedDirectory(org: Org, start: number): void {
  org.realms.create(
    { name: 'Default Realm', realmType: 'DEFAULT' },
    { isDefault: true, at: start - 400 * DAY, log: false },
  );
  org.realms.create(
    { name: 'Partners', realmType: 'PARTNER', domains: ['partner.example.com'] },
    { at: start - 100 * DAY, log: false },
  );

  for (const { type, name, rule, actions } of DEFAULT_POLICIES) {
    const at = start - 400 * DAY;
    const policy = org.policies.create(
      { type, name, description: `The default ${type} policy applies in all situations if no other policy applies.` },
      { system: true, at, log: false },
    );
    org.policies.createRule(policy.id, { name: rule, actions }, { system: true, at, log: false });
  }

  const active = org.listUsers().filter((u) => u.status === 'ACTIVE');
  DEVICES.forEach((profile, i) => {
    const user = active[i];
    const status = i === 4 ? 'SUSPENDED' : i === 5 ? 'DEACTIVATED' : 'ACTIVE';
    org.devices.register(
      {
        ...profile,
        registered: true,
        secureHardwarePresent: i < 3,
        serialNumber: `SN${String(100000 + i * 7919)}`,
        osVersion: '14.0',
        diskEncryptionType: 'ALL_INTERNAL_VOLUMES',
      },
      { status, at: start - (60 - i) * DAY, userIds: user && status !== 'DEACTIVATED' ? [user.id] : [] },
    );
  });

  org.apps.create(
    { name: IDENTITY_SOURCE_APP_NAME, label: 'Workday HR (Custom Identity Source)', signOnMode: 'AUTO_LOGIN' },
    { at: start - 90 * DAY },
  );

  const contact = active[0];
  if (contact) {
    org.settings.setContact('BILLING', contact.id);
    org.settings.setContact('TECHNICAL', contact.id);
  }
}
