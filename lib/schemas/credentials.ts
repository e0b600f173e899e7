/** @module Credential inputs as zod, after Okta's `PasswordCredentialHash` (spec components/schemas). */
import { z } from 'zod';

/** A password hash imported from another system; which fields apply depends on the algorithm. */
export const PasswordHash = z.looseObject({
  algorithm: z.enum(['BCRYPT', 'MD5', 'PBKDF2', 'SHA-1', 'SHA-256', 'SHA-512']).meta({ label: 'Algorithm' }),
  value: z.string().min(1).meta({ label: 'Hash', description: 'The hash, base64-encoded (for BCRYPT, Radix-64).' }),
  salt: z.string().optional().meta({ label: 'Salt', description: 'The salt, for salted algorithms.' }),
  saltOrder: z
    .enum(['PREFIX', 'POSTFIX'])
    .optional()
    .meta({ label: 'Salt order', description: 'Where the salt was added.' }),
  workFactor: z.number().int().min(1).max(20).optional().meta({ label: 'Work factor', description: 'BCRYPT cost.' }),
  iterationCount: z
    .number()
    .int()
    .min(4096)
    .optional()
    .meta({ label: 'Iterations', description: 'PBKDF2 iterations.' }),
  keySize: z.number().int().optional().meta({ label: 'Key size', description: 'PBKDF2 derived key size in bytes.' }),
  digestAlgorithm: z
    .enum(['SHA256_HMAC', 'SHA512_HMAC'])
    .optional()
    .meta({ label: 'Digest algorithm', description: 'PBKDF2 digest.' }),
});
