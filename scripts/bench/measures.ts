/**
 * @module The measures of `npm run bench`, each against a sandbox started for it, with the same load for every
 * contestant: ours (the connector), Okta's own Node SDK, and plain undici as the floor where it applies.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import okta from '@okta/okta-sdk-nodejs';
import { Agent, Pool, request } from 'undici';
import { createConnector } from '../../connector.ts';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';
import { redisMissing, startRedis, type TestRedis } from '../../test/scale/redis-server.ts';
import type { Contestant, Figure, Measure } from './harness.ts';
import { pickerSearch } from './picker.ts';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

export interface BenchOptions {
  /** Smaller loads for a quick look (CI smoke runs); the README's figures use the full loads. */
  quick: boolean;
}

function sandboxMeasure(
  options: SandboxOptions,
  build: (sandbox: () => RunningSandbox) => Omit<Measure, 'setup' | 'teardown'>,
): Measure {
  let sandbox: RunningSandbox | undefined;
  const get = () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
  return {
    ...build(get),
    async setup() {
      sandbox = await startSandbox(options);
    },
    async teardown() {
      await sandbox?.close();
      sandbox = undefined;
    },
  };
}

/** Runs `calls` calls with at most `concurrency` in flight; returns the elapsed milliseconds. */
async function load(calls: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await call();
      }
    }),
  );
  return performance.now() - started;
}

/** A sandbox in a child process: what the bench process spends is then the client's work alone. */
interface RemoteSandbox {
  url: string;
  apiToken: string;
  connection: RunningSandbox['connection'];
  close(): void;
}

async function startRemoteSandbox(options: SandboxOptions): Promise<RemoteSandbox> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/sandbox-child.ts', JSON.stringify(options)],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  return { ...JSON.parse(line), close: () => child.stdin?.end() };
}

/**
 * Time and CPU per call, with the sandbox in another process. The CPU the bench process spends per call is the
 * client's overhead, steady on a shared machine where wall time is not; wall time is in the notes.
 */
function perCallOverhead(concurrency: number, calls: number): Measure {
  let remote: RemoteSandbox | undefined;
  let userId = '';
  const sandbox = () => remote as RemoteSandbox;
  return {
    key: `getUser-c${concurrency}`,
    title: `getUser, concurrency ${concurrency}: client CPU per call`,
    unit: 'µs CPU/call',
    better: 'lower',
    async setup() {
      remote = await startRemoteSandbox({ users: 200, seed: 1, rateLimits: { enabled: false } });
      const response = await request(`${remote.url}/api/v1/users?limit=1`, {
        headers: { authorization: `SSWS ${remote.apiToken}` },
      });
      userId = ((await response.body.json()) as { id: string }[])[0]?.id as string;
    },
    async teardown() {
      remote?.close();
    },
    contestants(): Contestant[] {
      const { url, apiToken, connection } = sandbox();
      const connector = createConnector();
      const sdk = new okta.Client({ orgUrl: url, token: apiToken, cacheMiddleware: null });
      const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
      const perCall = async (call: () => Promise<unknown>): Promise<Figure> => {
        await load(Math.min(200, calls), concurrency, call); // warm-up: connections, JIT
        const cpu = process.cpuUsage();
        const wall = await load(calls, concurrency, call);
        const used = process.cpuUsage(cpu);
        return {
          value: (used.user + used.system) / calls,
          extra: { 'wall µs/call': (wall * 1000) / calls },
        };
      };
      return [
        {
          name: 'okta-connector',
          role: 'ours',
          run: () => perCall(() => connector.runAction('getUser', { connection, input: { userId } })),
        },
        {
          name: '@okta/okta-sdk-nodejs',
          role: 'peer',
          run: () => perCall(() => sdk.userApi.getUser({ userId })),
        },
        {
          name: 'undici request',
          role: 'floor',
          run: () =>
            perCall(async () => {
              const response = await request(`${url}/api/v1/users/${userId}`, {
                headers: { authorization: `SSWS ${apiToken}`, accept: 'application/json' },
                dispatcher: agent,
              });
              return response.body.json();
            }),
        },
      ];
    },
  };
}

interface ExportRun {
  ms: number;
  records: number;
  peakRssMiB: number;
  /** Which of our public paths ran: `streamAction` or the sequential `records` pager (export-child.mjs). */
  path: string;
}

