/** The CLI's progress line for long `fetchAll` runs: told after every page, cleared at the end, output unchanged. */
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, USAGE } from '../../host/cli-help.ts';
import { main } from '../../host/commands.ts';
import { type ProgressBar, progressLine } from '../../host/progress.ts';
import { withSandbox } from '../support/org.ts';

describe('run with a progress line', () => {
  it('reports the records read after each page and clears the line before printing', async () => {
    await withSandbox({ users: 120, seed: 4 }, async (sandbox) => {
      const updates: number[] = [];
      const events: string[] = [];
      const progress: ProgressBar = {
        update: (done) => {
          updates.push(done);
          events.push('update');
        },
        end: () => events.push('end'),
      };
      let stdout = '';
      const code = await main(
        [
          'run',
          'listUsers',
          '--input',
          JSON.stringify({ limit: 25, fetchAll: true }),
          '--connection',
          JSON.stringify(sandbox.connection),
        ],
        {
          stdout: (text) => {
            stdout += text;
            events.push('stdout');
          },
          stderr: () => {},
          env: {},
          progress,
        },
      );
      expect(code).toBe(0);
      const listed = JSON.parse(stdout).items.length;
      expect(updates.length).toBeGreaterThan(3);
      expect(updates.at(-1)).toBe(listed);
      expect(events.slice(-2)).toEqual(['end', 'stdout']);
    });
  });
});

describe('the progress line', () => {
  it('counts records, pages, rate-limit waits and time, with a bar towards the cap', () => {
    expect(progressLine({ records: 1234, pages: 13, waits: 0, waitedMs: 0, elapsedMs: 9_200 })).toBe(
      '1,234 records · 13 pages · 9 s',
    );
    expect(progressLine({ records: 500, total: 1000, pages: 1, waits: 1, waitedMs: 4_000, elapsedMs: 5_000 })).toBe(
      '[##########..........] 500 records · 1 page · 1 rate-limit wait (4 s) · 5 s (at most 1,000)',
    );
  });

  it('is told of each 429 wait during a run', async () => {
    await withSandbox({ users: 60, seed: 5 }, async (sandbox) => {
      sandbox.faults.inject({ kind: '429', count: 2, resetInSeconds: 1, match: { path: '/api/v1/users' } });
      const waits: number[] = [];
      let pages = 0;
      const progress: ProgressBar = {
        update: () => {
          pages += 1;
        },
        rateLimited: (delayMs) => waits.push(delayMs),
        end: () => {},
      };
      const code = await main(
        [
          'run',
          'listUsers',
          '--input',
          JSON.stringify({ limit: 20, fetchAll: true }),
          '--connection',
          JSON.stringify(sandbox.connection),
        ],
        { stdout: () => {}, stderr: () => {}, env: {}, progress },
      );
      expect(code).toBe(0);
      expect(waits).toHaveLength(2);
      expect(waits.every((ms) => ms > 0)).toBe(true);
      expect(pages).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('--help', () => {
  const commands = [...USAGE.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');

  it.each(commands)('%s --help and help %s print that command’s help', async (command) => {
    expect(COMMAND_HELP[command], command).toBeDefined();
    for (const argv of [
      [command, '--help'],
      ['help', command],
    ]) {
      let stdout = '';
      const code = await main(argv, { stdout: (text) => (stdout += text), stderr: () => {}, env: {} });
      expect(code).toBe(0);
      expect(stdout).toBe(COMMAND_HELP[command]);
      expect(stdout).toMatch(new RegExp(`^Usage: okta-connector ${command}\\b`));
    }
  });

  it('refuses help on an unknown command', async () => {
    let stderr = '';
    expect(await main(['help', 'nope'], { stdout: () => {}, stderr: (text) => (stderr += text), env: {} })).toBe(1);
    expect(stderr).toContain('Unknown command');
  });
});
