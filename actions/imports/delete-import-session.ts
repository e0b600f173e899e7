import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ImportSessionStatus } from '../../lib/schemas/directory.ts';
import { identitySourceRef, importSessionRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'deleteImportSession',
  label: 'Delete Import Session',
  description:
    'Cancel an import session that has not been triggered: the data uploaded to it is dropped and the session ' +
    'becomes CLOSED. Okta refuses (400) once the session is TRIGGERED or done, so after a lost answer a ' +
    'second run fails.',
  area: 'imports',
  scopes: ['okta.identitySources.manage'],
  hints: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({ identitySourceId: identitySourceRef, sessionId: importSessionRef }),
  output: z.object({
    identitySourceId: z.string(),
    sessionId: z.string(),
    status: ImportSessionStatus.optional(),
  }),
  examples: [
    {
      input: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4', sessionId: 'aps1qqonvr2SZv6o70h8' },
      output: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4', sessionId: 'aps1qqonvr2SZv6o70h8', status: 'CLOSED' },
    },
  ],
  request: {
    method: 'DELETE',
    path: '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}',
    // The session stays listed as CLOSED: the read-back shows it.
    readBack: { method: 'GET', path: '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}' },
    output: {
      identitySourceId: 'input.identitySourceId',
      sessionId: 'input.sessionId',
      status: 'readBack.status',
    },
  },
});
