import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppLifecycleResult } from '../../lib/schemas/app.ts';
import { appRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'activateApp',
  label: 'Activate App',
  description:
    'Activate an inactive app integration, so its assigned users can sign in to it again. Activating an active ' +
    'app changes nothing. ' +
    'After a lost answer it is sent again, which is harmless.',
  area: 'apps',
  scopes: ['okta.apps.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ appId: appRef }),
  output: AppLifecycleResult,
  examples: [
    {
      input: { appId: '0oa1gjh63g214q0Hq0g4' },
      output: { appId: '0oa1gjh63g214q0Hq0g4', label: 'Salesforce.com', status: 'ACTIVE' },
    },
  ],
  request: {
    method: 'POST',
    path: '/api/v1/apps/{appId}/lifecycle/activate',
    // Repeating it changes nothing: resent after a 5xx or a lost answer, like a PUT.
    idempotent: true,
    // The lifecycle call answers an empty object: the app is read back for its label and status.
    readBack: { method: 'GET', path: '/api/v1/apps/{appId}' },
    output: { appId: 'readBack.id', label: 'readBack.label', status: 'readBack.status' },
  },
});
