/** How lib/list.ts lowers the last page's limit on Okta's next link without touching anything else in it. */
import { describe, expect, it } from 'vitest';
import { withLimitAtMost } from '../../lib/list.ts';

describe('withLimitAtMost', () => {
  const link = 'https://acme.okta.com/api/v1/users?limit=50&search=profile.x%20eq%20%22a+b%22&after=00u1';

  it('lowers limit and leaves the rest of the link byte for byte', () => {
    expect(withLimitAtMost(link, 20, 50)).toBe(link.replace('limit=50', 'limit=20'));
  });

  it('leaves a link alone when it asks for no more than wanted', () => {
    expect(withLimitAtMost(link, 50, 50)).toBe(link);
    expect(withLimitAtMost(link, 500, 50)).toBe(link);
  });

  it('adds our page size, capped, to a link without limit', () => {
    expect(withLimitAtMost('https://acme.okta.com/api/v1/logs?after=1_2', 7, 100)).toBe(
      'https://acme.okta.com/api/v1/logs?after=1_2&limit=7',
    );
    expect(withLimitAtMost('https://acme.okta.com/api/v1/logs', 700, 100)).toBe(
      'https://acme.okta.com/api/v1/logs?limit=100',
    );
  });

  it('does not mistake another parameter ending in limit for limit', () => {
    const other = 'https://acme.okta.com/api/v1/x?ratelimit=9&limit=30';
    expect(withLimitAtMost(other, 10, 30)).toBe('https://acme.okta.com/api/v1/x?ratelimit=9&limit=10');
  });
});
