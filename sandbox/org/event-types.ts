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

  appCreate: 'application.lifecycle.create',
  appUpdate: 'application.lifecycle.update',
  appDelete: 'application.lifecycle.delete',
  appActivate: 'application.lifecycle.activate',
  appDeactivate: 'application.lifecycle.deactivate',
  appMembershipAdd: 'application.user_membership.add',
  appMembershipRemove: 'application.user_membership.remove',
  appMembershipUpdate: 'application.user_membership.update',
  groupAppAssignmentAdd: 'group.application_assignment.add',
  groupAppAssignmentUpdate: 'group.application_assignment.update',
  groupAppAssignmentRemove: 'group.application_assignment.remove',

  eventHookCreated: 'event_hook.created',
  eventHookUpdated: 'event_hook.updated',
  eventHookActivated: 'event_hook.activated',
  eventHookDeactivated: 'event_hook.deactivated',
  eventHookDeleted: 'event_hook.deleted',
  eventHookVerified: 'event_hook.verified',
  eventHookDelivery: 'event_hook.delivery',
} as const;

export type EventTypeName = (typeof EventType)[keyof typeof EventType];
