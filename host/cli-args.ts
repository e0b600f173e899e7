/** @module The CLI's arguments: a mistake in them (`UsageError`), JSON given inline or as a file, whole numbers. */
import { readFileSync } from 'node:fs';
import { ValidationError } from '../lib/errors.ts';

/**
 * A mistake in the command line or the setup it names (a busy port, a missing token): exit code 1, the usual error
 * JSON (kind `validation`, code `USAGE`, `details` saying where to look) and the usage.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** `JSON`, `@file` or `@-` (standard input). */
export function readJson(value: string, option: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch {
      throw new ValidationError(`${option}: cannot read "${file}".`, [{ path: option, message: 'Unreadable file' }], {
        code: 'UNREADABLE_FILE',
      });
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    // The text itself is not repeated: --connection holds a secret.
    throw new ValidationError(`${option} is not valid JSON.`, [{ path: option, message: 'Invalid JSON' }], {
      code: 'INVALID_JSON',
    });
  }
}

export function required(args: string[], what: string): string {
  const [value] = args;
  if (!value) throw new UsageError(`Give ${what}.`, { missing: what });
  return value;
}

export function integer(value: string | undefined, option: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number, not "${value}".`, { option });
  return Number(value);
}
