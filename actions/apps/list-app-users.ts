import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppUser } from '../../lib/schemas/app.ts';
import { quickFindText } from '../../lib/schemas/bounds.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { appRef } from '../../lib/schemas/refs.ts';

const fields = {
  appId: appRef,
  q: quickFindText().optional().meta({
    label: 'Quick find',
    description: 'App users whose app username, first name, last name or email starts with this text.',
    example: 'ada',
  }),
  expand: z.enum(['user']).optional().meta({
    label: 'Include Okta user',
    description: 'user: adds each Okta user (_embedded.user).',
  }),
  // 50 by default, at most 500 per page (spec parameter queryAppLimit).
  ...listFields({ defaultLimit: 50, maxLimit: 500 }),
};

export default defineAction({
  key: 'listAppUsers',
  label: 'List App Users',
  description:
    'List the users assigned to an app, directly (scope USER) or through a group (scope GROUP), with their app ' +
    'username and app profile.',
  area: 'apps',
  scopes: ['okta.apps.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object(withExtraQuery(fields)),
  output: listOutput(AppUser),
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', q: 'ada', expand: 'user' } }],
  request: {
    method: 'GET',
    path: '/api/v1/apps/{appId}/users',
    query: ['q', 'expand'],
    extraQuery: true,
    list: true,
  },
});
