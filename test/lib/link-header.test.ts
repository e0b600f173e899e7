import { describe, expect, it } from 'vitest';
import { cursorOf } from '../../lib/http/client.ts';
import { parseLinkHeader } from '../../lib/http/link-header.ts';

const self = 'https://acme.okta.com/api/v1/users?limit=2';
const next = 'https://acme.okta.com/api/v1/users?after=00u1%2Bx&limit=2';

describe('parseLinkHeader', () => {
  it('reads one header per relation, as Okta sends them', () => {
    expect(parseLinkHeader([`<${self}>; rel="self"`, `<${next}>; rel="next"`])).toEqual({ self, next });
  });

  it('reads relations merged into one comma-separated header', () => {
    expect(parseLinkHeader(`<${self}>; rel="self", <${next}>; rel="next"`)).toEqual({ self, next });
  });

  it('keeps commas inside URLs and accepts unquoted and multi-valued rel', () => {
    const withComma = 'https://acme.okta.com/api/v1/logs?filter=a,b&after=1_2';
    expect(parseLinkHeader(`<${withComma}>;rel=next, <${self}>; rel="self alternate"`)).toEqual({
      next: withComma,
      self,
      alternate: self,
    });
  });

  it('keeps the first link of a repeated relation, in either form', () => {
    const later = 'https://acme.okta.com/api/v1/users?after=later';
    expect(parseLinkHeader([`<${next}>; rel="next"`, `<${later}>; rel="next"`]).next).toBe(next);
    expect(parseLinkHeader(`<${next}>; rel="next", <${later}>; REL=NEXT`).next).toBe(next);
    // The relation name is case-insensitive (RFC 8288 §2.1.1).
    expect(parseLinkHeader(`<${next}>; rel="Next"`)).toEqual({ next });
  });

  it('returns nothing for an absent or malformed header', () => {
    expect(parseLinkHeader(undefined)).toEqual({});
    expect(parseLinkHeader('garbage')).toEqual({});
    // A link without a relation names nothing.
    expect(parseLinkHeader(`<${next}>; title="no rel"`)).toEqual({});
    expect(parseLinkHeader(`<${next}>; rel=""`)).toEqual({});
  });

  it('URL-decodes the after cursor', () => {
    expect(cursorOf(next)).toBe('00u1+x');
    expect(cursorOf(self)).toBeUndefined();
  });
});
