import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { OrgMetadata } from '../../lib/schemas/directory.ts';

export default defineAction({
  key: 'getOrgMetadata',
  label: 'Get Org Metadata',
  description:
    'Read what the org says about itself: its id, its URL and custom domain, and whether it runs Identity Engine ' +
    '(pipeline "idx") or Classic Engine ("v1"). Needs no permission.',
  area: 'org',
  // Unauthenticated in the spec (`security: []`); the connection's credentials are sent but not needed.
  scopes: [],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({}),
  output: OrgMetadata,
  examples: [
    {
      input: {},
      output: {
        id: '00o1n8sbwArJ7OQRw406',
        pipeline: 'idx',
        _links: { organization: { href: 'https://acme.okta.com' } },
      },
    },
  ],
  request: { method: 'GET', path: '/.well-known/okta-organization' },
});
