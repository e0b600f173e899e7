/** The registry of data sources (picklists): the one place that lists them. */
import selectEventType from './select-event-type.ts';
import selectGroup from './select-group.ts';
import selectGroupMember from './select-group-member.ts';
import selectGroupRule from './select-group-rule.ts';
import selectUser from './select-user.ts';

export const dataSources = [selectUser, selectGroup, selectEventType, selectGroupMember, selectGroupRule];
