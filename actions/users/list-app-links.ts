import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';

const AppLink = z
  .looseObject({
    id: z.string().optional(),
    label: z.string().meta({ description: 'The label the user sees on their dashboard.' }),
    linkUrl: z.string().meta({ description: 'The URL that signs the user in to the app.' }),
    logoUrl: z.string().nullable().optional(),
    appName: z.string(),
    appInstanceId: z.string().meta({ description: 'The app’s id.' }),
    appAssignmentId: z.string().optional(),
    credentialsSetup: z.boolean().optional(),
    hidden: z.boolean().optional(),
    sortOrder: z.number().optional(),
  })
  .meta({ description: 'An app link on the user’s Okta dashboard.' });

export default defineAction({
  key: 'listAppLinks',
  label: 'List App Links',
  description: 'List the app links on a user’s Okta dashboard: the apps they can sign in to, with their sign-in URLs.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: listOutput(AppLink),
  examples: [{ input: { userId: 'ada@example.com' } }],
  request: {
    // One response with every link: the operation has no paging parameters (spec listAppLinks).
    method: 'GET',
    path: '/api/v1/users/{userId}/appLinks',
    resolve: { userId: 'userPath' },
    output: { items: 'response' },
  },
});
