/** The registry of data sources (picklists): the one place that lists them. */
import selectApplication from './select-application.ts';
import selectDevice from './select-device.ts';
import selectEventHook from './select-event-hook.ts';
import selectEventType from './select-event-type.ts';
import selectGroup from './select-group.ts';
import selectGroupMember from './select-group-member.ts';
import selectGroupRule from './select-group-rule.ts';
import selectIdentitySource from './select-identity-source.ts';
import selectLinkedObjectDefinition from './select-linked-object-definition.ts';
import selectOperation from './select-operation.ts';
import selectPolicy from './select-policy.ts';
import selectRealm from './select-realm.ts';
import selectSupportedFactor from './select-supported-factor.ts';
import selectUser from './select-user.ts';
import selectUserFactor from './select-user-factor.ts';
import selectUserType from './select-user-type.ts';

export const dataSources = [
  selectUser,
  selectGroup,
  selectApplication,
  selectEventType,
  selectRealm,
  selectPolicy,
  selectDevice,
  selectIdentitySource,
  selectGroupMember,
  selectGroupRule,
  // Users: types, factors and linked objects.
  selectUserType,
  selectUserFactor,
  selectSupportedFactor,
  selectLinkedObjectDefinition,
  selectEventHook,
  selectOperation,
];
