/**
 * What the trigger suites share: a sandbox org and a host in front of the connector, both on loopback, so that the
 * sandbox's event hooks call the host as Okta calls a public one.
 */
import { afterAll, beforeAll } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';

export interface TriggerHarness {
  sandbox: RunningSandbox;
  host: RunningHost;
  connector: Runtime;
}

export function useHostAndSandbox(options: { users: number; seed: number }): TriggerHarness {
  const harness = {} as TriggerHarness;
  beforeAll(async () => {
    harness.sandbox = await startSandbox({ ...options, eventHookTimeoutMs: 2_000 });
    harness.sandbox.setRateLimits({ enabled: false });
    harness.connector = createConnector({ outputCheck: 'throw' });
    harness.host = await startHost({
      port: 0,
      defaultConnection: harness.sandbox.connection,
      connector: harness.connector,
    });
  });
  afterAll(async () => {
    await harness.host?.close();
    await harness.sandbox?.close();
  });
  return harness;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the host answers
export type Json = any;

export async function hostCall(
  host: RunningHost,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** The secret the sandbox org holds for a hook: what Okta would send. */
export function hookSecret(sandbox: RunningSandbox, hookId: string): string {
  return sandbox.org.eventHooks.get(hookId).channel.config.authScheme?.value as string;
}

/** A POST to a webhook URL, as Okta (or a forger) would send it. */
export async function deliver(url: string, body: string, authorization?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
}
