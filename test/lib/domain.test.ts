import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../lib/domain.ts';

describe('normalizeDomain', () => {
  it.each([
    ['acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['  ACME.okta.com  ', 'https://acme.okta.com'],
    ['acme.oktapreview.com', 'https://acme.oktapreview.com'],
    ['acme.okta-emea.com', 'https://acme.okta-emea.com'],
    ['login.acme.co.uk', 'https://login.acme.co.uk'],
    ['https://login.acme.com:8443', 'https://login.acme.com:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:9000/', 'http://localhost:9000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['http://0x7f.1:9000', 'http://127.0.0.1:9000'],
    ['http://2130706433', 'http://127.0.0.1'],
    ['http://[::ffff:127.0.0.1]', 'http://[::ffff:7f00:1]'],
  ])('accepts %s', (input, origin) => {
    expect(normalizeDomain(input)).toBe(origin);
  });

  it.each([
    ['', /Enter your Okta domain/],
    ['acme okta.com', /spaces/],
    ['http://acme.okta.com', /plain http is allowed only for a local sandbox/],
    ['https://acme.okta.com/api/v1', /without a path/],
    ['https://admin:pw@acme.okta.com', /user name or password/],
    ['https://acme.okta.com?x=1', /without a path/],
    ['ftp://acme.okta.com', /https/],
    ['acme', /not a full domain/],
    ['acme-.okta.com', /not a valid host name/],
    ['169.254.169.254', /IP address \(169\.254\.169\.254\)/],
    ['https://0xa9.0xfe.0xa9.0xfe', /IP address \(169\.254\.169\.254\)/],
    ['http://10.0.0.1', /IP address/],
    ['[::ffff:10.0.0.1]', /IP address \(\[::ffff:a00:1\]\)/],
    ['https://[2001:db8::1]:8443', /IP address/],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeDomain(input)).toThrow(message);
  });
});
