/**
 * The host under flood, in a process of its own so that its memory is its own: started as in production
 * (`startHost`, default limits and cache sizes), with a sandbox org, in a separate process too, behind it. Spoken
 * to over IPC only: the parent asks for `memory` (after a full garbage collection, with the peak seen by sampling,
 * and the runtime's cache sizes) and `stop`. Nothing here is reachable over HTTP: the host has no diagnostic route.
 */
import { createConnector } from '../../connector.ts';
import { startHost } from '../../host/server.ts';

interface Ready {
  type: 'ready';
  url: string;
}

const orgDomain = process.env.FLOOD_ORG_DOMAIN;
if (!orgDomain || !process.send) throw new Error('Run by test/security/flood.test.ts, with IPC.');
const send = process.send.bind(process);

const connector = createConnector();
const host = await startHost({
  port: 0,
  connector,
  defaultConnection: { type: 'apiToken', fields: { domain: orgDomain, apiToken: process.env.FLOOD_ORG_TOKEN ?? '' } },
});

const gc = (globalThis as { gc?: () => void }).gc;
const peak = { rss: 0, heapUsed: 0 };
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage();
  peak.rss = Math.max(peak.rss, rss);
  peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
};
setInterval(sample, 50).unref();

process.on('message', async (message: { type: string }) => {
  if (message.type === 'memory') {
    sample();
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, peak: { ...peak }, caches: connector.cacheStats() });
  } else if (message.type === 'stop') {
    await host.close();
    process.exit(0);
  }
});
send({ type: 'ready', url: host.url } satisfies Ready);
