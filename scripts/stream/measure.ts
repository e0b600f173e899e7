/**
 * Figures of the partitioned export (docs/architecture.md, "Streaming and partitioned export"): a sandbox in its own
 * process at Okta-like latency and bucket, then each mode in a fresh process.
 * `npx tsx scripts/stream/measure.ts [users=20000] [latencyMs=300] [usersPerMinute=600] [modes=stream,sequential]`
 */
import { execFileSync, spawn } from 'node:child_process';

const [users = '20000', latencyMs = '300', perMinute = '600', modes = 'stream,sequential'] = process.argv.slice(2);
const options = {
  users: Number(users),
  seed: 2,
  latencyMs: Number(latencyMs),
  rateLimits: { enabled: true, limits: { users: Number(perMinute) } },
};
const sandbox = spawn(
  process.execPath,
  ['--import', 'tsx', 'scripts/bench/sandbox-child.ts', JSON.stringify(options)],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const line = await new Promise<string>((resolve) => sandbox.stdout.once('data', (data) => resolve(String(data))));
const { url, apiToken } = JSON.parse(line) as { url: string; apiToken: string };
// The rate budget's bound: every page (200 users) at the bucket's rate.
const boundS = (Math.ceil(Number(users) / 200) / Number(perMinute)) * 60;
console.log(JSON.stringify({ ...options, rateBudgetBoundS: boundS }));
for (const mode of modes.split(',')) {
  const out = execFileSync(process.execPath, ['scripts/stream/export-child.mjs', mode, url, apiToken], {
    encoding: 'utf8',
  });
  console.log(out.trim().split('\n').pop());
}
sandbox.stdin.end();
