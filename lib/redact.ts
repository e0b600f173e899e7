/**
 * @module Keeps secrets out of errors and log lines.
 *
 * Every credential an `Auth` holds is listed in its `secrets`; before an error leaves the client or the runtime,
 * each occurrence is replaced, in the message and anywhere in its details.
 */

const MASK = '[REDACTED]';
/** Secrets shorter than this would mask ordinary words; no real token is this short. */
const MIN_SECRET_LENGTH = 6;

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}

export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, secrets);
    return out as T;
  }
  return value;
}

/** Redacts an error in place (message, stack and details) and returns it. */
export function redactSecrets<E extends Error>(error: E, secrets: readonly string[]): E {
  if (!secrets.length) return error;
  error.message = redactText(error.message, secrets);
  if (error.stack) error.stack = redactText(error.stack, secrets);
  const withDetails = error as E & { details?: unknown };
  if (withDetails.details !== undefined) {
    Object.defineProperty(error, 'details', { value: redactValue(withDetails.details, secrets), writable: true });
  }
  return error;
}