/** One export in a fresh process (scripts/bench/export-child.mjs). */
async function exportChild(contestant: 'ours' | 'sdk', sandbox: RunningSandbox): Promise<ExportRun> {
  const { stdout } = await exec(
    process.execPath,
    ['scripts/bench/export-child.mjs', contestant, sandbox.url, sandbox.apiToken],
    { cwd: root, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as ExportRun;
}

function fullExport(users: number, latencyMs: number): Measure {
  return sandboxMeasure({ users, seed: 2, latencyMs, rateLimits: { enabled: false } }, (sandbox) => ({
    key: `export-${users}-${latencyMs}ms`,
    title: `export ${users.toLocaleString('en')} users, ${latencyMs} ms latency`,
    unit: 'records/s',
    better: 'higher',
    contestants(): Contestant[] {
      const child = async (contestant: 'ours' | 'sdk'): Promise<Figure> => {
        const result = await exportChild(contestant, sandbox());
        return {
          value: (result.records / result.ms) * 1000,
          extra: { 'wall s': result.ms / 1000, 'peak RSS MiB': result.peakRssMiB, records: result.records },
        };
      };
      return [
        { name: 'okta-connector', role: 'ours', run: () => child('ours') },
        { name: '@okta/okta-sdk-nodejs', role: 'peer', run: () => child('sdk') },
      ];
    },
  }));
}

/** Okta's concurrency limit (docs/okta.md §1.4), which the sandbox enforces by default. */
const OKTA_CONCURRENCY = 75;

/**
 * A full export at Okta-like latency through Okta's users bucket (`limit` per `windowMs` window), against its floor as
 * Okta limits it: windows open with their first request and let their whole budget go at once (docs/okta.md §1.1),
 * so pages of 200 (the most Okta gives, §2.2) need `ceil(pages ÷ limit)` windows, the last one's pages going out
 * 75 at a time (the concurrency limit, §1.4), a latency each round. Requests made are shown against the minimum,
 * one a page. Each run starts on a fresh window. Ours runs the connector's public path (`streamAction` when present,
 * else the sequential pager), so the figure follows the export the connector ships.
 */
function exportAtLatency(users: number, latencyMs: number, limit: number, windowMs = 60_000): Measure {
  const rateLimits = { enabled: true, windowMs, limits: { users: limit } };
  const bucket = windowMs === 60_000 ? `${limit}pm` : `${limit}per${windowMs / 1000}s`;
  let records = 0;
  return sandboxMeasure({ users, seed: 2, latencyMs, rateLimits }, (sandbox) => ({
    key: `export-${users}-${latencyMs}ms-${bucket}`,
    title: `export ${users.toLocaleString('en')} users, ${latencyMs} ms latency, ${limit} per ${windowMs / 1000} s bucket`,
    unit: 's',
    better: 'lower',
    contestants(): Contestant[] {
      const pages = () => Math.ceil((records || users) / 200);
      // Known once a contestant has counted the records.
      const floorSeconds = () => {
        const windows = Math.ceil(pages() / limit);
        const lastWindowPages = pages() - (windows - 1) * limit;
        return ((windows - 1) * windowMs + Math.ceil(lastWindowPages / OKTA_CONCURRENCY) * latencyMs) / 1000;
      };
      const child = async (contestant: 'ours' | 'sdk'): Promise<Figure> => {
        sandbox().setRateLimits(rateLimits);
        sandbox().stats.reset();
        const result = await exportChild(contestant, sandbox());
        records = result.records;
        const requests = sandbox().stats.requests;
        return {
          value: result.ms / 1000,
          extra: {
            '× floor': result.ms / 1000 / floorSeconds(),
            'records/s': (result.records / result.ms) * 1000,
            'peak RSS MiB': result.peakRssMiB,
            requests,
            'minimum requests (pages)': pages(),
            '× minimum requests': requests / pages(),
            '429s': sandbox().stats.rateLimited,
            records: result.records,
            ...(contestant === 'ours' ? { 'partitioned (streamAction)': Number(result.path === 'streamAction') } : {}),
          },
        };
      };
      return [
        { name: 'okta-connector', role: 'ours', run: () => child('ours') },
        { name: '@okta/okta-sdk-nodejs', role: 'peer', run: () => child('sdk') },
        {
          name: `floor (${bucket} windows as Okta opens them, ${OKTA_CONCURRENCY} in flight)`,
          role: 'floor',
          run: async () => ({ value: floorSeconds() }),
        },
      ];
    },
  }));
}

/**
 * `calls` getUser calls, `concurrency` at a time, through a bucket of `limit` per `windowMs`, each answer `latencyMs`
 * late. The ideal: the last window's calls go out the moment it opens and take as long as the same calls take with
 * no limit at all (measured just before and just after, with the same client: on a loaded machine even loopback
 * calls take seconds, and that is the client's speed, not its use of the budget).
 */
function rateLimitUse(calls: number, limit: number, windowMs: number, latencyMs = 0, concurrency = 32): Measure {
  const settings = { enabled: true, windowMs, defaultLimit: limit };
  return sandboxMeasure({ users: 50, seed: 3, latencyMs, rateLimits: settings }, (sandbox) => ({
    key: latencyMs ? `rate-limit-${calls}-${latencyMs}ms` : `rate-limit-${calls}`,
    title: `${calls} calls, ${limit} per ${windowMs / 1000} s${latencyMs ? `, ${latencyMs} ms latency, ${concurrency} at a time` : ''}`,
    unit: '% of ideal speed',
    better: 'higher',
    contestants(): Contestant[] {
      // Okta's windows start with their first request (docs/okta.md §1.1): the last one opens (windows − 1) windows in.
      const windows = Math.ceil(calls / limit);
      const lastWindowCalls = calls - (windows - 1) * limit;
      const measureWith = async (call: () => Promise<unknown>, unlimited: () => Promise<unknown>): Promise<Figure> => {
        const burst = async () => {
          sandbox().setRateLimits({ enabled: false });
          return load(lastWindowCalls, concurrency, unlimited);
        };
        const before = await burst();
        // A fresh window for every contestant and run.
        sandbox().setRateLimits(settings);
        sandbox().stats.reset();
        let failed = 0;
        const elapsed = await load(calls, concurrency, () => call().catch(() => (failed += 1)));
        const rateLimited = sandbox().stats.rateLimited;
        // The machine's load drifts: the mean of a burst before and one after.
        const ideal = (windows - 1) * windowMs + (before + (await burst())) / 2;
        return {
          value: (ideal / elapsed) * 100,
          extra: {
            '429s received': rateLimited,
            '429s %': (rateLimited / calls) * 100,
            'calls failed': failed,
            'wall s': elapsed / 1000,
            'ideal s': ideal / 1000,
          },
        };
      };
      const { url, apiToken, connection } = sandbox();
      const userId = sandbox().org.listUsers()[0]!.id;
      let runs = 0;
      return [
        {
          name: 'okta-connector',
          role: 'ours',
          run: () => {
            // A budget of its own per run: what one run learnt about the sandbox's windows must not carry over.
            // As many in flight as the load offers (the default cap, 20, leaves Okta's 75 to other apps).
            const connector = (scope: string) =>
              createConnector({ client: { rateLimitScope: scope, rateLimit: { maxConcurrency: concurrency } } });
            const limited = connector(`bench-${++runs}`);
            const unlimited = connector(`bench-${runs}-unlimited`);
            return measureWith(
              () => limited.runAction('getUser', { connection, input: { userId } }),
              () => unlimited.runAction('getUser', { connection, input: { userId } }),
            );
          },
        },
        {
          name: '@okta/okta-sdk-nodejs',
          role: 'peer',
          run: () => {
            const sdk = new okta.Client({ orgUrl: url, token: apiToken, cacheMiddleware: null });
            return measureWith(
              () => sdk.userApi.getUser({ userId }),
              () => sdk.userApi.getUser({ userId }),
            );
          },
        },
      ];
    },
  }));
}

/** When each window began, as the sandbox opens them: the first request after one ends starts the next. */
function windowStarts(admitted: number[], windowMs: number): number[] {
  const starts: number[] = [];
  for (const at of [...admitted].sort((a, b) => a - b)) {
    if (!starts.length || at >= (starts.at(-1) as number) + windowMs) starts.push(at);
  }
  return starts;
}

/** A connector in a child process (./budget-child.ts): `run` sends it a load and resolves when it is done. */
interface BudgetChild {
  run(load: { scope: string; calls: number; concurrency: number; userId: string }): Promise<{ failed: number }>;
  close(): void;
}

async function startBudgetChild(connection: RunningSandbox['connection'], redisUrl?: string): Promise<BudgetChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/budget-child.ts', JSON.stringify({ connection, redisUrl })],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  await lines.next(); // { ready: true }
  return {
    async run(load) {
      child.stdin?.write(`${JSON.stringify(load)}\n`);
      return JSON.parse((await lines.next()).value as string);
    },
    close: () => child.stdin?.end(),
  };
}

/**
 * Issue 27: `calls` getUser calls through one org's bucket of `limit` per `windowMs`, spread over three connectors
 * in processes of their own sharing the budget through one redis-server, beside one connector alone (the single
 * host, which learns the windows itself). The ideal, as in `rateLimitUse`: every window opened the moment the last
 * ends, and the last window's calls as fast as the same processes make them with a budget too large to wait for
 * (measured before and after: on a loaded machine that takes seconds). 429s are counted, and how late each window
 * opened (on the sandbox's clock) is what the budget's sharing costs. Skipped, with a note, without redis-server.
 */
function sharedBudget(calls: number, limit: number, windowMs: number, concurrency = 20): Measure {
  const HOSTS = 3;
  const key = `shared-budget-${calls}`;
  const title = `${calls} calls, ${limit} per ${windowMs / 1000} s: ${HOSTS} hosts sharing the budget through Redis vs one host`;
  const unit = '% of ideal wall time';
  const missing = redisMissing();
  // Its title, printed as the bench starts it, says why it has no figures.
  if (missing) return { key, title: `${title}: skipped, ${missing}`, unit, better: 'higher', contestants: () => [] };
  const settings = { enabled: true, windowMs, defaultLimit: limit };
  let redis: TestRedis | undefined;
  let shared: BudgetChild[] = [];
  let alone: BudgetChild | undefined;
  const measure = sandboxMeasure({ users: 50, seed: 27, rateLimits: settings }, (sandbox) => ({
    key,
    title,
    unit,
    better: 'higher',
    contestants(): Contestant[] {
      const userId = sandbox().org.listUsers()[0]!.id as string;
      let runs = 0;
      const { connection } = sandbox();
      const windows = Math.ceil(calls / limit);
      const lastWindowCalls = calls - (windows - 1) * limit;
      const measureWith = async (start: () => Promise<BudgetChild[]>): Promise<Figure> => {
        const hosts = await start();
        // `total` calls spread over the hosts, each run a budget of its own (a fresh limiter and Redis key).
        const spread = async (total: number) => {
          const scope = `bench-shared-${++runs}`;
          const started = performance.now();
          const results = await Promise.all(
            hosts.map((host, n) =>
              host.run({
                scope,
                calls: Math.floor(total / hosts.length) + (n < total % hosts.length ? 1 : 0),
                concurrency: Math.ceil(concurrency / hosts.length),
                userId,
              }),
            ),
          );
          return { ms: performance.now() - started, failed: results.reduce((sum, r) => sum + r.failed, 0) };
        };
        // The last window's calls with a budget too large to wait for, through the same path (Redis included).
        const burst = async () => {
          sandbox().setRateLimits({ ...settings, defaultLimit: 1_000_000 });
          return (await spread(lastWindowCalls)).ms;
        };
        const before = await burst();
        sandbox().setRateLimits(settings);
        sandbox().stats.reset();
        const { ms: elapsed, failed } = await spread(calls);
        const rateLimited = sandbox().stats.rateLimited;
        const starts = windowStarts(
          sandbox()
            .stats.requestLog.filter((r) => r.status === 200 && r.path.startsWith('/api/v1/users/'))
            .map((r) => r.at as number),
          windowMs,
        );
        const late = starts.slice(1).map((at, n) => at - (starts[n] as number) - windowMs);
        // The machine's load drifts: the mean of a burst before and one after.
        const ideal = (windows - 1) * windowMs + (before + (await burst())) / 2;
        return {
          value: (ideal / elapsed) * 100,
          extra: {
            '429s received': rateLimited,
            'calls failed': failed,
            'wall s': elapsed / 1000,
            'ideal s': ideal / 1000,
            'each window opened late by ms (mean)': late.length ? late.reduce((a, b) => a + b, 0) / late.length : 0,
          },
        };
      };
      // The processes are started once, before their first run's calls (what is timed is on the sandbox's clock).
      const startShared = async () => {
        if (!shared.length) {
          redis = await startRedis();
          const url = redis.url;
          shared = await Promise.all(Array.from({ length: HOSTS }, () => startBudgetChild(connection, url)));
        }
        return shared;
      };
      const startAlone = async () => {
        alone ??= await startBudgetChild(connection);
        return [alone];
      };
      return [
        { name: `okta-connector, ${HOSTS} hosts + Redis`, role: 'ours', run: () => measureWith(startShared) },
        { name: 'okta-connector, one host', role: 'peer', run: () => measureWith(startAlone) },
      ];
    },
  }));
  return {
    ...measure,
    async teardown() {
      for (const child of [...shared, ...(alone ? [alone] : [])]) child.close();
      shared = [];
      alone = undefined;
      await redis?.close();
      redis = undefined;
      await measure.teardown?.();
    },
  };
}

/** A child process serving the host (or the floor endpoint); its first stdout line is `{ url }`. */
async function startChild(script: string, argument: string): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, argument], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  return { ...JSON.parse(line), close: () => child.stdin?.end() };
}

