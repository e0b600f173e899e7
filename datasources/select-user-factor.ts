import { z } from 'zod';
import { collectionPicklist, textMatches } from '../lib/picklist.ts';
import { factorLabel } from '../lib/schemas/factor.ts';
import { userRef } from '../lib/schemas/refs.ts';

interface FactorSummary {
  id: string;
  factorType: string;
  provider: string;
  status: string;
  profile?: Record<string, unknown> | null;
}

/** What tells two factors of a user apart: the phone, the address, the question. */
function detail(factor: FactorSummary): string | undefined {
  const profile = factor.profile ?? {};
  const value = profile.phoneNumber ?? profile.email ?? profile.questionText ?? profile.credentialId;
  return typeof value === 'string' ? value : undefined;
}

export default collectionPicklist<FactorSummary, z.ZodObject<{ userId: typeof userRef }>>({
  key: 'selectUserFactor',
  label: 'Select User Factor',
  description: 'The MFA factors a user has enrolled, by type and provider. Needs the user first.',
  scopes: ['okta.users.read'],
  input: z.object({ userId: userRef }),
  dependsOn: ['userId'],
  path: '/api/v1/users/{userId}/factors',
  // One response with every factor of the user; Okta cannot search them (spec listFactors).
  paged: false,
  matches: (f, text) => textMatches(text, factorLabel(f.factorType, f.provider), f.factorType, detail(f)),
  toOption: (factor) => ({
    value: factor.id,
    label: [factorLabel(factor.factorType, factor.provider), detail(factor)].filter(Boolean).join(' · '),
    description: `${factor.factorType} · ${factor.provider} · ${factor.status}`,
  }),
});
