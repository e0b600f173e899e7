import { z } from 'zod';
import { collectionPicklist, textMatches } from '../lib/picklist.ts';
import { factorLabel } from '../lib/schemas/factor.ts';
import { userRef } from '../lib/schemas/refs.ts';

interface SupportedFactorSummary {
  factorType: string;
  provider: string;
  status?: string | null;
  enrollment?: string | null;
}

export default collectionPicklist<SupportedFactorSummary, z.ZodObject<{ userId: typeof userRef }>>({
  key: 'selectSupportedFactor',
  label: 'Select Supported Factor',
  description:
    'The factor types a user may enrol, as the enrollment policy allows. The value is the factor type; the ' +
    'provider is in the label. Needs the user first.',
  scopes: ['okta.users.read'],
  input: z.object({ userId: userRef }),
  dependsOn: ['userId'],
  path: '/api/v1/users/{userId}/factors/catalog',
  // One response with the whole catalogue; Okta cannot search it (spec listSupportedFactors).
  paged: false,
  matches: (f, text) => textMatches(text, factorLabel(f.factorType, f.provider), f.factorType, f.provider),
  toOption: (factor) => ({
    value: factor.factorType,
    label: factorLabel(factor.factorType, factor.provider),
    description: [factor.factorType, factor.provider, factor.enrollment, factor.status].filter(Boolean).join(' · '),
  }),
});
