import { defineUserTrigger } from '../lib/triggers/user-triggers.ts';

export default defineUserTrigger({
  key: 'newUsers',
  label: 'New Users',
  description:
    'Users created since the last poll, each once, including those created while a poll runs. The first poll sets ' +
    'a baseline unless a start time is given.',
  selection: { field: 'created', wanted: (user, since) => (user.created ?? '') >= since },
  idOf: (user) => user.id,
});
