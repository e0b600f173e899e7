/**
 * @module A unit whose module is evaluated the first time anything but its key is read. The bundles' registries list
 * their units this way (scripts/bundle.ts rewrites `import unit from './x.ts'` in actions/index.ts and the other
 * registries into `lazyUnit(key, () => require('./x.ts').default)`): a start builds none of the 180 units' zod
 * schemas, and loads the modules only they import (issue 27). The source tree imports every unit as it is.
 *
 * The unit reads as the definition itself, to every reader: `key` without loading, anything else (a property, `in`,
 * `Object.keys`, a spread) from the definition, loaded once.
 */
export function lazyUnit<T extends { key: string }>(key: string, load: () => T): T {
  let unit: T | undefined;
  const loaded = (): T => {
    if (!unit) {
      unit = load();
      // The key written in the registry at build time is the module's: a mismatch is a stale bundle, not a lookup.
      if (unit.key !== key) throw new Error(`The bundle lists "${key}" where its module defines "${unit.key}".`);
    }
    return unit;
  };
  return new Proxy({} as T, {
    get: (_, property) => (property === 'key' ? key : Reflect.get(loaded(), property)),
    has: (_, property) => Reflect.has(loaded(), property),
    ownKeys: () => Reflect.ownKeys(loaded()),
    getOwnPropertyDescriptor: (_, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(loaded(), property);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(loaded()),
    set: (_, property, value) => Reflect.set(loaded(), property, value),
    defineProperty: (_, property, descriptor) => Reflect.defineProperty(loaded(), property, descriptor),
    deleteProperty: (_, property) => Reflect.deleteProperty(loaded(), property),
  });
}
