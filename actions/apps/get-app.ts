import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { App } from '../../lib/schemas/app.ts';
import { appRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getApp',
  label: 'Get App',
  description: 'Get an app integration by id: its label, status, sign-on mode, settings and credentials.',
  area: 'apps',
  scopes: ['okta.apps.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ appId: appRef }),
  output: App,
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4' } }],
  request: { method: 'GET', path: '/api/v1/apps/{appId}' },
});
