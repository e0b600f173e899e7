/**
 * @module What is known to fail before a byte is sent, and so is the caller's to fix, never a transient failure.
 *
 * undici refuses a bad header or body by throwing from inside the request, and DNS says a host does not exist before
 * any connection: left to the network-error path, each would look like a failure that may have reached Okta and be
 * retried in vain. These checks name the problem instead, as `validation` (the input) or `connection` (the org or
 * the credential).
 */
import { ConnectionError, ValidationError } from '../errors.ts';
import { errorCode } from './retry.ts';

/** An RFC 9110 §5.6.2 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space, tab and Latin-1 (`obs-text`); never CR, LF or NUL, which would split the header (§5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why a header cannot be sent, or undefined when it can. The value is never repeated: it may be a secret. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) {
    return `"${name}" is not a valid header name: letters, digits and !#$%&'*+-.^_\`|~ only, no spaces`;
  }
  if (!FIELD_VALUE.test(value)) {
    return /[\r\n\0]/.test(value)
      ? `the ${name} header must not contain a line break`
      : `the ${name} header must hold only printable ASCII or Latin-1 characters`;
  }
  return undefined;
}

/**
 * Hop-by-hop and framing headers (RFC 9110 §7.6.1, §7.2, §8.6, §10.1.1; RFC 9112 §6.1): they describe one
 * connection or the message's framing, which the transport owns. undici refuses some mid-request (`Upgrade`,
 * `Keep-Alive`: a bug-shaped error), and `Expect: 100-continue` fails only after connecting, looking as if the request
 * may have reached Okta (issue 20). So a caller may never set them.
 */
const TRANSPORT_HEADERS = new Set([
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'transfer-encoding',
  'host',
  'content-length',
]);

/** Whether the transport owns this header (hop-by-hop, framing, `Proxy-*`): never the caller's to set. */
export function isTransportHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return TRANSPORT_HEADERS.has(lower) || lower.startsWith('proxy-');
}

/** The problem a caller-given header has: not sendable, or the transport's own; undefined when it may be sent. */
export function callerHeaderProblem(name: string, value: string): string | undefined {
  const problem = headerProblem(name, value);
  if (problem) return problem;
  return isTransportHeader(name)
    ? `"${name}" is a hop-by-hop or framing header, set by the transport only: remove it`
    : undefined;
}

/** The caller's own headers, checked as input: a bad one is a validation error naming it. */
export function checkRequestHeaders(headers: Record<string, string> | undefined): void {
  const issues = Object.entries(headers ?? {}).flatMap(([name, value]) => {
    const problem = callerHeaderProblem(name, value);
    return problem ? [{ path: `headers.${name}`, message: problem }] : [];
  });
  if (issues.length) {
    throw new ValidationError(
      `A request header cannot be sent: ${issues.map((issue) => issue.message).join('; ')}. Nothing was sent to Okta.`,
      issues,
      { code: 'INVALID_HEADER' },
    );
  }
}

/** The connection's headers (Authorization, DPoP): a bad one is the credential's fault, e.g. a pasted line break. */
export function checkCredentialHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) {
      throw new ConnectionError(
        'INVALID_CREDENTIAL',
        `The connection's credential cannot be sent: ${problem}. Nothing was sent to Okta; enter the credential ` +
          'again, without line breaks or other stray characters.',
      );
    }
  }
}

/** The JSON of a request body, or a validation error when it has none (too deeply nested, circular, a BigInt). */
export function serializeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    throw new ValidationError(
      `The request body cannot be sent as JSON: ${reason}. Nothing was sent to Okta.`,
      [{ path: 'body', message: 'Cannot be serialised as JSON' }],
      { code: 'INVALID_BODY' },
    );
  }
}

/** DNS answered that the host does not exist (NXDOMAIN); EAI_AGAIN, a DNS server failing, stays transient. */
export function isUnresolvable(error: unknown): boolean {
  return errorCode(error) === 'ENOTFOUND';
}

export function unresolvableDomain(origin: string, cause: unknown): ConnectionError {
  return new ConnectionError(
    'DOMAIN_NOT_FOUND',
    `${origin} does not resolve: no such host. Check the connection's Okta domain (e.g. acme.okta.com). Nothing ` +
      'was sent to Okta.',
    { details: { origin }, cause },
  );
}

/**
 * Thrown by the request call itself, not by the network: an argument undici refused, or a bug in the code that
 * builds the request. Such an error fails the same way every time, so it is never retried as a network failure.
 */
export function isLocalFault(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || code === 'UND_ERR_INVALID_ARG' || code.startsWith('ERR_INVALID_');
}
