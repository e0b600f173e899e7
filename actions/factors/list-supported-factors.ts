import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { SupportedFactor } from '../../lib/schemas/factor.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'listSupportedFactors',
  label: 'List Supported Factors',
  description:
    'List the MFA factors a user may enrol, as the org’s authenticator enrollment policy allows them, with ' +
    'whether each is required or optional and already set up.',
  area: 'factors',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: listOutput(SupportedFactor),
  examples: [{ input: { userId: 'ada@example.com' } }],
  request: {
    method: 'GET',
    path: '/api/v1/users/{userId}/factors/catalog',
    resolve: { userId: 'user' },
    output: { items: 'response' },
  },
});
