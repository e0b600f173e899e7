/**
 * @module Which Okta rate-limit bucket a request falls into, as data.
 *
 * Okta matches an exact-path bucket first, otherwise the longest prefix, and GET and POST to one path can fall into
 * different buckets (docs/okta.md §1.3, from the last published table). The client keeps one budget per bucket so that
 * exhausting `/api/v1/logs` never holds back user calls. An unknown path falls into the catch-all `/api/v1` bucket;
 * the budget itself always comes from the `X-Rate-Limit-*` headers Okta sends, never from these names.
 */

interface BucketRule {
  name: string;
  /** Matches the path (no query). */
  pattern: RegExp;
  methods?: string[];
}

const ID = '[^/]+';

// Ordered most specific first: the first match wins.
const RULES: BucketRule[] = [
  { name: 'oauth2-token', pattern: /^\/oauth2\/v1\/token$/ },
  { name: 'oauth2-clients', pattern: /^\/oauth2\/v1\/clients(\/|$)/ },
  { name: 'users-get', pattern: new RegExp(`^/api/v1/users/${ID}$`), methods: ['GET'] },
  { name: 'users-id', pattern: new RegExp(`^/api/v1/users/${ID}$`) },
  { name: 'users', pattern: /^\/api\/v1\/users$/ },
  { name: 'groups-id', pattern: new RegExp(`^/api/v1/groups/${ID}(/|$)`) },
  { name: 'groups', pattern: /^\/api\/v1\/groups$/ },
  { name: 'apps-id', pattern: new RegExp(`^/api/v1/apps/${ID}$`) },
  { name: 'apps', pattern: /^\/api\/v1\/apps(\/|$)/ },
  { name: 'logs', pattern: /^\/api\/v1\/logs(\/|$)/ },
  { name: 'devices', pattern: /^\/api\/v1\/devices(\/|$)/ },
  { name: 'api-v1', pattern: /^\/api\/v1(\/|$)/ },
];

export function bucketOf(method: string, pathname: string): string {
  const upper = method.toUpperCase();
  for (const rule of RULES) {
    if (rule.methods && !rule.methods.includes(upper)) continue;
    if (rule.pattern.test(pathname)) return rule.name;
  }
  return 'other';
}
