/**
 * The manifest as an artifact: valid against its schema, fresh, every key from the catalogue, every picklist link
 * resolvable, every field labelled, and no secret in it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { manifest, registry } from '../connector.ts';
import catalog from '../lib/data/catalog-keys.json' with { type: 'json' };
import operations from '../lib/data/operations.json' with { type: 'json' };
import { ERROR_CODES } from '../lib/errors.ts';
import schema from '../lib/manifest.schema.json' with { type: 'json' };

const built = manifest();

describe('connector.manifest.json', () => {
  it('is valid against lib/manifest.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(JSON.parse(JSON.stringify(built)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is committed and up to date (run `npm run manifest` after changing a module)', () => {
    const committed = readFileSync(new URL('../connector.manifest.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it('carries JSON Schemas that compile, every one of them', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas: [string, unknown][] = [
      ...built.actions.flatMap((a) => [
        [`${a.key} input`, a.inputSchema],
        [`${a.key} output`, a.outputSchema],
      ]),
      ...built.triggers.flatMap((t) => [
        [`${t.key} input`, t.inputSchema],
        [`${t.key} output`, t.outputSchema],
        ...('stateSchema' in t ? [[`${t.key} state`, t.stateSchema]] : []),
      ]),
      ...built.dataSources.map((d) => [`${d.key} input`, d.inputSchema]),
      ...built.connections.map((c) => [`${c.key} fields`, c.fieldsSchema]),
    ] as [string, unknown][];
    for (const [name, schema] of schemas) {
      expect(() => ajv.compile(schema as object), name).not.toThrow();
    }
  });

  it('describes each action fully: description, scopes, hints, and typed input and output', () => {
    for (const action of built.actions) {
      expect(action.description.length, `${action.key} description`).toBeGreaterThan(20);
      for (const scope of action.scopes)
        expect(scope, `${action.key} scopes`).toMatch(/^okta\.[A-Za-z]+\.(read|manage)$/);
      expect(Object.keys(action.hints).sort(), `${action.key} hints`).toEqual([
        'destructive',
        'idempotent',
        'readOnly',
      ]);
      // A read-only action neither destroys nor changes anything, so repeating it is harmless.
      if (action.hints.readOnly) expect(action.hints.destructive || !action.hints.idempotent, action.key).toBe(false);
      expect(action.inputSchema.type, `${action.key} input`).toBe('object');
      // Typed output: an object with named fields a flow can map, not an untyped value.
      expect(action.outputSchema.type, `${action.key} output`).toBe('object');
      expect(Object.keys(action.outputSchema.properties ?? {}).length, `${action.key} output fields`).toBeGreaterThan(
        0,
      );
    }
  });

  it('uses only keys from the catalogue, each once', () => {
    const check = (kind: keyof typeof catalog, keys: string[]) => {
      expect(
        keys.filter((key) => !catalog[kind].includes(key)),
        `${kind} not in docs/catalog.md`,
      ).toEqual([]);
      expect(new Set(keys).size, `duplicate ${kind}`).toBe(keys.length);
    };
    check(
      'connections',
      built.connections.map((c) => c.key),
    );
    check(
      'actions',
      built.actions.map((a) => a.key),
    );
    check(
      'triggers',
      built.triggers.map((t) => t.key),
    );
    check(
      'dataSources',
      built.dataSources.map((d) => d.key),
    );
  });

  it('links every picklist field to a data source that exists', () => {
    const known = new Set(built.dataSources.map((d) => d.key));
    for (const unit of [...built.actions, ...built.triggers]) {
      for (const [field, source] of Object.entries(unit.dataSources)) {
        expect(known.has(source), `${unit.key}.${field} → ${source}`).toBe(true);
      }
    }
  });

  it('labels and describes every input field', () => {
    for (const action of built.actions) {
      const properties = (action.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [name, property] of Object.entries(properties)) {
        expect(property.title, `${action.key}.${name} title`).toBeTruthy();
        expect(property.description, `${action.key}.${name} description`).toBeTruthy();
      }
    }
  });

  it('marks secret connection fields write-only and holds no secret value', () => {
    for (const connection of built.connections) {
      const properties = connection.fieldsSchema.properties as Record<string, Record<string, unknown>>;
      for (const [name, property] of Object.entries(properties)) {
        // A key id names a public key and is no secret.
        if (/token|secret|privateKey|password|authorization/i.test(name)) {
          expect(property.writeOnly, `${connection.key}.${name}`).toBe(true);
          expect(property.default, `${connection.key}.${name}`).toBeUndefined();
        }
      }
    }
    expect(JSON.stringify(built)).not.toMatch(/SSWS [A-Za-z0-9_-]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });

  it('sends declarative requests only to operations in Okta’s OpenAPI spec, with the scopes it requires', () => {
    const find = (method: string, path: string) =>
      operations.operations.find(
        (op) => op.method === method && op.path.replace(/\{[^}]+\}/g, '{}') === path.replace(/\{[^}]+\}/g, '{}'),
      );
    for (const action of registry.actions) {
      if (!action.request) continue;
      const { readBack } = action.request;
      if (readBack) expect(find(readBack.method, readBack.path), `${action.key} read-back`).toBeDefined();
      const operation = find(action.request.method, action.request.path);
      expect(operation, `${action.key}: ${action.request.method} ${action.request.path}`).toBeDefined();
      for (const name of action.request.query ?? []) {
        expect(operation?.query, `${action.key} query ${name}`).toContain(name);
      }
      if (operation?.scopes.length) {
        expect(
          operation.scopes.some((scope) => action.scopes.includes(scope)),
          `${action.key} scopes`,
        ).toBe(true);
      }
    }
  });

  it('lists the error catalogue once, and per unit the codes it can answer, all from the catalogue', () => {
    expect(Object.keys(built.errorCodes)).toEqual(Object.keys(ERROR_CODES));
    for (const [code, entry] of Object.entries(built.errorCodes)) {
      expect(code, 'one case style').toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(entry.whatToDo.length, code).toBeGreaterThan(10);
    }
    const units = [...built.actions, ...built.triggers, ...built.dataSources];
    for (const unit of units) {
      for (const code of unit.errors) expect(built.errorCodes, `${unit.key}: ${code}`).toHaveProperty(code);
      // Every unit checks its input and reports its own bugs as such.
      expect(unit.errors, unit.key).toEqual(
        expect.arrayContaining(['INVALID_INPUT', 'UNKNOWN_INPUT_FIELD', 'INTERNAL_ERROR']),
      );
    }
    const errorsOf = (key: string) => units.find((unit) => unit.key === key)?.errors ?? [];
    // From the spec's statuses of the unit's operations: reading a user may be 404, listing users never is.
    expect(errorsOf('getUser')).toEqual(expect.arrayContaining(['OKTA_NOT_FOUND', 'UNSAFE_PATH', 'OKTA_RATE_LIMITED']));
    expect(errorsOf('listUsers')).not.toContain('OKTA_NOT_FOUND');
    expect(errorsOf('listUsers')).not.toContain('UNSAFE_PATH');
    // A unit that never calls Okta answers no connection or Okta code.
    expect(errorsOf('selectEventType')).toEqual(['INVALID_INPUT', 'UNKNOWN_INPUT_FIELD', 'INTERNAL_ERROR']);
    expect(errorsOf('rawRequest')).toEqual(expect.arrayContaining(['CROSS_ORIGIN', 'INVALID_HEADER', 'OKTA_CONFLICT']));
    expect(errorsOf('eventHook')).toEqual(expect.arrayContaining(['EVENT_HOOK_LIMIT', 'WEBHOOK_URL_NOT_HTTPS']));
  });

  it('closes each unit’s input at the top, as the runtime refuses unknown fields, and leaves profiles open', () => {
    for (const unit of [...built.actions, ...built.triggers, ...built.dataSources]) {
      expect(unit.inputSchema.additionalProperties, unit.key).toBe(false);
    }
    const createUser = built.actions.find((action) => action.key === 'createUser');
    const properties = (createUser?.inputSchema.properties ?? {}) as Record<string, { additionalProperties?: unknown }>;
    const profile = properties.profile;
    expect(profile?.additionalProperties).toEqual({});
  });
});
