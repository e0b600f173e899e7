import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ImportSession } from '../../lib/schemas/directory.ts';
import { identitySourceRef, importSessionRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getImportSession',
  label: 'Get Import Session',
  description: 'Read an import session, to follow it from CREATED through TRIGGERED to COMPLETED (or ERROR).',
  area: 'imports',
  scopes: ['okta.identitySources.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ identitySourceId: identitySourceRef, sessionId: importSessionRef }),
  output: ImportSession,
  examples: [{ input: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4', sessionId: 'aps1qqonvr2SZv6o70h8' } }],
  request: { method: 'GET', path: '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}' },
});
