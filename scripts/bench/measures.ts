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
import { Agent, request } from 'undici';
import { createConnector } from '../../connector.ts';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';
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

function fullExport(users: number, latencyMs: number): Measure {
  return sandboxMeasure({ users, seed: 2, latencyMs, rateLimits: { enabled: false } }, (sandbox) => ({
    key: `export-${users}-${latencyMs}ms`,
    title: `export ${users.toLocaleString('en')} users, ${latencyMs} ms latency`,
    unit: 'records/s',
    better: 'higher',
    contestants(): Contestant[] {
      const child = async (contestant: string): Promise<Figure> => {
        const { stdout } = await exec(
          process.execPath,
          ['scripts/bench/export-child.mjs', contestant, sandbox().url, sandbox().apiToken],
          { cwd: root, maxBuffer: 1 << 20 },
        );
        const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
          ms: number;
          records: number;
          peakRssMiB: number;
        };
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

function rateLimitUse(calls: number, limit: number, windowMs: number): Measure {
  return sandboxMeasure(
    { users: 50, seed: 3, rateLimits: { enabled: true, windowMs, defaultLimit: limit } },
    (sandbox) => ({
      key: `rate-limit-${calls}`,
      title: `${calls} calls, ${limit} per ${windowMs / 1000} s`,
      unit: '% of ideal speed',
      better: 'higher',
      contestants(): Contestant[] {
        // The soonest the calls can finish: a window's budget is there as it opens, so the last batch goes out as
        // the last window opens (Okta's windows start with their first request, API-FACTS §1.1).
        const ideal = (Math.ceil(calls / limit) - 1) * windowMs;
        const measureWith = async (call: () => Promise<unknown>): Promise<Figure> => {
          // A fresh window for every contestant and run.
          sandbox().setRateLimits({ enabled: true, windowMs, defaultLimit: limit });
          sandbox().stats.reset();
          let failed = 0;
          const elapsed = await load(calls, 32, () => call().catch(() => (failed += 1)));
          return {
            value: (ideal / elapsed) * 100,
            extra: { '429s received': sandbox().stats.rateLimited, 'calls failed': failed, 'wall s': elapsed / 1000 },
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
              const connector = createConnector({ client: { rateLimitScope: `bench-${++runs}` } });
              return measureWith(() => connector.runAction('getUser', { connection, input: { userId } }));
            },
          },
          {
            name: '@okta/okta-sdk-nodejs',
            role: 'peer',
            run: () => {
              const sdk = new okta.Client({ orgUrl: url, token: apiToken, cacheMiddleware: null });
              return measureWith(() => sdk.userApi.getUser({ userId }));
            },
          },
        ];
      },
    }),
  );
}

function coldStart(): Measure {
  const child = async (code: string): Promise<Figure> => {
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
    return { value: Number(stdout.trim()) };
  };
  return {
    key: 'cold-start',
    title: 'cold start (import + ready)',
    unit: 'ms',
    better: 'lower',
    contestants: () => [
      {
        name: 'okta-connector (bundle)',
        role: 'ours',
        run: () =>
          child(`const t = performance.now();
const { manifest, createConnector } = await import('./dist/connector.js');
manifest(); createConnector();
console.log(performance.now() - t);`),
      },
      {
        name: '@okta/okta-sdk-nodejs',
        role: 'peer',
        run: () =>
          child(`const t = performance.now();
const okta = (await import('@okta/okta-sdk-nodejs')).default;
new okta.Client({ orgUrl: 'https://acme.okta.com', token: 'x' });
console.log(performance.now() - t);`),
      },
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
    rateLimitUse(quick ? 150 : 600, quick ? 75 : 300, quick ? 5_000 : 10_000),
    coldStart(),
    bundleSize(),
    pickerSearch(quick ? 10_000 : 100_000),
  ];
}
