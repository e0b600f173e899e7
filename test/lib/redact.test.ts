/**
 * The redaction rules themselves, on values a client or a runtime really produces (the end-to-end leaks are in
 * test/connections/echoed-secrets.test.ts): where a secret is masked, what is left alone, and errors that resist.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OktaApiError } from '../../lib/errors.ts';
import { redactingLogger, redactSecrets, redactText, redactValue } from '../../lib/redact.ts';

const SECRET = 'tok-0123456789';

describe('redactText', () => {
  it('masks every occurrence of every secret', () => {
    expect(redactText(`a ${SECRET} b ${SECRET}c other-secret`, [SECRET, 'other-secret'])).toBe(
      'a [REDACTED] b [REDACTED]c [REDACTED]',
    );
  });

  it('leaves secrets under six characters alone, which would mask ordinary words', () => {
    expect(redactText('the user is ada and abcdef', ['ada', 'abcde'])).toBe('the user is ada and abcdef');
    expect(redactText('abcdef', ['abcdef'])).toBe('[REDACTED]');
  });
});

describe('redactValue', () => {
  it('masks strings in nested plain objects and arrays, and leaves other values as they are', () => {
    const date = new Date(0);
    const value = { a: SECRET, list: [1, `x${SECRET}`, { deep: [SECRET] }], n: 3, no: null, date, flag: true };
    expect(redactValue(value, [SECRET])).toEqual({
      a: '[REDACTED]',
      list: [1, 'x[REDACTED]', { deep: ['[REDACTED]'] }],
      n: 3,
      no: null,
      date,
      flag: true,
    });
    // A copy: the original is untouched.
    expect(value.a).toBe(SECRET);
    // A class instance is not walked into (it may be a live object), and comes back as is.
    const url = new URL(`https://acme.okta.com/?t=${SECRET}`);
    expect(redactValue(url, [SECRET])).toBe(url);
  });
});

describe('redactSecrets', () => {
  it('masks an OktaApiError’s message, stack, details and its own Okta fields', () => {
    const error = new OktaApiError({
      status: 400,
      method: 'GET',
      path: '/api/v1/users',
      body: { errorCode: 'E0000003', errorSummary: `bad ${SECRET}`, errorCauses: [{ errorSummary: SECRET }] },
    });
    expect(redactSecrets(error, [SECRET])).toBe(error);
    expect(error.message).toContain('[REDACTED]');
    expect(JSON.stringify({ ...error, stack: error.stack, message: error.message })).not.toContain(SECRET);
    expect(error.errorSummary).toBe('bad [REDACTED]');
    expect(error.errorCauses).toEqual([{ errorSummary: '[REDACTED]' }]);
  });

  it('follows the cause chain, through a DOMException, a string cause and a frozen error it must cut off', () => {
    const abort = new DOMException(`aborted ${SECRET}`, 'AbortError');
    const chain = new Error('outer', { cause: new Error(`middle ${SECRET}`, { cause: abort }) });
    redactSecrets(chain, [SECRET]);
    expect(inspect(chain, { depth: 10 })).not.toContain(SECRET);
    expect(abort.message).toBe('aborted [REDACTED]');

    const stringCause = new Error('outer', { cause: `said ${SECRET}` });
    expect(redactSecrets(stringCause, [SECRET]).cause).toBe('said [REDACTED]');

    const frozen = Object.freeze(new Error(`frozen ${SECRET}`));
    const holder = new Error(`holder ${SECRET}`, { cause: frozen });
    redactSecrets(holder, [SECRET]);
    expect(holder.message).toBe('holder [REDACTED]');
    expect(holder.cause).toBeUndefined();
    expect(inspect(holder)).not.toContain(SECRET);
  });

  it('follows five causes deep, and no further', () => {
    const chain = (depth: number): Error =>
      depth === 0 ? new Error(`deepest ${SECRET}`) : new Error(`level ${depth}`, { cause: chain(depth - 1) });
    const five = redactSecrets(chain(5), [SECRET]);
    expect(inspect(five, { depth: 20 })).not.toContain(SECRET);
    const six = redactSecrets(chain(6), [SECRET]);
    expect(inspect(six, { depth: 20 })).toContain(SECRET);
  });

  it('stops on a cause that loops back, and does nothing without secrets', () => {
    const loop = new Error(`loop ${SECRET}`);
    loop.cause = loop;
    expect(redactSecrets(loop, [SECRET]).message).toBe('loop [REDACTED]');
    const untouched = new Error(SECRET);
    expect(redactSecrets(untouched, []).message).toBe(SECRET);
  });
});

describe('redactingLogger', () => {
  it('masks each line with the secrets known when it is written', () => {
    const lines: string[] = [];
    const push = (level: string) => (message: string, data?: Record<string, unknown>) =>
      void lines.push(`${level} ${message} ${JSON.stringify(data)}`);
    const secrets = [SECRET];
    const log = redactingLogger({ debug: push('debug'), info: push('info'), warn: push('warn') }, () => secrets);
    log.debug(`d ${SECRET}`);
    log.info('i', { token: SECRET });
    secrets.push('renewed-token-42');
    log.warn('w renewed-token-42', { nested: [SECRET] });
    expect(lines).toEqual([
      'debug d [REDACTED] undefined',
      'info i {"token":"[REDACTED]"}',
      'warn w [REDACTED] {"nested":["[REDACTED]"]}',
    ]);
  });
});
