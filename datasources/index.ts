/** The registry of data sources (picklists): the one place that lists them. */
import selectApplication from './select-application.ts';
import selectDevice from './select-device.ts';
import selectEventType from './select-event-type.ts';
import selectGroup from './select-group.ts';
import selectGroupMember from './select-group-member.ts';
import selectGroupRule from './select-group-rule.ts';
import selectIdentitySource from './select-identity-source.ts';
import selectPolicy from './select-policy.ts';
import selectRealm from './select-realm.ts';
import selectUser from './select-user.ts';

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
];
