/**
 * @module The connector: the runtime wired to the registries. This is the package's entry point and the bundle's.
 */
import { actions } from './actions/index.ts';
import { connections } from './connections/index.ts';
import { dataSources } from './datasources/index.ts';
import { buildManifest } from './lib/manifest.ts';
import { createRuntime, type Registry, type Runtime, type RuntimeOptions } from './lib/runtime.ts';
import { triggers } from './triggers/index.ts';

export const registry: Registry = {
  actions,
  triggers,
  dataSources,
  connections,
};

export function createConnector(options: RuntimeOptions = {}): Runtime {
  return createRuntime(registry, options);
}

let built: ReturnType<typeof buildManifest> | undefined;

/** The manifest, built once (the modules cannot change while the process runs) and frozen, as it is shared. */
export function manifest() {
  built ??= deepFreeze(buildManifest(registry));
  return built;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export type * from './lib/define.ts';
export * from './lib/errors.ts';
/** The Okta client itself, for hosts that stream a large collection page by page rather than run an action. */
export { type ClientOptions, OktaClient } from './lib/http/client.ts';
export type { CallOptions, ConnectionInput, Runtime, RuntimeOptions } from './lib/runtime.ts';
/** What several hosts on one org share (issue 15): `createConnector({ store: await openStateStore(REDIS_URL) })`. */
export { MemoryStore, openStateStore, type StateStore } from './lib/store/index.ts';
