/**
 * @module Okta's MFA factor objects as zod (spec `UserFactor`, `UserFactorSupported`, `UserFactorSecurityQuestion…`),
 * for action outputs. Loose objects: each factor type adds its own profile and embedded fields.
 */
import { z } from 'zod';

export const FactorType = z
  .enum([
    'call',
    'email',
    'push',
    'question',
    'sms',
    'token',
    'token:hardware',
    'token:hotp',
    'token:software:totp',
    'u2f',
    'web',
    'webauthn',
    'signed_nonce',
  ])
  .meta({ description: 'The kind of factor.' });

export const FactorProvider = z
  .enum(['OKTA', 'RSA', 'FIDO', 'GOOGLE', 'SYMANTEC', 'DUO', 'YUBICO', 'CUSTOM'])
  .meta({ description: 'Who provides the factor.' });

const nullableString = z.string().nullable().optional();

export const UserFactor = z
  .looseObject({
    id: z.string(),
    factorType: z.string(),
    provider: z.string(),
    vendorName: nullableString,
    status: z
      .string()
      .meta({ description: 'PENDING_ACTIVATION until activated, then ACTIVE (also NOT_SETUP, INACTIVE, EXPIRED).' }),
    created: nullableString,
    lastUpdated: nullableString,
    profile: z.record(z.string(), z.unknown()).nullable().optional(),
    _embedded: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'On enrolment: `activation`, e.g. the TOTP shared secret or the push QR code.' }),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'A factor enrolled for a user.' });

export const SupportedFactor = z
  .looseObject({
    factorType: z.string(),
    provider: z.string(),
    vendorName: nullableString,
    status: nullableString.meta({ description: 'NOT_SETUP, or the status of the user’s enrolment.' }),
    enrollment: nullableString.meta({ description: 'REQUIRED or OPTIONAL for this user.' }),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'A factor the user may enrol.' });

export const SecurityQuestion = z
  .looseObject({
    question: z.string().meta({ description: 'The key to enrol with, e.g. disliked_food.' }),
    questionText: z.string().meta({ description: 'The question as the user reads it.' }),
  })
  .meta({ description: 'A security question the user may choose.' });

const FACTOR_NAMES: Record<string, string> = {
  question: 'Security question',
  'token:software:totp': 'Authenticator app (TOTP)',
  sms: 'SMS',
  call: 'Voice call',
  email: 'Email',
  push: 'Okta Verify push',
  token: 'Hardware token',
  'token:hardware': 'Hardware token',
  'token:hotp': 'HOTP token',
  u2f: 'U2F security key',
  web: 'Web',
  webauthn: 'Security key or biometric',
  signed_nonce: 'Okta FastPass',
};

const PROVIDER_NAMES: Record<string, string> = {
  OKTA: 'Okta',
  GOOGLE: 'Google',
  RSA: 'RSA SecurID',
  SYMANTEC: 'Symantec VIP',
  YUBICO: 'YubiKey',
  DUO: 'Duo',
  FIDO: 'FIDO',
  CUSTOM: 'Custom',
};

/** "Authenticator app (TOTP) · Google": the factor's type and provider as people know them. */
export function factorLabel(factorType: string, provider: string): string {
  return `${FACTOR_NAMES[factorType] ?? factorType} · ${PROVIDER_NAMES[provider] ?? provider}`;
}
