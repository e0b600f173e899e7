import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { UserType } from '../../lib/schemas/user-type.ts';

export default defineAction({
  key: 'listUserTypes',
  label: 'List User Types',
  description: 'List the org’s user types, the default type `user` included.',
  area: 'users',
  scopes: ['okta.userTypes.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({}),
  output: listOutput(UserType),
  examples: [{ input: {} }],
  request: {
    // Every type in one response: the operation has no paging parameters (spec listUserTypes).
    method: 'GET',
    path: '/api/v1/meta/types/user',
    output: { items: 'response' },
  },
});
