/** The registry of data sources (picklists): the one place that lists them. */
import selectDevice from './select-device.ts';
import selectGroup from './select-group.ts';
import selectIdentitySource from './select-identity-source.ts';
import selectPolicy from './select-policy.ts';
import selectRealm from './select-realm.ts';
import selectUser from './select-user.ts';

export const dataSources = [selectUser, selectGroup, selectRealm, selectPolicy, selectDevice, selectIdentitySource];
