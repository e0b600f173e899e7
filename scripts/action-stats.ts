/**
 * How long an action is to write: the number of action files, how many are declarative (a `request`, no code), and
 * the median and largest length of a file in lines. `npx tsx scripts/action-stats.ts`; the structure test prints it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ActionStats {
  files: number;
  declarative: number;
  medianLines: number;
  largest: { file: string; lines: number };
}

export function actionStats(root = fileURLToPath(new URL('../', import.meta.url))): ActionStats {
  const folder = `${root.replace(/\/?$/, '/')}actions/`;
  const files = (readdirSync(folder, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
    .map((name) => {
      const text = readFileSync(`${folder}${name}`, 'utf8');
      return { file: `actions/${name}`, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), text };
    });
  const sorted = files.map((f) => f.lines).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianLines =
    sorted.length === 0
      ? 0
      : sorted.length % 2
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const largest = files.reduce((a, b) => (b.lines > a.lines ? b : a), { file: '', lines: 0, text: '' });
  return {
    files: files.length,
    declarative: files.filter((f) => /^\s+request: \{/m.test(f.text) && !/^\s+async run\(/m.test(f.text)).length,
    medianLines,
    largest: { file: largest.file, lines: largest.lines },
  };
}

export function describeStats(stats: ActionStats): string {
  return (
    `${stats.files} action files (${stats.declarative} declarative): median ${stats.medianLines} lines, ` +
    `largest ${stats.largest.file} (${stats.largest.lines})`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(describeStats(actionStats()));
