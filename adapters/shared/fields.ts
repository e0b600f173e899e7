/**
 * @module JSON Schema → a builder-neutral field model, and back.
 *
 * Every adapter renders our inputs as its builder's fields: `fieldsOf` reads a unit's `inputSchema` (from the
 * manifest) into one `Field` per top-level property, and `inputFromFields` turns what the builder hands back (strings
 * typed in forms, JSON text, lists) into the input our runtime validates. A schema shape this cannot map throws
 * `UnmappableSchemaError`, so the adapters' structure test fails on it instead of a builder showing a wrong field.
 */
import { ValidationError } from '../../lib/errors.ts';

/**
 * How a builder shows a field. `text`: a long string (several lines); `dateTime`: an ISO 8601 date-time;
 * `multiEnum`: several of fixed options; `stringList`: several free strings (ids); `json`: any object, array or
 * value, typed as JSON text.
 */
export type FieldKind =
  | 'string'
  | 'text'
  | 'dateTime'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'multiEnum'
  | 'stringList'
  | 'json';

export interface FieldOption {
  value: string;
  label: string;
}

export interface Field {
  /** The property name: the builder's field key, so saved workflows stay stable. */
  name: string;
  title: string;
  description: string;
  /** `x-placeholder`, else the first example as text. */
  placeholder?: string;
  default?: unknown;
  required: boolean;
  kind: FieldKind;
  /** For `enum` and `multiEnum`. */
  options?: FieldOption[];
  /** The data source (`x-dataSource`) whose options fill this field, on the field or on its list's items. */
  dataSource?: string;
  /** The data source's inputs, each read from the sibling field of the same name (a dependent picker). */
  dependsOn?: string[];
  /** A password or other write-only value: masked by the builder, never shown back. */
  secret: boolean;
  /** The field also accepts `null` (clears the value in Okta). */
  nullable: boolean;
  minimum?: number;
  maximum?: number;
  /** The property's JSON Schema as the manifest has it. */
  schema: JsonSchema;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is open-ended; each reader checks what it uses
export type JsonSchema = Record<string, any>;

/** A schema shape no field kind maps: the structure test reports it with the unit and property. */
export class UnmappableSchemaError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`Field "${field}" has a schema no builder field maps: ${reason}.`);
    this.name = 'UnmappableSchemaError';
  }
}

/** Strings longer than this are shown as several lines. */
const LONG_TEXT = 255;

/**
 * The fields of an object schema, in property order. `dependsOn` gives each data source's inputs (the manifest's
 * `dataSources[].dependsOn`); a dependency with no sibling field of its name cannot be answered and throws.
 */
export function fieldsOf(inputSchema: JsonSchema, dependsOn: Record<string, string[]> = {}): Field[] {
  if (inputSchema?.type !== 'object') throw new UnmappableSchemaError('(input)', 'the input is not an object schema');
  const properties: Record<string, JsonSchema> = inputSchema.properties ?? {};
  const required = new Set<string>(inputSchema.required ?? []);
  return Object.entries(properties).map(([name, schema]) => {
    const field = fieldOf(name, schema, required.has(name));
    if (field.dataSource) {
      const parents = dependsOn[field.dataSource] ?? [];
      for (const parent of parents) {
        if (!(parent in properties)) {
          throw new UnmappableSchemaError(name, `its data source needs "${parent}", which is no field beside it`);
        }
      }
      if (parents.length > 0) field.dependsOn = parents;
    }
    return field;
  });
}

function fieldOf(name: string, schema: JsonSchema, required: boolean): Field {
  if (!schema || typeof schema !== 'object') throw new UnmappableSchemaError(name, 'the schema is not an object');
  const { shape, nullable } = unwrapAnyOf(name, schema);
  const field: Field = {
    name,
    title: schema.title ?? shape.title ?? titleOf(name),
    description: schema.description ?? shape.description ?? '',
    required,
    kind: kindOf(name, shape),
    secret: shape.format === 'password' || shape.writeOnly === true || schema.writeOnly === true,
    nullable,
    schema,
  };
  const placeholder = schema['x-placeholder'] ?? exampleText(schema.examples?.[0] ?? shape.examples?.[0]);
  if (placeholder !== undefined) field.placeholder = placeholder;
  if ('default' in schema) field.default = schema.default;
  const enumValues: unknown[] | undefined = shape.enum ?? shape.items?.enum;
  if (enumValues) field.options = enumValues.map((value) => ({ value: String(value), label: String(value) }));
  const dataSource = shape['x-dataSource'] ?? shape.items?.['x-dataSource'];
  if (dataSource) field.dataSource = dataSource;
  if (typeof shape.minimum === 'number') field.minimum = shape.minimum;
  if (typeof shape.maximum === 'number') field.maximum = shape.maximum;
  return field;
}

