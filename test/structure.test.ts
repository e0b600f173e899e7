/**
 * The shape of the module tree, as n8n checks its nodes (issue 9): every module file is registered, and named and
 * placed after its key; keys are unique catalogue keys; examples parse with the schemas they illustrate; every id
 * input is filled by a picklist that exists; the registry keeps the modules' types, with no cast. It runs over
 * whatever the folders hold, so a module added later is checked without touching this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { manifest, registry } from '../connector.ts';
import catalog from '../lib/data/catalog-keys.json' with { type: 'json' };
import { actionStats, describeStats } from '../scripts/action-stats.ts';
import { looksLikeOktaId } from './conformance/prepare.ts';

const root = new URL('../', import.meta.url);
const built = manifest();

/** The `.ts` files under a folder, relative to the project root, without the registry itself. */
function moduleFiles(folder: string): string[] {
  return (readdirSync(new URL(folder, root), { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
    .map((name) => `${folder}/${name.replaceAll('\\', '/')}`)
    .sort();
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A unit's definition, as `define*` returns it. */
function isDefinition(value: unknown): value is { key: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    ('input' in value || 'fields' in value)
  );
}

/**
 * The definitions each file exports: its default export, or, for a file of data-driven units (the event cards), the
 * lists of definitions it exports.
 */
async function loadModules(folder: string): Promise<{ file: string; units: { key: string }[] }[]> {
  return Promise.all(
    moduleFiles(folder).map(async (file) => {
      const exported = Object.values((await import(new URL(file, root).href)) as Record<string, unknown>);
      const units = exported.flatMap((value) =>
        isDefinition(value) ? [value] : Array.isArray(value) ? value.filter(isDefinition) : [],
      );
      return { file, units: [...new Set(units)] };
    }),
  );
}

const folders = [
  { folder: 'actions', units: registry.actions, catalogue: catalog.actions },
  { folder: 'datasources', units: registry.dataSources, catalogue: catalog.dataSources },
  { folder: 'triggers', units: registry.triggers, catalogue: catalog.triggers },
  { folder: 'connections', units: registry.connections, catalogue: catalog.connections },
] as const;

for (const { folder, units, catalogue } of folders) {
  const modules = await loadModules(folder);
  const registered = new Set<unknown>(units);

  describe(`${folder}/`, () => {
    it(`holds only modules, each registered in ${folder}/index.ts`, () => {
      for (const { file, units: exported } of modules) {
        expect(exported.length, `${file} exports no definition: helpers belong in lib/`).toBeGreaterThan(0);
        for (const unit of exported) expect(registered.has(unit), `${file} (${unit.key}) is not registered`).toBe(true);
      }
    });

    it('registers only modules of its own files', () => {
      const fromFiles = new Set(modules.flatMap((m) => m.units));
      for (const unit of units)
        expect(fromFiles.has(unit), `${unit.key} is not exported by a file of its folder`).toBe(true);
    });

    it('names each single-module file after its key, in kebab case', () => {
      for (const { file, units: exported } of modules) {
        const [unit] = exported;
        if (exported.length !== 1 || !unit) continue;
        expect(file.split('/').pop(), unit.key).toBe(`${kebab(unit.key)}.ts`);
      }
    });

    it('uses unique keys from docs/catalog.md', () => {
      const keys = units.map((unit) => unit.key);
      expect(
        keys.filter((key, i) => keys.indexOf(key) !== i),
        'duplicate keys',
      ).toEqual([]);
      expect(
        keys.filter((key) => !(catalogue as readonly string[]).includes(key)),
        'keys not in docs/catalog.md',
      ).toEqual([]);
    });
  });
}

describe('actions/ in detail', async () => {
  const modules = await loadModules('actions');

  it('puts each action in the folder of its area', () => {
    for (const { file, units } of modules) {
      for (const unit of units as { key: string; area: string }[]) {
        expect(file.split('/').slice(1, -1).join('/'), `${unit.key} is in area ${unit.area}`).toBe(unit.area);
      }
    }
  });

  it('counts the lines of an action file (scripts/action-stats.ts)', () => {
    const stats = actionStats();
    console.log(describeStats(stats));
    expect(stats.files).toBe(modules.length);
  });

  it('gives every action at least one example, for its users and for the conformance test', () => {
    expect(registry.actions.filter((a) => !a.examples?.length).map((a) => a.key)).toEqual([]);
  });
});

/** Issues of a parse, as `path: message`, to name the bad field of an example. */
const issuesOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);

describe('examples', () => {
  const units = [
    ...registry.actions.map((unit) => ({ kind: 'action', unit })),
    ...registry.triggers.map((unit) => ({ kind: 'trigger', unit })),
  ];
  for (const { kind, unit } of units) {
    if (!unit.examples?.length) continue;
    it(`of ${kind} ${unit.key}: each input parses with the input schema, each output with the output schema`, () => {
      unit.examples?.forEach((example, i) => {
        expect(issuesOf(unit.input.safeParse(example.input)), `${unit.key} example ${i + 1} input`).toEqual([]);
        if (example.output === undefined) return;
        expect(issuesOf(unit.output.safeParse(example.output)), `${unit.key} example ${i + 1} output`).toEqual([]);
      });
    });
  }
});

/** Id inputs with no picklist in docs/catalog.md, with the reason; `*.name` exempts the field in every unit. */
const WITHOUT_PICKLIST: Record<string, string> = {
  '*.sessionId': 'import sessions have no picklist in docs/catalog.md: the id comes from createImportSession',
  'getSystemLogs.actorId': 'any principal: a user, an app, an API token, Okta itself',
  'getSystemLogs.targetId': 'any kind of object the event is about',
};

describe('id inputs', () => {
  const known = new Set(registry.dataSources.map((source) => source.key));
  for (const unit of [...built.actions, ...built.triggers]) {
    it(`of ${unit.key} are each filled by a picklist that exists`, () => {
      const properties = (unit.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const exampleValues = (name: string) => [
        properties[name]?.example,
        ...((properties[name]?.examples as unknown[] | undefined) ?? []),
        ...unit.examples.map((example) => (example.input as Record<string, unknown>)[name]),
      ];
      const links = unit.dataSources as Record<string, string>;
      for (const name of Object.keys(properties)) {
        const isId = /Ids?$/.test(name) || exampleValues(name).some(looksLikeOktaId);
        if (!isId) continue;
        const field = `${unit.key}.${name}`;
        if (WITHOUT_PICKLIST[field] || WITHOUT_PICKLIST[`*.${name}`]) continue;
        expect(links[name], `${field} holds an Okta id: link it to a picklist (meta dataSource)`).toBeDefined();
        expect(known.has(links[name] as string), `${field} → ${links[name]}, which is not registered`).toBe(true);
      }
    });
  }

  it('exemptions name fields that exist', () => {
    for (const field of Object.keys(WITHOUT_PICKLIST)) {
      const [key, name] = field.split('.') as [string, string];
      if (key === '*') continue;
      const unit = built.actions.find((a) => a.key === key) ?? built.triggers.find((t) => t.key === key);
      expect(unit && name in ((unit.inputSchema.properties ?? {}) as object), field).toBe(true);
    }
  });
});

describe('operations', () => {
  // lib/operations.ts derives each unit's error codes from them, and the unit fuzz checks the requests against them:
  // a unit that declares none would be taken to call any operation (an action) or none (a trigger).
  it('are declared by every action written as code and by every trigger', () => {
    const undeclared = [
      ...registry.actions.filter((action) => !action.request && action.operations === undefined),
      ...registry.triggers.filter((trigger) => trigger.operations === undefined),
    ].map((unit) => unit.key);
    expect(undeclared).toEqual([]);
  });
});

describe('the registry', () => {
  it('is wired into the runtime with the modules’ own types, without casts', () => {
    // The registries are typed arrays of the modules (tsc checks their assignment to `Registry`); a cast here would
    // hide a module that does not fit the contract.
    const source = readFileSync(new URL('connector.ts', root), 'utf8');
    expect(source).not.toMatch(/as unknown as|as any\b/);
    for (const file of ['actions/index.ts', 'datasources/index.ts', 'triggers/index.ts', 'connections/index.ts']) {
      expect(readFileSync(new URL(file, root), 'utf8'), file).not.toMatch(/as unknown as|as any\b/);
    }
  });
});
