import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ImportSession } from '../../lib/schemas/directory.ts';
import { identitySourceRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'createImportSession',
  label: 'Create Import Session',
  description:
    'Open an import session on a Custom Identity Source, to upload users into. An identity source has one active ' +
    'session at a time: while one is CREATED or TRIGGERED, Okta refuses another (400). After a lost answer it ' +
    'is not resent: List Import Sessions shows whether the session was opened.',
  area: 'imports',
  scopes: ['okta.identitySources.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({ identitySourceId: identitySourceRef }),
  output: ImportSession,
  examples: [
    {
      input: { identitySourceId: '0oa3l6l6WK6h0R0QW0g4' },
      output: {
        id: 'aps1qqonvr2SZv6o70h8',
        identitySourceId: '0oa3l6l6WK6h0R0QW0g4',
        status: 'CREATED',
        importType: 'INCREMENTAL',
      },
    },
  ],
  request: { method: 'POST', path: '/api/v1/identity-sources/{identitySourceId}/sessions' },
});
