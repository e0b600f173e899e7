/**
 * Runnable: `REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/bullmq/main.ts`. Polls `newUsers` every 5 s on two
 * workers sharing one Redis, against the org in OKTA_* (README) or, without it, an in-process sandbox org where a
 * user is created every few seconds. Start it in several terminals: each user is printed once, by one of them.
 */
import { createConnector } from '../../connector.ts';
import { connectionFromEnvironment } from '../../host/environment.ts';
import { openStateStore } from '../../lib/store/index.ts';
import { pollScheduler } from './poll-scheduler.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error('Set REDIS_URL, e.g. redis://127.0.0.1:6379');
  process.exit(1);
}
const store = await openStateStore(redisUrl);
const connector = createConnector({ store });
const sandbox = connectionFromEnvironment()
  ? undefined
  : await (await import('../../sandbox/index.ts')).startSandbox({});
const connection = connectionFromEnvironment() ?? sandbox?.connection;
if (!connection) throw new Error('unreachable: a sandbox is started without OKTA_*');

const scheduler = pollScheduler({
  redisUrl,
  connector,
  connection,
  onRecords: (id, records) => {
    for (const record of records) console.log(id, JSON.stringify(record));
  },
});
await scheduler.schedule({ id: 'new-users', trigger: 'newUsers', everyMs: 5_000 });
const workers = [scheduler.worker(), scheduler.worker()];
const creating =
  sandbox &&
  setInterval(() => {
    const n = Date.now();
    void connector.runAction('createUser', {
      connection,
      input: { email: `user${n}@example.com`, firstName: 'New', lastName: `User ${n}` },
    });
  }, 3_000);
console.log('Polling newUsers every 5 s on two workers; Ctrl-C stops.');

process.once('SIGINT', async () => {
  if (creating) clearInterval(creating);
  await Promise.all(workers.map((worker) => worker.close()));
  await scheduler.close();
  await store.close();
  await sandbox?.close();
});
