/**
 * @module Keeps secrets out of errors and log lines.
 *
 * Every credential an `Auth` holds is listed in its `secrets`; before an error or a log line leaves the client or the
 * runtime, each occurrence is replaced: in the message, the details, the error's other fields and its causes.
 */
import type { Logger } from './logger.ts';

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
  // Plain objects only (a prototype check also rules out primitives): a class instance may be a live object.
  if (value && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, secrets);
    return out as T;
  }
  return value;
}

/** How many causes deep an error is redacted. */
const MAX_CAUSES = 5;

/**
 * Redacts an error in place and returns it: its message and stack, its own fields (`details`, and an OktaApiError's
 * `errorSummary` and `errorCauses`, which hold Okta's words and so whatever Okta echoed) and its chain of causes,
 * which `console.error` and `util.inspect` print.
 */
export function redactSecrets<E extends Error>(error: E, secrets: readonly string[]): E {
  let parent: Error | undefined;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth <= MAX_CAUSES; depth++) {
    redactInPlace(current, secrets);
    // A frozen cause keeps what it holds: cut it off rather than let it be printed.
    if (parent && holdsSecret(current, secrets)) {
      setField(parent, 'cause', undefined);
      break;
    }
    parent = current;
    current = current.cause;
  }
  return error;
}

function redactInPlace(error: Error, secrets: readonly string[]): void {
  setField(error, 'message', redactText(error.message, secrets));
  setField(error, 'stack', redactText(error.stack ?? '', secrets));
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) setField(error, key, redactValue(fields[key], secrets));
  if (typeof error.cause === 'string') setField(error, 'cause', redactText(error.cause, secrets));
}

function holdsSecret(error: Error, secrets: readonly string[]): boolean {
  return redactText(error.message, secrets) !== error.message;
}

/** Sets a field, even one a class only has a getter for (DOMException's `message`); a frozen error stays as it is. */
function setField(target: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value });
  } catch {}
}

/** A logger that masks secrets in each message and value; `secrets` is read at each line, as tokens renew. */
export function redactingLogger(log: Logger, secrets: () => readonly string[]): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, data?: Record<string, unknown>): void => {
      const current = secrets();
      log[level](redactText(message, current), data && redactValue(data, current));
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn') };
}
