import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { ImportSession } from '../../lib/schemas/directory.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { identitySourceRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'listImportSessions',
  label: 'List Import Sessions',
  description:
    'List the import sessions of a Custom Identity Source, whatever their status. Okta returns them all at once: ' +
    'there are no pages.',
  area: 'imports',
  scopes: ['okta.identitySources.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/identity-sources/{identitySourceId}/sessions'],
  input: z.object({ identitySourceId: identitySourceRef }),
  // The endpoint takes no paging parameters (spec listIdentitySourceSessions): nextCursor is never set.
  output: listOutput(ImportSession),
  examples: [{ input: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4' } }],
  async run({ input, okta, signal }) {
    const { data } = await okta.request<ImportSession[]>({
      path: pathOf('/api/v1/identity-sources/{identitySourceId}/sessions', input),
      signal,
    });
    return { items: Array.isArray(data) ? data : [] };
  },
});
