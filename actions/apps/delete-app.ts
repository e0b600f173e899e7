import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import { pathOf } from '../../lib/http/path.ts';
import { AppStatus } from '../../lib/schemas/app.ts';
import { appRef } from '../../lib/schemas/refs.ts';

interface AppSummary {
  id: string;
  label: string;
  status: string;
}

export default defineAction({
  key: 'deleteApp',
  label: 'Delete App',
  description:
    'Delete an app integration permanently, with its user and group assignments. An active app is deactivated ' +
    'first, as Okta deletes only inactive apps. This cannot be undone; after a lost answer, running it ' +
    'again on a deleted app fails with not found.',
  area: 'apps',
  scopes: ['okta.apps.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  operations: [
    'GET /api/v1/apps/{appId}',
    'POST /api/v1/apps/{appId}/lifecycle/deactivate',
    'DELETE /api/v1/apps/{appId}',
  ],
  input: z.object({ appId: appRef }),
  output: z.object({
    appId: z.string().meta({ description: 'The Okta id of the deleted app.' }),
    label: z.string().meta({ description: 'The label the app had.' }),
    previousStatus: AppStatus,
    deactivated: z.boolean().meta({ description: 'True when the app had to be deactivated before deletion.' }),
  }),
  examples: [
    {
      input: { appId: '0oa1gjh63g214q0Hq0g4' },
      output: { appId: '0oa1gjh63g214q0Hq0g4', label: 'Expense Reports', previousStatus: 'ACTIVE', deactivated: true },
    },
  ],
  async run({ input, okta, signal }) {
    const path = pathOf('/api/v1/apps/{appId}', input);
    const { data: app } = await okta.request<AppSummary>({ path, signal });
    // Okta deletes only INACTIVE apps: 403 E0000056 otherwise (docs/okta.md §7.4). Deactivating is safe to repeat.
    const deactivated = app.status === 'ACTIVE';
    if (deactivated) {
      await okta.request({ method: 'POST', path: pathOf('/api/v1/apps/{appId}/lifecycle/deactivate', input), signal });
    }
    try {
      await okta.request({ method: 'DELETE', path, signal });
    } catch (error) {
      // A retried DELETE whose first attempt went through finds the app gone: that is the goal reached.
      if (!isOktaApiError(error, 404)) throw error;
    }
    return { appId: app.id, label: app.label, previousStatus: app.status as z.infer<typeof AppStatus>, deactivated };
  },
});
