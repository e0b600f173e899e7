/**
 * Runs one full export in a fresh process, so that its peak memory is its own, with plain Node (no TypeScript
 * loader) and what a host would load: our bundle, or the SDK.
 * `node scripts/bench/export-child.mjs <ours|sdk> <url> <token>` prints `{ ms, records, peakRssMiB, path }`.
 *
 * Ours goes through the connector's public path: `streamAction('listUsers')` where the connector has it (the
 * partitioned export, issue 14), else the client's sequential `records` pager, what `fetchAll` used before it.
 */
const [contestant, url, token] = process.argv.slice(2);
const started = performance.now();
let records = 0;
let path = contestant;

if (contestant === 'ours') {
  const { createConnector, registry, OktaClient } = await import('../../dist/connector.js');
  const connector = createConnector();
  if (typeof connector.streamAction === 'function') {
    path = 'streamAction';
    const connection = { type: 'apiToken', fields: { domain: url, apiToken: token } };
    for await (const _user of connector.streamAction('listUsers', { connection, input: {} })) records += 1;
  } else {
    path = 'records';
    const apiToken = registry.connections.find((c) => c.key === 'apiToken');
    const auth = await apiToken.authorize(apiToken.fields.parse({ domain: url, apiToken: token }));
    const client = new OktaClient({ auth });
    for await (const _user of client.records({ path: '/api/v1/users', query: { limit: 200 } })) records += 1;
  }
} else {
  const okta = (await import('@okta/okta-sdk-nodejs')).default;
  // The SDK caches GET responses by default; an export must not read from a cache.
  const client = new okta.Client({ orgUrl: url, token, cacheMiddleware: null });
  const collection = await client.userApi.listUsers({ limit: 200 });
  for await (const _user of collection) records += 1;
}

const ms = performance.now() - started;
// maxRSS is in KiB and covers the whole life of the process.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, records, peakRssMiB, path }));
