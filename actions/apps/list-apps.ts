import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { App } from '../../lib/schemas/app.ts';
import { expressionText, quickFindText } from '../../lib/schemas/bounds.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';

const fields = {
  q: quickFindText().optional().meta({
    label: 'Quick find',
    description: 'Apps whose name or label starts with this text.',
    example: 'Sales',
  }),
  filter: expressionText()
    .optional()
    .meta({
      label: 'Filter',
      description:
        'Okta filter with eq on id, status, name, credentials.signing.kid, settings.slo.enabled, user.id (apps a user ' +
        'is assigned to) or group.id (apps a group is assigned to).',
      example: 'status eq "ACTIVE"',
    }),
  includeNonDeleted: z.boolean().optional().meta({
    label: 'Include non-deleted',
    description: 'Also list apps that are not active but not deleted yet.',
  }),
  useOptimization: z.boolean().optional().meta({
    label: 'Summary only',
    description: 'Return a subset of each app’s properties, which Okta answers faster.',
  }),
  expand: z
    .string()
    .trim()
    .regex(/^user\/.+$/, 'Only user/{userId} can be expanded')
    .optional()
    .meta({
      label: 'Include app user',
      description:
        'user/{userId}: adds that user’s assignment (_embedded.user); needs the filter user.id eq "{userId}".',
      example: 'user/00ub0oNGTSWTBKOLGLNR',
    }),
  // Okta's largest page for apps is 200 (docs/okta.md §2.2).
  ...listFields({ defaultLimit: 20, maxLimit: 200 }),
};

export default defineAction({
  key: 'listApps',
  label: 'List Apps',
  description: 'List app integrations, all of them or those matching a quick find on name and label, or a filter.',
  area: 'apps',
  scopes: ['okta.apps.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object(withExtraQuery(fields)),
  output: listOutput(App),
  examples: [
    { input: { q: 'Sales' } },
    { input: { filter: 'user.id eq "00ub0oNGTSWTBKOLGLNR"', fetchAll: true } },
    { input: { filter: 'status eq "ACTIVE"', useOptimization: true, limit: 200 } },
  ],
  request: {
    method: 'GET',
    path: '/api/v1/apps',
    query: ['q', 'filter', 'includeNonDeleted', 'useOptimization', 'expand'],
    extraQuery: true,
    list: true,
  },
});
