import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { SecurityQuestion } from '../../lib/schemas/factor.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'listSecurityQuestions',
  label: 'List Security Questions',
  description: 'List the security questions a user can choose from when enrolling a security question factor.',
  area: 'factors',
  // The operation needs no scope of its own (spec x-okta-no-scope-required); okta.users.read turns a login into an id.
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: listOutput(SecurityQuestion),
  examples: [{ input: { userId: 'ada@example.com' } }],
  request: {
    method: 'GET',
    path: '/api/v1/users/{userId}/factors/questions',
    resolve: { userId: 'user' },
    output: { items: 'response' },
  },
});
