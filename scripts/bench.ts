/**
 * `npm run bench`: our connector against Okta's own Node SDK (and plain undici as the floor), in the same run, on
 * sandboxes started here. Prints a Markdown table and writes `bench-results.json`.
 *
 * Options: `--runs N` (default 3; medians are reported), `--quick` (smaller loads), `--only KEY[,KEY]`.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { type Result, runMeasure, table } from './bench/harness.ts';
import { measures } from './bench/measures.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, quick: { type: 'boolean' }, only: { type: 'string' } },
});
const runs = Math.max(1, Number(values.runs));
const only = values.only?.split(',');
const selected = measures({ quick: Boolean(values.quick) }).filter(
  (m) => !only || only.some((k) => m.key.startsWith(k)),
);

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
console.error(`Benchmarking on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);

const results: Result[] = [];
for (const measure of selected) {
  console.error(`${measure.title}…`);
  results.push(await runMeasure(measure, runs, (line) => console.error(line)));
}

writeFileSync(
  new URL('../bench-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, runs, quick: Boolean(values.quick), results }, null, 2)}\n`,
);
console.log(table(results));
console.log(
  `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; median of ${runs} runs.`,
);