/**
 * Okta event-hook deliveries of 10 events each, as fast as the host acknowledges them: the host in its own process,
 * subscribed through its API to an `eventHook` on the sandbox (which verifies it), each delivery carrying the
 * subscription's secret and events with fresh uuids, so that every one is checked, parsed and emitted.
 */
function webhookAck(deliveries: number, concurrency: number): Measure {
  let sandbox: RunningSandbox | undefined;
  let host: { url: string; close(): void } | undefined;
  let floor: { url: string; close(): void } | undefined;
  let hookPath = '';
  let secret = '';
  let template = '';
  let runs = 0;
  return {
    key: 'webhook-ack',
    title: `webhook deliveries of 10 events, ${concurrency} at a time: acknowledged per second`,
    unit: 'deliveries/s',
    better: 'higher',
    async setup() {
      sandbox = await startSandbox({ users: 50, seed: 4, rateLimits: { enabled: false } });
      host = await startChild('scripts/bench/host-child.ts', JSON.stringify(sandbox.connection));
      floor = await startChild('scripts/bench/host-child.ts', 'floor');
      const response = await request(`${host.url}/api/triggers/eventHook/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { eventTypes: ['user.lifecycle.create'] } }),
      });
      const { id, hookId } = (await response.body.json()) as { id: string; hookId: string };
      hookPath = `/hooks/${id}`;
      secret = sandbox.org.eventHooks.get(hookId).channel.config.authScheme?.value ?? '';
      // Ten real events of the subscribed type, their uuids to be replaced per delivery.
      const events = sandbox.org.systemLog
        .list()
        .filter((stored) => stored.event.eventType === 'user.lifecycle.create')
        .slice(0, 10)
        .map((stored, n) => ({ ...stored.event, uuid: `UUID-${n}` }));
      template = JSON.stringify({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        contentType: 'application/json',
        eventId: 'EVENT-ID',
        eventTime: new Date().toISOString(),
        source: `${sandbox.url}/api/v1/eventHooks/${hookId}`,
        data: { events },
      });
    },
    async teardown() {
      host?.close();
      floor?.close();
      await sandbox?.close();
    },
    contestants(): Contestant[] {
      const measureAgainst = async (url: string): Promise<Figure> => {
        const pool = new Pool(url, { connections: concurrency });
        runs += 1;
        let sent = 0;
        const latencies: number[] = [];
        let refused = 0;
        const deliver = async () => {
          sent += 1;
          const body = template.replace(/UUID-(\d)/g, `${runs}-${sent}-$1`).replace('EVENT-ID', `${runs}-${sent}`);
          const started = performance.now();
          const response = await pool.request({
            method: 'POST',
            path: hookPath,
            headers: { 'content-type': 'application/json', accept: 'application/json', authorization: secret },
            body,
          });
          await response.body.dump();
          latencies.push(performance.now() - started);
          if (response.statusCode !== 200) refused += 1;
        };
        await load(Math.min(1_000, deliveries), concurrency, deliver); // warm-up: connections, JIT
        latencies.length = 0;
        const elapsed = await load(deliveries, concurrency, deliver);
        await pool.close();
        latencies.sort((a, b) => a - b);
        const percentile = (p: number) =>
          latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
        return {
          value: (deliveries / elapsed) * 1000,
          extra: { 'p50 ms': percentile(0.5), 'p99 ms': percentile(0.99), 'not 200': refused },
        };
      };
      return [
        {
          name: 'okta-connector host (eventHook)',
          role: 'ours',
          run: () => measureAgainst((host as { url: string }).url),
        },
        {
          name: 'bare node:http, body read, 200',
          role: 'floor',
          run: () => measureAgainst((floor as { url: string }).url),
        },
      ];
    },
  };
}

/** What a host runs to start: ours (the bundle: import, manifest, a connector) and the SDK's (import, a client). */
const STARTS = {
  ours: `const { manifest, createConnector } = await import('./dist/connector.js');
manifest(); createConnector();`,
  sdk: `const okta = (await import('@okta/okta-sdk-nodejs')).default;
new okta.Client({ orgUrl: 'https://acme.okta.com', token: 'x' });`,
};

/**
 * One start in a fresh process: its time, the process's peak RSS, and the heap it holds after a full GC (MiB). Node's
 * own baseline is in every RSS figure: `start` empty measures it alone.
 */
async function timedStart(start: string): Promise<{ ms: number; rssMiB: number; heapMiB: number }> {
  const code = `const t = performance.now();
${start}
const ms = performance.now() - t;
globalThis.gc();
const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, heapMiB }));`;
  const { stdout } = await exec(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: root });
  return JSON.parse(stdout.trim());
}

function coldStart(): Measure {
  return {
    key: 'cold-start',
    title: 'cold start (import + ready)',
    unit: 'ms',
    better: 'lower',
    contestants: () => [
      {
        name: 'okta-connector (bundle)',
        role: 'ours',
        run: async () => ({ value: (await timedStart(STARTS.ours)).ms }),
      },
      { name: '@okta/okta-sdk-nodejs', role: 'peer', run: async () => ({ value: (await timedStart(STARTS.sdk)).ms }) },
    ],
  };
}

/** The memory a start leaves: peak RSS (Node itself included, shown alone as the floor) and the heap still held. */
function startMemory(): Measure {
  const figure = async (start: string): Promise<Figure> => {
    const { rssMiB, heapMiB } = await timedStart(start);
    return { value: rssMiB, extra: { 'heap MiB': heapMiB } };
  };
  return {
    key: 'cold-start-memory',
    title: 'memory after import + ready (peak RSS)',
    unit: 'MiB',
    better: 'lower',
    contestants: () => [
      { name: 'okta-connector (bundle)', role: 'ours', run: () => figure(STARTS.ours) },
      { name: '@okta/okta-sdk-nodejs', role: 'peer', run: () => figure(STARTS.sdk) },
      { name: 'node alone, nothing imported', role: 'floor', run: () => figure('') },
    ],
  };
}

/** On-disk size of what a host loads: our one-file bundle, against the SDK's own files (its dependencies not counted). */
function bundleSize(): Measure {
  const kib = (bytes: number): Figure => ({ value: Math.round(bytes / 102.4) / 10 });
  const sizeOf = (path: string): number => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
  };
  const sdk = dirname(createRequire(import.meta.url).resolve('@okta/okta-sdk-nodejs/package.json'));
  return {
    key: 'bundle-size',
    title: 'size on disk',
    unit: 'KiB',
    better: 'lower',
    contestants: () => [
      {
        name: 'okta-connector (dist/connector.js)',
        role: 'ours',
        run: async () => kib(sizeOf(join(root, 'dist/connector.js'))),
      },
      { name: '@okta/okta-sdk-nodejs (package only)', role: 'peer', run: async () => kib(sizeOf(join(sdk, 'src'))) },
    ],
  };
}

export function measures({ quick }: BenchOptions): Measure[] {
  const exportUsers = quick ? 5_000 : 50_000;
  return [
    perCallOverhead(1, quick ? 300 : 2_000),
    perCallOverhead(16, quick ? 1_000 : 8_000),
    fullExport(exportUsers, 0),
    fullExport(exportUsers, 20),
    exportAtLatency(exportUsers, 300, 600),
    // An Okta look-alike with short windows: the request count must stay near the minimum there too.
    exportAtLatency(quick ? 5_000 : 20_000, 300, 40, 4_000),
    rateLimitUse(quick ? 150 : 600, quick ? 75 : 300, quick ? 5_000 : 10_000),
    rateLimitUse(quick ? 150 : 600, quick ? 75 : 300, quick ? 5_000 : 10_000, 300, 20),
    sharedBudget(quick ? 150 : 600, quick ? 75 : 300, quick ? 5_000 : 10_000),
    webhookAck(quick ? 4_000 : 20_000, 16),
    coldStart(),
    startMemory(),
    bundleSize(),
    pickerSearch(quick ? 10_000 : 100_000),
  ];
}
