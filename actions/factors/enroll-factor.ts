import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { FactorProvider, FactorType, UserFactor } from '../../lib/schemas/factor.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';

const input = z.object({
  userId: userRef,
  factorType: FactorType.meta({
    label: 'Factor type',
    description: 'The kind of factor; the picklist offers those the user may enrol.',
    example: 'sms',
    dataSource: 'selectSupportedFactor',
  }),
  provider: FactorProvider.default('OKTA').meta({ label: 'Provider', example: 'OKTA' }),
  question: z.string().trim().min(1).optional().meta({
    label: 'Security question',
    description: 'For a question factor: the question key, from List Security Questions.',
    example: 'disliked_food',
  }),
  answer: z.string().min(4).optional().meta({
    label: 'Answer',
    description: 'For a question factor: the answer, at least 4 characters.',
    writeOnly: true,
  }),
  phoneNumber: z.string().trim().min(1).optional().meta({
    label: 'Phone number',
    description: 'For sms and call factors, in E.164 form.',
    example: '+14155550100',
  }),
  email: z.email().optional().meta({
    label: 'Email',
    description: 'For an email factor; defaults to the user’s primary email.',
  }),
  profile: z.record(z.string(), z.unknown()).optional().meta({
    label: 'Other profile fields',
    description: 'Further factor profile fields by Okta’s names, e.g. credentialId for a token.',
  }),
  activate: z.boolean().optional().meta({
    label: 'Activate now',
    description: 'For sms, call and email: activate at once, without the user confirming a code.',
  }),
  updatePhone: z.boolean().optional().meta({
    label: 'Update phone',
    description: 'For sms and call: replace the phone number of a factor still pending activation.',
  }),
});

export default defineAction({
  key: 'enrollFactor',
  label: 'Enroll Factor',
  description:
    'Enrol an MFA factor for a user. A security question is active at once; TOTP, SMS, call, email and push ' +
    'factors wait for activation (TOTP returns its shared secret). After a lost answer it is not resent; ' +
    'running it again is refused once a factor of that type is active.',
  area: 'factors',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: withRules(input, [
    {
      ok: (i) => i.factorType !== 'question' || (isSet(i.question) && isSet(i.answer)),
      path: ['answer'],
      message: 'A question factor needs a question and its answer',
    },
    {
      ok: (i) => !(i.factorType === 'sms' || i.factorType === 'call') || isSet(i.phoneNumber),
      path: ['phoneNumber'],
      message: 'An sms or call factor needs a phone number',
    },
  ]),
  output: UserFactor,
  examples: [
    { input: { userId: 'ada@example.com', factorType: 'sms', phoneNumber: '+14155550100' } },
    { input: { userId: 'ada@example.com', factorType: 'question', question: 'disliked_food', answer: 'mayonnaise' } },
  ],
  request: {
    // Okta's causes: "Factor not enabled." for a factor the org does not offer (400 E0000001).
    method: 'POST',
    path: '/api/v1/users/{userId}/factors',
    resolve: { userId: 'user' },
    query: ['activate', 'updatePhone'],
    body: {
      factorType: 'factorType',
      provider: 'provider',
      profile: 'profile',
      'profile.question': 'question',
      'profile.answer': 'answer',
      'profile.phoneNumber': 'phoneNumber',
      'profile.email': 'email',
    },
  },
});
