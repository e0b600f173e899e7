/**
 * Issue 28: the operation index (lib/data/operation-index.json) is loaded when first used, never at start (it must not
 * cost cold start), and its size and load time are reported (README, "Every Okta operation"). In a fresh process, as
 * a host starts: the connector imported, built and its manifest made, with every file read watched.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished } from '../host/cli-process.ts';

describe('the operation index', () => {
  it('is not read when the connector starts, only when an operation is first looked up (catches: the index loaded at import)', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'operation-index-cold.ts')],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const run = await finished(child);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      callOktaOperationListed: boolean;
      atStart: string[];
      afterLoad: string[];
      operations: number;
      bytes: number;
      wallMs: number;
      cpuMs: number;
    };
    console.log(
      `operation index: ${report.operations} operations, ${(report.bytes / 1000).toFixed(0)} kB, first load ` +
        `${report.wallMs} ms (${report.cpuMs} ms of CPU), none at start`,
    );
    expect(report.callOktaOperationListed).toBe(true);
    expect(report.atStart).toEqual([]);
    // The watch sees the read it must: the check above is not blind.
    expect(report.afterLoad).toHaveLength(1);
    expect(report.operations).toBeGreaterThan(700);
  }, 60_000);
});
