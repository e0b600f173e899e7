/** The CLI's progress line for long `fetchAll` runs: told after every page, cleared at the end, output unchanged. */
import { describe, expect, it } from 'vitest';
import { main, type ProgressBar } from '../../host/commands.ts';
import { startSandbox } from '../../sandbox/index.ts';

describe('run with a progress line', () => {
  it('reports the records read after each page and clears the line before printing', async () => {
    const sandbox = await startSandbox({ users: 120, seed: 4 });
    try {
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
    } finally {
      await sandbox.close();
    }
  });
});
