/**
 * Runs one full export in a fresh process, so that its peak memory is its own:
 * `node --import tsx scripts/bench/export-child.ts <ours|sdk> <url> <token>` prints `{ ms, records, peakRssMiB }`.
 */
import okta from '@okta/okta-sdk-nodejs';
import apiToken from '../../connections/api-token.ts';
import { OktaClient } from '../../lib/http/client.ts';

const [contestant, url, token] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
let records = 0;

if (contestant === 'ours') {
  const auth = await apiToken.authorize(apiToken.fields.parse({ domain: url, apiToken: token }));
  const client = new OktaClient({ auth });
  for await (const _user of client.records({ path: '/api/v1/users', query: { limit: 200 } })) records += 1;
} else {
  const client = new okta.Client({ orgUrl: url, token, cacheMiddleware: null });
  const collection = await client.userApi.listUsers({ limit: 200 });
  for await (const _user of collection) records += 1;
}

const ms = performance.now() - started;
// maxRSS is in KiB and covers the whole life of the process.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, records, peakRssMiB }));
