/** @module The `scopes` connection field: a space- or comma-separated string or an array of okta.* scopes. */
import { z } from 'zod';

const SCOPE = /^(okta\.[A-Za-z]+\.[a-z]+|openid|profile|email|offline_access)$/;

export const scopesField = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set((Array.isArray(value) ? value : value.split(/[\s,]+/)).filter(Boolean))])
  .pipe(
    z
      .array(z.string().regex(SCOPE, 'Scopes look like okta.users.read.'))
      .min(1, 'Grant at least one scope, e.g. okta.users.read.'),
  )
  .meta({
    label: 'Scopes',
    description:
      'The okta.* scopes granted to the app, separated by spaces, e.g. "okta.users.manage okta.groups.read".',
    example: 'okta.users.manage okta.groups.manage okta.logs.read',
  });
