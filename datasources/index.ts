/** The registry of data sources (picklists): the one place that lists them. */
import selectApplication from './select-application.ts';
import selectEventType from './select-event-type.ts';
import selectGroup from './select-group.ts';
import selectUser from './select-user.ts';

export const dataSources = [selectUser, selectGroup, selectApplication, selectEventType];
