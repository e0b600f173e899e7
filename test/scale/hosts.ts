/** `okta-connector serve` in child processes, as an operator runs several behind one load balancer. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { cliArguments } from '../support/built-cli.ts';
import type { Changes } from '../support/wait.ts';

const root = resolve(import.meta.dirname, '../..');

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `serve --port 0` with `env` (and no OKTA_* or REDIS_URL of the caller's) and waits for its URL. */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OKTA_') && name !== 'REDIS_URL'),
  );
  const child = spawn(process.execPath, [...cliArguments(), 'serve', '--port', '0'], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start in time:\n${text}`)), 60_000);
    const check = () => {
      const match = /Okta connector host on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        done(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${text}`));
    });
  });
  return {
    url,
    child,
    output: () => text,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Collects the records a host streams on `/api/events` (server-sent events) until `close`; tells `changes` of each. */
export function eventStream(
  url: string,
  changes?: Changes,
): { records: { id: string }[]; ready: Promise<void>; close(): void } {
  const records: { id: string }[] = [];
  const controller = new AbortController();
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((done) => {
    connected = done;
  });
  void (async () => {
    const response = await fetch(`${url}/api/events`, { signal: controller.signal });
    connected();
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (data) records.push((JSON.parse(data) as { record: { id: string } }).record);
        changes?.changed();
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return { records, ready, close: () => controller.abort() };
}
