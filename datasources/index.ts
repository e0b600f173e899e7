/** The registry of data sources (picklists): the one place that lists them. */
import selectApplication from './select-application.ts';
import selectEventType from './select-event-type.ts';
import selectGroup from './select-group.ts';
import selectLinkedObjectDefinition from './select-linked-object-definition.ts';
import selectSupportedFactor from './select-supported-factor.ts';
import selectUser from './select-user.ts';
import selectUserFactor from './select-user-factor.ts';
import selectUserType from './select-user-type.ts';

export const dataSources = [
  selectUser,
  selectGroup,
  selectApplication,
  selectEventType,
  // Users: types, factors and linked objects.
  selectUserType,
  selectUserFactor,
  selectSupportedFactor,
  selectLinkedObjectDefinition,
];
