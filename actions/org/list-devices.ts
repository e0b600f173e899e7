import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { expressionText } from '../../lib/schemas/bounds.ts';
import { Device } from '../../lib/schemas/directory.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';

const fields = {
  search: expressionText()
    .optional()
    .meta({
      label: 'Search',
      description:
        'Okta search expression on id, status, lastUpdated or any profile attribute (eq, sw; co only on ' +
        'displayName, serialNumber, imei, meid, udid and sid). Eventually consistent: may lag behind changes.',
      example: 'status eq "ACTIVE" and profile.platform eq "WINDOWS"',
    }),
  expand: z.enum(['user', 'userSummary']).optional().meta({
    label: 'Include users',
    description: 'user adds each device’s users in full (_embedded.users); userSummary adds a summary of each.',
  }),
  // 1 to 200, 200 by default (spec listDevices).
  ...listFields({ defaultLimit: 200, maxLimit: 200 }),
};

export default defineAction({
  key: 'listDevices',
  label: 'List Devices',
  description: 'List the devices registered with the org (Identity Engine), all of them or those matching a search.',
  area: 'org',
  scopes: ['okta.devices.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object(withExtraQuery(fields)),
  output: listOutput(Device),
  examples: [
    { input: { search: 'profile.displayName co "MacBook"', expand: 'userSummary' } },
    { input: { fetchAll: true, maxRecords: 5000 } },
  ],
  request: {
    method: 'GET',
    path: '/api/v1/devices',
    query: ['search', 'expand'],
    extraQuery: true,
    list: true,
  },
});