/** `anyOf: [X, {type: 'null'}]` is a nullable X; `anyOf: [string, …]` is typed as its string (`scopes`). */
function unwrapAnyOf(name: string, schema: JsonSchema): { shape: JsonSchema; nullable: boolean } {
  const alternatives: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return { shape: schema, nullable: schema.type === 'null' };
  const others = alternatives.filter((alternative) => alternative.type !== 'null');
  const nullable = others.length < alternatives.length;
  const chosen = others.length === 1 ? others[0] : others.find((alternative) => alternative.type === 'string');
  if (!chosen) throw new UnmappableSchemaError(name, 'its alternatives have no one field kind');
  return {
    shape: { ...chosen, ...(schema['x-dataSource'] ? { 'x-dataSource': schema['x-dataSource'] } : {}) },
    nullable,
  };
}

function kindOf(name: string, shape: JsonSchema): FieldKind {
  // No type at all: any JSON value (a raw request body).
  if (shape.type === undefined && shape.enum === undefined && shape.const === undefined) return 'json';
  if (Array.isArray(shape.type)) throw new UnmappableSchemaError(name, `several types (${shape.type.join(', ')})`);
  if (shape.enum) {
    if (shape.enum.every((value: unknown) => typeof value === 'string')) return 'enum';
    throw new UnmappableSchemaError(name, 'an enum of values that are not all strings');
  }
  switch (shape.type) {
    case 'string':
      if (shape.format === 'date-time') return 'dateTime';
      return (shape.maxLength ?? 0) > LONG_TEXT ? 'text' : 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'json';
    case 'array': {
      const items: JsonSchema = shape.items ?? {};
      if (items.type === 'string' && items.enum) return 'multiEnum';
      if (items.type === 'string') return 'stringList';
      return 'json';
    }
    default:
      throw new UnmappableSchemaError(name, `type "${shape.type ?? 'const'}"`);
  }
}

function exampleText(example: unknown): string | undefined {
  if (example === undefined || example === null) return undefined;
  if (typeof example === 'string') return example;
  if (Array.isArray(example) && example.every((item) => typeof item === 'string')) return example.join(', ');
  return JSON.stringify(example);
}

/** `groupId` → `Group ID`: for a property without a title. */
function titleOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/\bId\b/g, 'ID');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A list typed in one box: one item per line or comma. */
const LIST_SEPARATOR = /[\n,]/;

/**
 * Our input from the builder's values: empty optional values dropped (a builder sends '' for an untouched box),
 * JSON text parsed for `json` fields, lists split, numbers read from text. Values already of the right type pass
 * as they are; the runtime validates the result against the schema. Throws INVALID_INPUT naming the field for JSON
 * that does not parse or a number that is not one.
 */
export function inputFromFields(fields: Field[], values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    if (!Object.hasOwn(values, field.name)) continue;
    const raw = values[field.name];
    if (raw === null && field.nullable) {
      input[field.name] = null;
      continue;
    }
    if (isEmpty(raw)) {
      // A required field left empty is the runtime's to report (with the field's name and rule).
      if (field.required && raw === '') input[field.name] = raw;
      continue;
    }
    input[field.name] = converted(field, raw);
  }
  return input;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function converted(field: Field, raw: unknown): unknown {
  switch (field.kind) {
    case 'json':
      return typeof raw === 'string' ? parseJson(field, raw) : raw;
    case 'stringList':
    case 'multiEnum':
      if (typeof raw === 'string') {
        const trimmed = raw.trim();
        // A list given as JSON text (an expression's output): read it as such.
        if (trimmed.startsWith('[')) return parseJson(field, trimmed);
        return trimmed
          .split(LIST_SEPARATOR)
          .map((item) => item.trim())
          .filter(Boolean);
      }
      return raw;
    case 'integer':
    case 'number':
      return typeof raw === 'string' ? parseNumber(field, raw) : raw;
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return raw;
    default:
      return raw;
  }
}

function parseJson(field: Field, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fieldError(field, `is not valid JSON (${(error as Error).message})`, 'Enter JSON, e.g. {"key": "value"}.');
  }
}

function parseNumber(field: Field, text: string): number {
  const value = Number(text.trim());
  if (!Number.isFinite(value)) throw fieldError(field, `is not a number: "${text.slice(0, 40)}"`, 'Enter a number.');
  return value;
}

function fieldError(field: Field, problem: string, hint: string): ValidationError {
  const message = `${field.title} (${field.name}) ${problem}`;
  return new ValidationError(`${message}. ${hint}`, [{ path: field.name, message }]);
}
