/** The CLI as a user runs it, in a child process of its own: for tests of exit codes, stderr and `serve`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { cliArguments } from '../support/built-cli.ts';

const root = resolve(import.meta.dirname, '../..');

/** The environment without any OKTA_* variable (commands fall back to the in-process sandbox), plus `extra`. */
export function cleanEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OKTA_'))), ...extra };
}

/** The CLI as the package ships it (test/support/built-cli.ts), run in the clone. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [...cliArguments(), ...args], {
    cwd: root,
    env: cleanEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to its end; killed after `limitMs`, so that a command that should have failed is not left running. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 40_000): Promise<CliRun> {
  const child = startCli(args, env);
  setTimeout(() => child.kill('SIGKILL'), limitMs).unref();
  return finished(child);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a child process wrote, and its exit code, once it has ended. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `serve`'s URL, from its first line on stdout; rejects if it exits first (with what it said on stderr). */
export function servedUrl(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${errors}`)));
    child.stdout?.on('data', (chunk) => {
      text += chunk;
      const match = /host on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) done(match[1]);
    });
  });
}

export interface CliError {
  code: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
}

/** The `{ error }` JSON on stderr: one line before the usage text for a usage error, the whole text otherwise. */
export function cliError(stderr: string): CliError {
  const text = stderr.startsWith('{"') ? (stderr.split('\n')[0] ?? '') : stderr;
  return (JSON.parse(text) as { error: CliError }).error;
}
