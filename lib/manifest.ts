/**
 * @module Builds `connector.manifest.json`: what a flow builder reads without running our code.
 *
 * Schemas come from the modules' zod schemas through zod 4's own converter (draft 2020-12; `io: 'input'` for what a
 * user types, `io: 'output'` for what a step returns). zod-to-json-schema is not used: with zod 4 it emits empty
 * schemas, and its README retires it in favour of `z.toJSONSchema`.
 */
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { isStreamable } from './define.ts';
import { ERROR_CODES } from './errors.ts';
import { actionErrorCodes, dataSourceErrorCodes, triggerErrorCodes } from './operations.ts';
import type { Registry } from './runtime.ts';
import { knownKeys } from './unknown-fields.ts';

export const MANIFEST_VERSION = 1;

type JsonSchema = Record<string, unknown>;

/** Converted once per schema and direction: many units share one (the 73 event cards share their output). */
const converted = { input: new WeakMap<z.ZodType, JsonSchema>(), output: new WeakMap<z.ZodType, JsonSchema>() };

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let json = converted[io].get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    // The document is valid on its own; the top-level `$schema` is repeated noise in every entry.
    delete json.$schema;
    json = standardAnnotations(json);
    converted[io].set(schema, json);
  }
  return structuredClone(json);
}

/** Keywords whose value is one subschema, a list of them, or a map of them (JSON Schema 2020-12, applicators). */
const ONE_SCHEMA = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

/**
 * Modules annotate fields as `.meta({ label, example, placeholder, dataSource })` (lib/define.ts, `FieldMeta`); the
 * manifest says it in JSON Schema's own words, so form libraries (@rjsf) read it as is: `title`, `examples` (an
 * array), and our additions under `x-` (declared in lib/manifest.schema.json). Only schema objects are rewritten,
 * never the names inside `properties` (an app's output has a property called `label`).
 */
export function standardAnnotations(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'label') {
      if (schema.title === undefined) out.title = value;
    } else if (keyword === 'example') {
      out.examples = [value, ...((schema.examples as unknown[] | undefined) ?? [])];
    } else if (keyword === 'examples' && 'example' in schema) {
      // merged above
    } else if (keyword === 'placeholder') {
      out['x-placeholder'] = value;
    } else if (keyword === 'dataSource') {
      out['x-dataSource'] = value;
    } else if (ONE_SCHEMA.includes(keyword) && isSchema(value)) {
      out[keyword] = standardAnnotations(value);
    } else if (SCHEMA_LISTS.includes(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((item) => (isSchema(item) ? standardAnnotations(item) : item));
    } else if (SCHEMA_MAPS.includes(keyword) && isSchema(value)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, isSchema(item) ? standardAnnotations(item) : item]),
      );
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ "userId": "selectUser" }`: which picklist fills which top-level field (a list field: each of its items). */
function fieldDataSources(schema: JsonSchema): Record<string, string> {
  const links: Record<string, string> = {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    const source = property['x-dataSource'] ?? (property.items as JsonSchema | undefined)?.['x-dataSource'];
    if (typeof source === 'string') links[name] = source;
  }
  return links;
}

/**
 * A unit's input schema as the runtime applies it: a top-level field it does not know is refused
 * (lib/unknown-fields.ts), so the manifest says `additionalProperties: false` there. Nested objects stay as zod wrote
 * them: a profile takes custom attributes.
 */
function inputSchemaOf(schema: z.ZodType): JsonSchema {
  const json = schemaOf(schema, 'input');
  if (knownKeys(schema) && json.type === 'object' && json.additionalProperties === undefined) {
    json.additionalProperties = false;
  }
  return json;
}

export function buildManifest(registry: Registry) {
  return {
    manifestVersion: MANIFEST_VERSION,
    connector: {
      key: 'okta',
      name: 'Okta',
      version: packageJson.version,
      description: packageJson.description,
      documentation: 'README.md',
    },
    // The catalogue once; each unit lists its codes as keys of it (lib/operations.ts derives them).
    errorCodes: ERROR_CODES,
    connections: registry.connections.map((connection) => ({
      key: connection.key,
      label: connection.label,
      description: connection.description,
      fieldsSchema: schemaOf(connection.fields, 'input'),
    })),
    actions: registry.actions.map((action) => {
      const inputSchema = inputSchemaOf(action.input);
      return {
        key: action.key,
        label: action.label,
        description: action.description,
        area: action.area,
        scopes: action.scopes,
        hints: action.hints,
        inputSchema,
        outputSchema: schemaOf(action.output, 'output'),
        dataSources: fieldDataSources(inputSchema),
        examples: action.examples ?? [],
        ...(isStreamable(action) ? { streamable: true } : {}),
        errors: actionErrorCodes(action),
        ...(action.request ? { request: action.request } : {}),
      };
    }),
    triggers: registry.triggers.map((trigger) => {
      const inputSchema = inputSchemaOf(trigger.input);
      return {
        key: trigger.key,
        kind: trigger.kind,
        label: trigger.label,
        description: trigger.description,
        scopes: trigger.scopes,
        inputSchema,
        outputSchema: schemaOf(trigger.output, 'output'),
        dataSources: fieldDataSources(inputSchema),
        examples: trigger.examples ?? [],
        errors: triggerErrorCodes(trigger),
        ...(trigger.kind !== 'webhook' ? { stateSchema: schemaOf(trigger.state, 'output') } : {}),
      };
    }),
    dataSources: registry.dataSources.map((source) => ({
      key: source.key,
      label: source.label,
      description: source.description,
      scopes: source.scopes,
      dependsOn: source.dependsOn,
      inputSchema: inputSchemaOf(source.input),
      errors: dataSourceErrorCodes(source),
    })),
  };
}

export type Manifest = ReturnType<typeof buildManifest>;
