/**
 * One listUsers export in a fresh process, so its peak memory is its own, through the bundle (`npm run build` or
 * `tsx scripts/bundle.ts --no-types` first): `node scripts/stream/export-child.mjs <stream|sequential> <url> <token>`
 * prints `{ mode, s, records, peakRssMiB }`. `stream` is `streamAction` (the partitioned export); `sequential` is
 * `client.records`, page after page.
 */
const [mode, url, token] = process.argv.slice(2);
const { registry, OktaClient, createConnector } = await import('../../dist/connector.js');
const started = performance.now();
let records = 0;
if (mode === 'sequential') {
  const apiToken = registry.connections.find((c) => c.key === 'apiToken');
  const auth = await apiToken.authorize(apiToken.fields.parse({ domain: url, apiToken: token }));
  const client = new OktaClient({ auth });
  for await (const _user of client.records({ path: '/api/v1/users', query: { limit: 200 } })) records += 1;
} else {
  const connector = createConnector({ outputCheck: 'off' });
  const connection = { type: 'apiToken', fields: { domain: url, apiToken: token } };
  for await (const _user of connector.streamAction('listUsers', { connection, input: {} })) records += 1;
}
const s = Math.round(performance.now() - started) / 1000;
console.log(JSON.stringify({ mode, s, records, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
