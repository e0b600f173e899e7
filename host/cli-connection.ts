/**
 * @module Which org a CLI command talks to, decided in one place: `--connection`, else the `OKTA_*` environment, else a
 * seeded sandbox org started for the command and closed with it.
 */
import type { ConnectionInput } from '../lib/runtime.ts';
import type { RunningSandbox } from '../sandbox/index.ts';
import { readJson, UsageError } from './cli-args.ts';
import { connectionFromEnvironment } from './environment.ts';

export interface CommandConnection {
  /** Undefined only when no sandbox was wanted (`sandbox: false`) and none was given. */
  connection: ConnectionInput | undefined;
  /** The sandbox org started for want of another, if one was. */
  org: RunningSandbox | undefined;
  /** Closes the sandbox org, if one was started. */
  close(): Promise<void>;
}

export async function commandConnection(
  /** The `--connection` option: JSON, `@file` or `@-`. */
  option: string | undefined,
  env: NodeJS.ProcessEnv,
  settings: {
    /** Start a sandbox when there is no other org (true by default; `serve` signing an admin in needs none). */
    sandbox?: boolean;
    /** Refuse an `OKTA_DOMAIN` with no credential rather than fall back to the sandbox (an agent must know). */
    refuseHalfEnvironment?: boolean;
  } = {},
): Promise<CommandConnection> {
  const given =
    option !== undefined ? (readJson(option, '--connection') as ConnectionInput) : connectionFromEnvironment(env);
  if (!given && settings.refuseHalfEnvironment && env.OKTA_DOMAIN?.trim()) {
    throw new UsageError(
      'OKTA_DOMAIN is set without OKTA_API_TOKEN (or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY): set them, or unset OKTA_DOMAIN to use the sandbox.',
      { variable: 'OKTA_DOMAIN' },
    );
  }
  const org =
    given || settings.sandbox === false ? undefined : await (await import('../sandbox/index.ts')).startSandbox({});
  return { connection: given ?? org?.connection, org, close: async () => org?.close() };
}
