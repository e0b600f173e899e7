import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { ImportProfile, MAX_IMPORT_PROFILES } from '../../lib/schemas/directory.ts';
import { identitySourceRef, importSessionRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'bulkUpsertUsers',
  label: 'Bulk Upsert Users',
  description:
    `Upload up to ${MAX_IMPORT_PROFILES} users to an import session (still CREATED), to be created or updated in ` +
    'Okta when the session is triggered. Users are matched by external id, so after a lost answer uploading the ' +
    'same users again is harmless; a session takes at most 50 uploads. Map Profile Source Attributes prepares the batches.',
  area: 'imports',
  scopes: ['okta.identitySources.manage'],
  // An upsert keyed by external id: repeating it leaves the same data (it only spends one of the 50 uploads).
  hints: { readOnly: false, destructive: false, idempotent: true },
  operations: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert'],
  input: z.object({
    identitySourceId: identitySourceRef,
    sessionId: importSessionRef,
    profiles: z
      .array(ImportProfile)
      .min(1, 'Give at least one profile')
      .max(MAX_IMPORT_PROFILES, `Okta takes at most ${MAX_IMPORT_PROFILES} profiles per request: split them`)
      .meta({ label: 'Profiles', description: `1 to ${MAX_IMPORT_PROFILES} users, as { externalId, profile }.` }),
  }),
  output: z.object({
    identitySourceId: z.string(),
    sessionId: z.string(),
    uploaded: z.number().int().meta({ description: 'How many profiles Okta accepted.' }),
  }),
  examples: [
    {
      input: {
        identitySourceId: '0oa3l6l6WK6h0R0QW0g4',
        sessionId: 'aps1qqonvr2SZv6o70h8',
        profiles: [
          {
            externalId: 'E1001',
            profile: { userName: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
          },
        ],
      },
      output: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4', sessionId: 'aps1qqonvr2SZv6o70h8', uploaded: 1 },
    },
  ],
  async run({ input, okta, signal }) {
    const { identitySourceId, sessionId, profiles } = input;
    // 202 Accepted with no body (spec uploadIdentitySourceDataForUpsert).
    await okta.request({
      method: 'POST',
      path: pathOf('/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert', {
        identitySourceId,
        sessionId,
      }),
      body: { entityType: 'USERS', profiles },
      idempotent: true,
      signal,
    });
    return { identitySourceId, sessionId, uploaded: profiles.length };
  },
});
