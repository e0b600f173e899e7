/**
 * @module The System Log event types the sandbox writes, by name. Every one is a type of Okta's catalogue
 * (`lib/data/event-types.json`, checked by test/sandbox/event-types.test.ts); a new domain adds its own here.
 */
export const EventType = {
  userCreate: 'user.lifecycle.create',
  userActivate: 'user.lifecycle.activate',
  userReactivate: 'user.lifecycle.reactivate',
  userDeactivate: 'user.lifecycle.deactivate',
  userSuspend: 'user.lifecycle.suspend',
  userUnsuspend: 'user.lifecycle.unsuspend',
  userDeleteInitiated: 'user.lifecycle.delete.initiated',
  userProfileUpdate: 'user.account.update_profile',
  userUnlock: 'user.account.unlock',
  userResetPassword: 'user.account.reset_password',
  userExpirePassword: 'user.account.expire_password',
  userSessionStart: 'user.session.start',

  groupCreate: 'group.lifecycle.create',
  groupDelete: 'group.lifecycle.delete',
  groupProfileUpdate: 'group.profile.update',
  groupMembershipAdd: 'group.user_membership.add',
  groupMembershipRemove: 'group.user_membership.remove',

  appActivate: 'application.lifecycle.activate',
  appDeactivate: 'application.lifecycle.deactivate',
  appMembershipAdd: 'application.user_membership.add',
  appMembershipRemove: 'application.user_membership.remove',

  // Devices, realms, policies and identity-source imports (sandbox/org/devices.ts, realms.ts, policies.ts,
  // identity-sources.ts).
  deviceActivate: 'device.lifecycle.activate',
  deviceDeactivate: 'device.lifecycle.deactivate',
  deviceSuspend: 'device.lifecycle.suspend',
  deviceUnsuspend: 'device.lifecycle.unsuspend',
  deviceDelete: 'device.lifecycle.delete',
  deviceUserAdd: 'device.user.add',
  deviceUserRemove: 'device.user.remove',
  realmCreate: 'directory.realm.lifecycle.create',
  realmUpdate: 'directory.realm.lifecycle.update',
  realmDelete: 'directory.realm.lifecycle.delete',
  policyCreate: 'policy.lifecycle.create',
  policyUpdate: 'policy.lifecycle.update',
  policyActivate: 'policy.lifecycle.activate',
  policyDeactivate: 'policy.lifecycle.deactivate',
  policyDelete: 'policy.lifecycle.delete',
  policyRuleAdd: 'policy.rule.add',
  policyRuleUpdate: 'policy.rule.update',
  policyRuleActivate: 'policy.rule.activate',
  policyRuleDeactivate: 'policy.rule.deactivate',
  policyRuleDelete: 'policy.rule.delete',
  importSessionCreated: 'system.import.session.created',
  importSessionCancelled: 'system.import.session.cancelled',
  importSessionTriggered: 'system.import.session.triggered',
  importBulkUpsert: 'system.identity_sources.bulk_upsert',
  importUserCreate: 'system.import.user.create',
  importUserUpdate: 'system.import.user.update',
  importComplete: 'system.import.complete',
} as const;

export type EventTypeName = (typeof EventType)[keyof typeof EventType];
