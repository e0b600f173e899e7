import { z } from 'zod';
import { defineConnection } from '../lib/define.ts';
import { diagnoseOrg } from '../lib/diagnostics.ts';
import { domainField } from '../lib/domain.ts';
import { fingerprint } from '../lib/fingerprint.ts';

export default defineConnection({
  key: 'apiToken',
  label: 'API token',
  description:
    'An Okta domain and an API token (Security → API → Tokens), sent as "Authorization: SSWS …". The token acts ' +
    'with the privileges of the admin who created it and expires after 30 days without use.',
  fields: z.object({
    domain: domainField,
    apiToken: z
      .string()
      .trim()
      .min(1, 'Enter the API token.')
      .refine((token) => !/^SSWS\s/i.test(token), 'Enter the token alone, without the "SSWS " prefix.')
      // Okta tokens are printable ASCII: a line break or a pasted typographic character would break the header.
      .refine(
        (token) => /^[\x21-\x7e]+$/.test(token),
        'The API token holds a space, a line break or a character an Okta token never has: paste it again.',
      )
      .meta({
        label: 'API token',
        description: 'Created in the Admin Console under Security → API → Tokens.',
        format: 'password',
        writeOnly: true,
      }),
  }),
  authorize({ domain, apiToken }) {
    return {
      origin: domain,
      principal: `ssws:${fingerprint(apiToken)}`,
      secrets: [apiToken],
      headers: () => ({ authorization: `SSWS ${apiToken}` }),
    };
  },
  test: ({ okta, signal }) => diagnoseOrg(okta, signal),
});
