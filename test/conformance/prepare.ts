/**
 * @module Turns an example input into one that runs against a sandbox org, generically: every input field linked to
 * a picklist gets a value from that picklist, read over HTTP from the sandbox as a flow builder's dropdown would
 * (its `dependsOn` inputs filled first), and a user field keeps the example's form, an id or a login; times in the
 * past move to the last day, as examples are written once and Okta looks back a limited time (the System Log 90 days,
 * a `since` at most 180: docs/okta.md §3.1). Then the unit's fixture, if any (`fixtures.ts`), sets up the state the
 * example needs.
 */
import type { createConnector } from '../../connector.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { fixtures, preferred, seeders } from './fixtures.ts';

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
  /** The unit as the manifest has it: its key and which picklist fills which input. */
  action: { key: string; dataSources: Record<string, string> },
  example: Input,
): Promise<Prepared> {
  const input: Input = structuredClone(example);
  const ids: Record<string, string> = {};
  const used = new Map<string, string[]>();
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
    const list = async (search?: string) =>
      (
        await connector.listOptions(key, {
          connection: sandbox.connection,
          input: dependsOn,
          ...(search ? { search } : {}),
        })
      ).options.map((option) => option.value);
    // A value the picklist offers is kept (an event type, a name that exists); others are replaced by its options.
    const offered = async (value: unknown) => typeof value === 'string' && (await list(value)).includes(value);
    const given = Array.isArray(input[field]) ? (input[field] as unknown[]) : [input[field]];
    // Two fields filled by one picklist (a user and their manager) get different values.
    const taken = used.get(key) ?? [];
    const pick = async () => {
      const values = await list();
      const fits = preferred[key];
      const ordered = fits
        ? [...values.filter((v) => fits(sandbox.org, v)), ...values.filter((v) => !fits(sandbox.org, v))]
        : values;
      const kept = await Promise.all(given.map(offered));
      const spare = ordered.filter((value) => !given.includes(value) && !taken.includes(value));
      return { kept, spare, short: spare.length < kept.filter((k) => !k).length };
    };
    let picked = await pick();
    const seed = seeders[key];
    if (picked.short && seed) {
      // An org without such an object yet (a user's factor, a linked object definition): one is made.
      await seed({ org: sandbox.org, input: dependsOn, example: given });
      picked = await pick();
    }
    const { kept, spare } = picked;
    if (picked.short) {
      throw new Error(
        `${action.key}.${field}: the sandbox's ${key} offers too few options for the example; add a seeder in ` +
          'test/conformance/fixtures.ts',
      );
    }
    const chosen = given.map((value, i) => (kept[i] ? (value as string) : (spare.shift() as string)));
    used.set(key, [...taken, ...chosen]);
    if (Array.isArray(input[field])) {
      input[field] = chosen;
      continue;
    }
    const value = chosen[0] as string;
    ids[field] = value;
    // A user reference may be a login: keep the example's form, so that its lookup is exercised too.
    const user =
      key === 'selectUser' && !kept[0] && !looksLikeOktaId(input[field]) ? sandbox.org.users.find(value) : undefined;
    input[field] = user ? user.profile.login : value;
  }
  Object.assign(input, recentTimes(input, sandbox.org.now()));
  const overrides = fixtures[action.key]?.({ org: sandbox.org, sandbox, input, ids });
  return { input: { ...input, ...overrides }, ids };
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The input's past times, moved together (their distances kept) so that the latest is an hour ago. */
export function recentTimes(input: Input, now: number): Input {
  const times = Object.entries(input).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && TIME.test(entry[1]),
  );
  const latest = Math.max(...times.map(([, value]) => Date.parse(value)));
  if (times.length === 0 || latest > now) return {};
  const shift = now - 3_600_000 - latest;
  return Object.fromEntries(times.map(([name, value]) => [name, new Date(Date.parse(value) + shift).toISOString()]));
}
