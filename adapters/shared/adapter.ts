/**
 * @module The adapters contract: what an adapter tells scripts/build-adapters.ts (entries, module format, files)
 * and what its built package exposes to test/adapters/structure.test.ts.
 *
 * Each adapter has `adapters/<builder>/build.ts` exporting `adapterBuild`. The build bundles every entry with our
 * runtime and the (slimmed) manifest inside, leaves the builder's own packages external (the adapter's
 * peerDependencies), and writes the package to `dist/adapters/<builder>/`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface AdapterBuild {
  /** The module format the builder loads: n8n and Node-RED `require` (cjs), Activepieces… as its loader does. */
  format: 'cjs' | 'esm';
  /** Bundled entry points: `in` relative to adapters/<builder>/, `out` (a .js path) relative to the package. */
  entries: { in: string; out: string }[];
  /** Packages never bundled: the builder's own (its peerDependencies), loaded from where the builder runs. */
  external: string[];
  /**
   * Files copied as they are: the package.json (kept in adapters/<builder>/ under another name, as that folder is
   * ES module source), README.md, icons. A string is the same path in adapters/<builder>/ and
   * in the package; `{ from, to }` copies to another path (an icon beside each node file).
   */
  copy: (string | { from: string; to: string })[];
  /**
   * Small files written as given, by path in the package: e.g. one file per node that re-exports from a single
   * bundle, where the builder wants a file per unit but one copy of the runtime is enough.
   */
  write?: Record<string, string>;
}

/**
 * What a built package exposes, as its builder would load it: each adapter's `surface.ts` exports
 * `surfaceOf(packageDir)` returning this, and test/adapters/structure.test.ts checks it against the manifest.
 */
export interface AdapterSurface {
  /** Each action key reachable in the package, with the names of the input fields it shows. */
  actions: Record<string, string[]>;
  /** Each trigger unit key: a manifest trigger key, or `<key>Polling` for the polling side of one that has both. */
  triggers: string[];
  /** Each data source key a picker in the package can call. */
  dataSources: string[];
  /**
   * Webhook-only triggers the builder cannot offer, with the reason (Zapier's hook URLs cannot answer Okta's
   * verification challenge). Only a trigger that cannot be polled may be left out.
   */
  notOffered?: Record<string, string>;
  /**
   * The builder has pickers only as fields (Activepieces' dropdown props): a data source that no input field names
   * (`x-dataSource`) has nowhere to appear, so the structure test expects only those some field uses.
   */
  pickersOnlyInFields?: boolean;
}

/** The adapters: every folder of `adaptersDir` with a build.ts (shared/ and node_modules/ have none). */
export function adapterNames(adaptersDir: string): string[] {
  return readdirSync(adaptersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(adaptersDir, entry.name, 'build.ts')))
    .map((entry) => entry.name)
    .sort();
}
