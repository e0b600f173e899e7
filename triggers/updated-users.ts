import { defineUserTrigger } from '../lib/triggers/user-triggers.ts';

export default defineUserTrigger({
  key: 'updatedUsers',
  label: 'Updated Users',
  description:
    'Users changed since the last poll (profile, status, password), one record per change as of the poll; a user ' +
    'whose only change is its creation is for New Users. The first poll sets a baseline unless a start time is given.',
  selection: { field: 'lastUpdated', wanted: (user) => user.lastUpdated !== user.created },
  idOf: (user) => `${user.id}@${user.lastUpdated}`,
});
