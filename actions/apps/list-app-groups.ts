import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppGroupAssignment } from '../../lib/schemas/app.ts';
import { quickFindText } from '../../lib/schemas/bounds.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { appRef } from '../../lib/schemas/refs.ts';

const fields = {
  appId: appRef,
  q: quickFindText().optional().meta({
    label: 'Quick find',
    description: 'Assigned groups whose name starts with this text.',
    example: 'Eng',
  }),
  expand: z.enum(['group', 'metadata']).optional().meta({
    label: 'Include',
    description: 'group adds each group (_embedded.group); metadata adds the assignment metadata.',
  }),
  // 20 by default, at most 200 per page (spec parameter queryGroupAssignmentLimit).
  ...listFields({ defaultLimit: 20, maxLimit: 200 }),
};

export default defineAction({
  key: 'listAppGroups',
  label: 'List App Groups',
  description: 'List the groups assigned to an app, with each assignment’s priority and app profile.',
  area: 'apps',
  scopes: ['okta.apps.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object(withExtraQuery(fields)),
  output: listOutput(AppGroupAssignment),
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', expand: 'group' } }],
  request: {
    method: 'GET',
    path: '/api/v1/apps/{appId}/groups',
    query: ['q', 'expand'],
    extraQuery: true,
    list: true,
  },
});
