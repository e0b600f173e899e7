/**
 * `npm test`: the typecheck beside the other steps rather than before them. tsc checks on one core for a minute or
 * more while the other of CI's two cores waits; beside Biome, the manifest check, the adapters' build and vitest, it
 * uses the time they leave. Every step still runs and still fails the run: the exit code is the first failure's,
 * and tsc's report is printed once it ends (after vitest's, if it ends later), so that the two never interleave.
 *
 * Run through npm (`npm test`), which puts node_modules/.bin on the PATH.
 */
import { spawn } from 'node:child_process';

/** Runs a command; resolves its exit code. `quiet` buffers its output and hands it back instead of printing it. */
function run(command, args, quiet = false) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

// Declaration diagnostics are left to the build (tsconfig.build.json, run by test/bundle.test.ts): only its files get
// declarations, and checking them for the tests and scripts too cost about a sixth of the typecheck.
const typecheck = run('tsc', ['--noEmit', '--declaration', 'false'], true);

const steps = [
  ['biome', ['check', '.']],
  ['tsx', ['scripts/build-manifest.ts', '--check']],
  ['tsx', ['scripts/build-adapters.ts']],
  ['vitest', ['run']],
];
let failed = 0;
for (const [command, args] of steps) {
  const { code } = await run(command, args);
  if (code !== 0) {
    failed = code;
    break;
  }
}

const checked = await typecheck;
process.stdout.write(checked.output);
console.log(checked.code === 0 ? 'typecheck: no errors' : `typecheck failed (tsc exited with ${checked.code})`);
process.exitCode = failed || checked.code;
