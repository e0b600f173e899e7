import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { factorRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'unenrollFactor',
  label: 'Unenroll Factor',
  description:
    'Remove one of a user’s MFA factors; they enrol it again to use it. Run twice, the second run finds the ' +
    'factor gone (404).',
  area: 'factors',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({
    userId: userRef,
    factorId: factorRef,
    removeRecoveryEnrollment: z.boolean().optional().meta({
      label: 'Remove recovery phone too',
      description: 'For sms and call: also remove the phone number as a recovery method.',
    }),
  }),
  output: z.object({
    userId: z.string().meta({ description: 'The Okta id of the user.' }),
    factorId: z.string().meta({ description: 'The factor removed.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', factorId: 'ufs2bysphxKODSZKWVCT' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', factorId: 'ufs2bysphxKODSZKWVCT' },
    },
  ],
  request: {
    method: 'DELETE',
    path: '/api/v1/users/{userId}/factors/{factorId}',
    resolve: { userId: 'user' },
    query: ['removeRecoveryEnrollment'],
    output: { userId: 'input.userId', factorId: 'input.factorId' },
  },
});
