/**
 * @module A request for an operation of the index, built from its schemas (lib/data/operation-index.json): every
 * required parameter, a value for the optional query parameters whose schema allows a plain one, and a body with the
 * required properties of its schema, each of the simplest value its schema takes. For the conformance test of
 * `callOktaOperation` (test/conformance-operations.test.ts).
 */
import type { JsonSchema, OktaOperation, OperationIndex } from '../../lib/operation-index.ts';

const DEPTH = 8;

/** The simplest value a schema takes, or undefined when none can be made (a pattern, a cycle too deep). */
export function sampleOf(schema: JsonSchema | undefined, defs: OperationIndex['defs'], depth = DEPTH): unknown {
  if (!schema || depth < 0) return undefined;
  if (typeof schema.$ref === 'string') {
    const { $ref, ...rest } = schema;
    return sampleOf({ ...defs[$ref.replace('#/$defs/', '')], ...rest }, defs, depth - 1);
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null);
  if (Array.isArray(schema.allOf)) return sampleOf(merged(schema, defs), defs, depth - 1);
  if (Array.isArray(schema.anyOf)) {
    const first = (schema.anyOf as JsonSchema[]).find((option) => option.type !== 'null');
    return sampleOf({ ...schema, anyOf: undefined, ...first }, defs, depth - 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const out: Record<string, unknown> = {};
      for (const name of (schema.required ?? []) as string[]) {
        const value = sampleOf(properties[name] ?? {}, defs, depth - 1);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      const item = min > 0 ? sampleOf(schema.items as JsonSchema, defs, depth - 1) : undefined;
      return min > 0 ? Array.from({ length: min }, () => item) : [];
    }
    case 'string':
      return stringOf(schema);
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

/** An `allOf` as one object schema: the parts' properties and required names together (refs followed). */
function merged(schema: JsonSchema, defs: OperationIndex['defs']): JsonSchema {
  const { allOf, ...own } = schema;
  const parts = [own, ...(allOf as JsonSchema[])].map((part) => resolve(part, defs));
  const flat = parts.map((part) => (Array.isArray(part.allOf) ? merged(part, defs) : part));
  return {
    type: 'object',
    properties: Object.assign({}, ...flat.map((part) => part.properties ?? {})),
    required: flat.flatMap((part) => (part.required ?? []) as string[]),
  };
}

function resolve(schema: JsonSchema, defs: OperationIndex['defs']): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops += 1) {
    const { $ref, ...rest } = current;
    current = { ...defs[$ref.replace('#/$defs/', '')], ...rest };
  }
  return current;
}

function stringOf(schema: JsonSchema): string | undefined {
  if (schema.format === 'date-time') return '2026-01-02T03:04:05.000Z';
  if (schema.format === 'email') return 'ada@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/hook';
  if (typeof schema.pattern === 'string') return undefined;
  const min = Number(schema.minLength ?? 0);
  return 'conformance'.padEnd(min, 'x');
}

/** An id-shaped path value: one safe segment, different per parameter so a swap shows. */
const pathValue = (name: string) => `0oa${name.replace(/\W/g, '').slice(0, 12)}1`;

/**
 * The input of `callOktaOperation` for an operation, or undefined when its schemas admit no value we can make (a
 * required parameter or body property with a pattern).
 */
export function requestFor(
  operation: OktaOperation,
  defs: OperationIndex['defs'],
): { parameters: Record<string, unknown>; body?: unknown } | undefined {
  const parameters: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const plain = ['string', 'integer', 'boolean', 'number'].includes(String(parameter.schema.type));
    const schema = resolve(parameter.schema, defs);
    if (parameter.in === 'path') {
      parameters[parameter.name] = Array.isArray(schema.enum) ? schema.enum[0] : pathValue(parameter.name);
    } else if (parameter.name === 'limit') {
      // A page size, typed as text by a few operations.
      parameters.limit = schema.type === 'string' ? '20' : 20;
    } else if (parameter.required || (plain && parameter.name !== 'after')) {
      const value = sampleOf(parameter.schema, defs);
      if ((value === undefined || value === '') && parameter.required) return undefined;
      // The client leaves an empty value out, as it leaves out an absent one.
      if (value !== undefined && value !== '') parameters[parameter.name] = value;
    }
  }
  if (!operation.body?.schema) return { parameters };
  const body = sampleOf(operation.body.schema, defs);
  return body === undefined ? undefined : { parameters, body };
}
