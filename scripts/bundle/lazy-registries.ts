/**
 * @module The esbuild plugin that makes the bundles' registries lazy (lib/lazy-unit.ts): in actions/index.ts and the
 * other registries, each `import unit from './x.ts'` becomes `lazyUnit('unitKey', () => require('./x.ts').default)`,
 * and an imported list of units (the event cards) a list of lazy units. esbuild wraps a module reached by `require`
 * in a function run on the first call, so a unit's module, its zod schemas and the modules only it imports are
 * evaluated when the unit is first used. The keys are read here, at build time, from the modules themselves.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

const REGISTRY = /[\\/](actions|triggers|datasources|connections)[\\/]index\.ts$/;
/** A registry's imports, each on one line: `import name from './x.ts';` or `import { name } from './x.ts';`. */
const UNIT_IMPORT = /^import (?:(\w+)|\{ (\w+) \}) from '(\.\/[^']+)';$/;

function keyOf(unit: unknown, where: string): string {
  const key = (unit as { key?: unknown } | undefined)?.key;
  if (typeof key !== 'string') throw new Error(`${where} is not a unit (no key): the registry cannot list it lazily.`);
  return key;
}

export const lazyRegistries: Plugin = {
  name: 'lazy-registries',
  setup(bundle) {
    bundle.onLoad({ filter: REGISTRY }, async ({ path }) => {
      const out = ["import { lazyUnit } from '../lib/lazy-unit.ts';"];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const found = UNIT_IMPORT.exec(line);
        if (!found) {
          if (/^import(?! type )/.test(line)) throw new Error(`${path}: an import on one line, as \`${line}\``);
          out.push(line);
          continue;
        }
        const [, defaultName, namedName, from = ''] = found;
        const name = defaultName ?? namedName ?? '';
        const exported = defaultName ? 'default' : name;
        const value = ((await import(resolve(dirname(path), from))) as Record<string, unknown>)[exported];
        const load = `require(${JSON.stringify(from)})[${JSON.stringify(exported)}]`;
        if (Array.isArray(value)) {
          const keys = value.map((unit, index) => keyOf(unit, `${from} ${name}[${index}]`));
          out.push(`const ${name} = ${JSON.stringify(keys)}.map((key, i) => lazyUnit(key, () => ${load}[i]));`);
        } else {
          out.push(`const ${name} = lazyUnit(${JSON.stringify(keyOf(value, `${from} ${name}`))}, () => ${load});`);
        }
      }
      return { contents: out.join('\n'), loader: 'ts', resolveDir: dirname(path) };
    });
  },
};
