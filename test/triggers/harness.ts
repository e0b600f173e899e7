/**
 * What the trigger suites share: a sandbox org and a host in front of the connector, both on loopback, so that the
 * sandbox's event hooks call the host as Okta calls a public one.
 */
import { createConnector } from '../../connector.ts';
import type { RunningHost } from '../../host/server.ts';
import type { Runtime } from '../../lib/runtime.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

export interface TriggerHarness {
  sandbox: RunningSandbox;
  host: RunningHost;
  connector: Runtime;
}

export function useHostAndSandbox(options: { users: number; seed: number }): TriggerHarness {
  const sandbox = suiteSandbox({ ...options, eventHookTimeoutMs: 2_000, rateLimits: { enabled: false } });
  const connector = createConnector({ outputCheck: 'throw' });
  const host = suiteHost(() => ({ defaultConnection: sandbox.connection, connector }));
  return { sandbox, host, connector };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the host answers
export type Json = any;

/** test/support/host.ts `call` to the harness's host. */
export function hostCall(host: RunningHost, method: string, path: string, body?: unknown) {
  return call<Json>(host.url, method, path, body);
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
