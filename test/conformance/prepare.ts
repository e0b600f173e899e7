/**
 * @module Turns an example input into one that runs against a sandbox org, generically: every input field linked to
 * a picklist gets a value from that picklist, read over HTTP from the sandbox as a flow builder's dropdown would
 * (its `dependsOn` inputs filled first), and a user field keeps the example's form, an id or a login. Then the
 * action's fixture, if any (`fixtures.ts`), sets up the state the example needs.
 */
import type { createConnector } from '../../connector.ts';
import type { Manifest } from '../../lib/manifest.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { fixtures, preferred } from './fixtures.ts';

type Runtime = ReturnType<typeof createConnector>;
type Input = Record<string, unknown>;

/** Okta ids: a 3-character prefix and 17 more letters and digits, mixed case (00ub0oNGTSWTBKOLGLNR). */
export function looksLikeOktaId(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^[0-9A-Za-z]{20}$/.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value)
  );
}

export interface Prepared {
  input: Input;
  ids: Record<string, string>;
}

export async function prepareExample(
  connector: Runtime,
  sandbox: RunningSandbox,
  action: Manifest['actions'][number],
  example: Input,
): Promise<Prepared> {
  const input: Input = structuredClone(example);
  const ids: Record<string, string> = {};
  const sources = new Map(connector.registry.dataSources.map((source) => [source.key, source]));
  const pending = Object.entries(action.dataSources).filter(([field]) => input[field] !== undefined);
  // Fields whose picklist depends on another field of this action come after it.
  while (pending.length) {
    const index = pending.findIndex(([, key]) =>
      (sources.get(key)?.dependsOn ?? []).every((name) => !pending.some(([field]) => field === name)),
    );
    if (index < 0) throw new Error(`${action.key}: picklist dependencies form a cycle`);
    const [[field, key]] = pending.splice(index, 1) as [[string, string]];
    const source = sources.get(key);
    if (!source) throw new Error(`${action.key}.${field}: no data source ${key}`);
    const dependsOn = Object.fromEntries(source.dependsOn.map((name) => [name, ids[name] ?? input[name]]));
    const { options } = await connector.listOptions(key, { connection: sandbox.connection, input: dependsOn });
    const values = options.map((option) => option.value);
    const fits = preferred[key];
    const ordered = fits
      ? [...values.filter((v) => fits(sandbox.org, v)), ...values.filter((v) => !fits(sandbox.org, v))]
      : values;
    const wanted = Array.isArray(input[field]) ? (input[field] as unknown[]).length : 1;
    if (ordered.length < wanted) {
      throw new Error(
        `${action.key}.${field}: the sandbox's ${key} offers ${ordered.length} options, the example needs ${wanted}`,
      );
    }
    if (Array.isArray(input[field])) {
      input[field] = ordered.slice(0, wanted);
      continue;
    }
    const value = ordered[0] as string;
    ids[field] = value;
    // A user reference may be a login: keep the example's form, so that its lookup is exercised too.
    const user = key === 'selectUser' && !looksLikeOktaId(input[field]) ? sandbox.org.users.find(value) : undefined;
    input[field] = user ? user.profile.login : value;
  }
  const overrides = fixtures[action.key]?.({ org: sandbox.org, sandbox, input, ids });
  return { input: { ...input, ...overrides }, ids };
}
