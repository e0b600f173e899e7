/**
 * Issue 20, items 6 and 13: a wrong command line, or a port that cannot be had, is a usage error (exit 1) in the
 * shape of every other error, `{ error: { code: 'USAGE', kind, message, details } }`, naming what to change. The
 * real CLI, in a child process.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliError, runCli } from './cli-process.ts';

let busy: Server;
let busyPort = 0;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
});

describe('a port serve cannot have (item 6)', () => {
  it('a busy port exits 1 naming it and what to do (catches: INTERNAL_ERROR, exit 6)', async () => {
    const run = await runCli(['serve', '--port', String(busyPort)]);
    expect(run.code).toBe(1);
    const error = cliError(run.stderr);
    expect(error).toMatchObject({
      code: 'USAGE',
      kind: 'validation',
      details: { port: busyPort, errno: 'EADDRINUSE' },
    });
    expect(error.message).toContain(`The port ${busyPort} is already in use`);
    expect(error.message).toContain('--port');
  }, 60_000);

  it.each([
    ['--port', '99999'],
    ['PORT', '70000'],
  ])(
    '%s %s exits 1 naming the port and the range',
    async (where, value) => {
      const run = await runCli(
        where === 'PORT' ? ['serve'] : ['serve', '--port', value],
        where === 'PORT' ? { PORT: value } : {},
      );
      expect(run.code).toBe(1);
      const error = cliError(run.stderr);
      expect(error).toMatchObject({
        code: 'USAGE',
        kind: 'validation',
        details: { option: where, port: Number(value) },
      });
      expect(error.message).toContain(`${value} is out of range: give a port from 1 to 65535`);
    },
    60_000,
  );
});

describe('usage errors carry kind and details (item 13)', () => {
  it.each([
    [['frobnicate'], { command: 'frobnicate' }],
    [['serv'], { command: 'serv' }],
    [['run'], { missing: 'an action key' }],
    [['manifest', '--bogus'], { option: '--bogus' }],
    [[], { commands: expect.arrayContaining(['run', 'serve']) }],
  ])(
    'okta-connector %j',
    async (args, details) => {
      const run = await runCli(args as string[]);
      expect(run.code).toBe(1);
      const error = cliError(run.stderr);
      expect(error).toMatchObject({
        code: 'USAGE',
        kind: 'validation',
        details: { ...details, help: 'okta-connector help [command]' },
      });
      expect(run.stderr).toContain('Usage: okta-connector');
    },
    60_000,
  );

  it('a near miss of a command is suggested', async () => {
    const run = await runCli(['serv']);
    expect(cliError(run.stderr).message).toBe('Unknown command "serv"; did you mean "serve"?');
  }, 60_000);
});
