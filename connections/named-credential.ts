import { z } from 'zod';
import { type Auth, defineConnection } from '../lib/define.ts';
import { diagnoseOrg } from '../lib/diagnostics.ts';
import { domainField } from '../lib/domain.ts';
import { ConnectionError } from '../lib/errors.ts';
import { fingerprint } from '../lib/fingerprint.ts';

type HeaderProvider = () => string | Promise<string>;

const SCHEME = /^(SSWS|Bearer|DPoP)\s+\S+/i;

export default defineConnection({
  key: 'namedCredential',
  label: 'Named credential (held by the platform)',
  description:
    'The hosting platform keeps the secret and hands the connector an Authorization header value, or a function ' +
    'that returns one, at run time. The connector stores nothing.',
  fields: z.object({
    domain: domainField,
    authorization: z
      .union([
        z.string().trim().regex(SCHEME, 'Give the whole header value, e.g. "SSWS 00a…" or "Bearer eyJ…".'),
        z.custom<HeaderProvider>((value) => typeof value === 'function', 'Expected a header value or a function.'),
      ])
      .meta({
        label: 'Authorization header',
        description:
          'The Authorization header value ("SSWS …" or "Bearer …"), or, in process, a function returning it.',
        format: 'password',
        writeOnly: true,
      }),
  }),
  authorize({ domain, authorization }): Auth {
    const seen = new Set<string>();
    return {
      origin: domain,
      principal: `named:${typeof authorization === 'string' ? fingerprint(authorization) : 'provider'}`,
      get secrets() {
        return [...seen].flatMap((value) => [value, value.replace(SCHEME_PREFIX, '')]);
      },
      async headers() {
        const value = typeof authorization === 'string' ? authorization : await authorization();
        if (typeof value !== 'string' || !SCHEME.test(value)) {
          throw new ConnectionError(
            'INVALID_CREDENTIAL',
            'The named credential provider returned no header value: it must return "SSWS …" or "Bearer …".',
          );
        }
        seen.add(value);
        return { authorization: value };
      },
    };
  },
  test: ({ okta, signal }) => diagnoseOrg(okta, signal),
});

const SCHEME_PREFIX = /^\S+\s+/;
