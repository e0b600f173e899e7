/**
 * Run as a process of its own by operation-index-load.test.ts: imports the connector as a host does at start, builds
 * it and its manifest, notes every file read meanwhile, then loads the operation index and measures that. Prints one
 * line of JSON.
 */
import { statSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const read: string[] = [];
// Every way a module could read the index, watched before anything is imported (ESM imports of node:fs follow).
for (const module of [require('node:fs/promises'), require('node:fs')] as Record<string, unknown>[]) {
  for (const name of ['readFile', 'readFileSync']) {
    const original = module[name] as ((...args: unknown[]) => unknown) | undefined;
    if (!original) continue;
    module[name] = function (this: unknown, path: unknown, ...rest: unknown[]) {
      read.push(String(path));
      return original.call(this, path, ...rest);
    };
  }
}
syncBuiltinESMExports();
const ofIndex = () => read.filter((path) => path.endsWith('operation-index.json'));

const { createConnector, manifest } = await import('../../connector.ts');
createConnector();
const operations = manifest().actions.filter((action) => action.key === 'callOktaOperation').length;
const atStart = ofIndex();

const file = new URL('../../lib/data/operation-index.json', import.meta.url);
const cpu = process.cpuUsage();
const started = performance.now();
const { loadOperationIndex } = await import('../../lib/operation-index.ts');
const index = await loadOperationIndex();
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    callOktaOperationListed: operations === 1,
    atStart,
    afterLoad: ofIndex(),
    operations: index.operations.length,
    bytes: statSync(file).size,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((user + system) / 1000),
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  })}\n`,
);
