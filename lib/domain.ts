/**
 * @module Normalises what a user types as their Okta domain into an origin.
 *
 * Accepts `acme.okta.com`, `https://acme.okta.com/`, preview (`acme.oktapreview.com`), EMEA (`acme.okta-emea.com`)
 * and custom domains (`login.acme.com`). A trailing slash is dropped: Okta's SDK kept it and produced `//api/v1`
 * paths that break DPoP `htu` checks (okta-sdk-nodejs issue 453). Plain `http://` is allowed only for loopback hosts,
 * which is how the sandbox is reached; an org URL never has a path, credentials or a query.
 *
 * An IP address is refused unless it is loopback: an Okta org is always reached by a host name (its TLS certificate
 * names one), while `169.254.169.254` or `10.0.0.1` would send the org's token to a metadata service or an internal
 * host. The URL parser normalises the spellings first (`0x7f.1`, `2130706433`, `[::ffff:10.0.0.1]`), so none slips by.
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** 127.0.0.0/8 and ::1; an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is checked as its IPv4 address. */
const LOOPBACK_ADDRESSES = new BlockList();
LOOPBACK_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK_ADDRESSES.addAddress('::1', 'ipv6');
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export class DomainError extends Error {}

export function normalizeDomain(raw: string): string {
  const input = raw.trim();
  if (!input) throw new DomainError('Enter your Okta domain, e.g. acme.okta.com.');
  if (/\s/.test(input)) throw new DomainError('The Okta domain must not contain spaces.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DomainError(`"${input}" is not a valid domain; enter something like acme.okta.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DomainError(`The Okta domain must use https, not ${url.protocol.replace(':', '')}.`);
  }
  // Read from the input as typed, not only from the parsed URL: the parser drops an empty user name (`https://:@x`)
  // and resolves dot segments (`acme.okta.com/..` becomes `/`), which would hide what was typed.
  const afterScheme = withScheme.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const end = afterScheme.search(/[/?#\\]/);
  const authority = end === -1 ? afterScheme : afterScheme.slice(0, end);
  const rest = end === -1 ? '' : afterScheme.slice(end);
  if (url.username || url.password || authority.includes('@')) {
    throw new DomainError('The Okta domain must not contain a user name or password.');
  }
  if (url.pathname !== '/' || url.search || url.hash || (rest !== '' && rest !== '/')) {
    throw new DomainError(
      `Enter only the domain (e.g. ${url.host}), without a path such as "${rest || url.pathname}".`,
    );
  }
  // The URL parser has already normalised an IP address, in brackets when it is IPv6.
  const address = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const ipVersion = isIP(address);
  const loopback =
    url.hostname === 'localhost' ||
    (ipVersion !== 0 && LOOPBACK_ADDRESSES.check(address, ipVersion === 6 ? 'ipv6' : 'ipv4'));
  if (ipVersion !== 0 && !loopback) {
    throw new DomainError(
      `The domain "${input}" is an IP address (${url.hostname}): enter the org's host name, e.g. acme.okta.com. The connection's ` +
        'credentials go to this domain, so IP addresses are allowed only for loopback (a local sandbox).',
    );
  }
  if (url.protocol === 'http:' && !loopback) {
    throw new DomainError('Okta is reached over https; plain http is allowed only for a local sandbox.');
  }
  if (!loopback && !url.hostname.split('.').every((label) => HOST_LABEL.test(label))) {
    throw new DomainError(`"${url.hostname}" is not a valid host name.`);
  }
  if (!loopback && !url.hostname.includes('.')) {
    throw new DomainError(`"${url.hostname}" is not a full domain; enter something like acme.okta.com.`);
  }
  return url.origin;
}

/** The `domain` field every connection type shares. */
export const domainField = z
  .string()
  .transform((value, ctx) => {
    try {
      return normalizeDomain(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  })
  .meta({
    label: 'Okta domain',
    description: 'Your Okta org, e.g. acme.okta.com, acme.oktapreview.com or a custom domain such as login.acme.com.',
    example: 'acme.okta.com',
    placeholder: 'acme.okta.com',
  });
