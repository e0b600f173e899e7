import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { ImportSession } from '../../lib/schemas/directory.ts';
import { identitySourceRef, importSessionRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'triggerImportSession',
  label: 'Trigger Import Session',
  description:
    'Start importing what was uploaded to a session into Okta. The session becomes TRIGGERED, then COMPLETED when ' +
    'Okta is done (follow it with Get Import Session). Okta refuses (400) a session with no data, or one already ' +
    'triggered, so after a lost answer a second run fails rather than ' +
    'importing twice.',
  area: 'imports',
  scopes: ['okta.identitySources.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  operations: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import'],
  input: z.object({ identitySourceId: identitySourceRef, sessionId: importSessionRef }),
  output: ImportSession,
  examples: [{ input: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4', sessionId: 'aps1qqonvr2SZv6o70h8' } }],
  async run({ input, okta, signal }) {
    const { data } = await okta.request<ImportSession | ImportSession[]>({
      method: 'POST',
      path: pathOf('/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import', input),
      signal,
    });
    // The spec types the answer as the session, but its example (TriggerSessionResponse) is an array holding it:
    // either is taken.
    return Array.isArray(data) ? (data[0] as ImportSession) : data;
  },
});
