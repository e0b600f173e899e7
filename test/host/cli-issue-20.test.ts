/**
 * Issue 20 through the CLI as a user runs it (a child process, `{ error }` on stderr): a polling state carried from
 * one run to the next, and settings from the environment.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.ts';

/** The CLI with `env` added to an environment without OKTA_* variables (so it uses the in-process sandbox). */
const cli = (args: string[], env: Record<string, string>) => runCli(args, env, 110_000);

describe('REDIS_URL', () => {
  // Issue 20, item 15: `notaurl` was taken as a host name and reported as Redis being unreachable.
  it.each(['notaurl', 'http://redis.example.com:6379', 'redis://', 'localhost:6379'])(
    'refuses %j as an invalid setting, naming REDIS_URL, before running anything',
    async (url) => {
      const { code, stdout, stderr } = await cli(['run', 'listUsers', '--input', '{"limit":1}'], { REDIS_URL: url });
      expect(stdout).toBe('');
      const { error } = JSON.parse(stderr);
      expect(error).toMatchObject({ code: 'INVALID_SETTING', kind: 'validation' });
      expect(error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['REDIS_URL']);
      expect(error.message).not.toMatch(/unreachable/i);
      expect(code).toBe(2);
    },
    // A CLI start takes seconds, and much longer on a busy machine.
    120_000,
  );

  it('never quotes the URL, which may hold a password', async () => {
    const { stderr } = await cli(['run', 'listUsers'], { REDIS_URL: 'http://:s3cretPassw0rd@redis.example.com' });
    expect(JSON.parse(stderr).error.code).toBe('INVALID_SETTING');
    expect(stderr).not.toContain('s3cretPassw0rd');
  }, 120_000);
});

describe('poll --state', () => {
  // Issue 20, item 5: each run starts its own sandbox on a new port, and the state of the last run failed with
  // CROSS_ORIGIN, as it held the old address.
  it('carries on from the state the previous run printed, on a sandbox at a new port', async () => {
    const first = await cli(['poll', 'newSystemLogs'], {});
    expect(first.code).toBe(0);
    const { state } = JSON.parse(first.stdout);
    expect(state.next).toMatch(/^\/api\/v1\/logs\?/);
    const second = await cli(['poll', 'newSystemLogs', '--state', JSON.stringify(state)], {});
    expect(second.stderr).not.toContain('CROSS_ORIGIN');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).state.next).toMatch(/^\/api\/v1\/logs\?/);
  }, 240_000);
});
