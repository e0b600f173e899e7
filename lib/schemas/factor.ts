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
