/**
 * OpenAPI 3.0 schemas as JSON Schema 2020-12, with request semantics: the one conversion both derive scripts use
 * (scripts/derive-okta-data.ts for request-schemas.json, scripts/derive-operation-index.ts for operation-index.json).
 * - `nullable: true` becomes a `null` type (or enum value, or an `anyOf` with null where there is no type);
 * - `oneOf` becomes `anyOf`: the spec's alternatives are rarely disjoint (`{ credentials }` or `{ profile }`, neither
 *   closed, so a body with a profile matches both): as OpenAPI tools do, one matching alternative is enough;
 * - `$ref`s point into the file's `$defs`;
 * - a `readOnly` property is never required of a request (OpenAPI 3.0, Schema Object, readOnly);
 * - a pattern JavaScript cannot compile (`(?i)…` flags) is left out;
 * - `x-` extensions and the keywords each caller names in `drop` are left out: the files stay small.
 */
export type OasSchema = Record<string, unknown>;

export interface ConversionOptions {
  /** Keywords left out (besides `x-…`). */
  drop: ReadonlySet<string>;
  /** How a kept `description` is written; left out where this gives nothing. */
  describe?: (text: unknown) => string | undefined;
  /** OpenAPI tools read `properties` without a type as an object (replaceGroup's body): say so, for a form. */
  typeObjects?: boolean;
}

const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf']);

export function oasToJsonSchema(schema: unknown, options: ConversionOptions): unknown {
  if (Array.isArray(schema)) return schema.map((item) => oasToJsonSchema(item, options));
  if (!schema || typeof schema !== 'object') return schema;
  const from = schema as OasSchema;
  const out: OasSchema = {};
  for (const [key, value] of Object.entries(from)) {
    if (options.drop.has(key) || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === '$ref') out.$ref = `#/$defs/${String(value).split('/').pop()}`;
    else if (key === 'description' && options.describe) {
      const text = options.describe(value);
      if (text) out.description = text;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          oasToJsonSchema(property, options),
        ]),
      );
    } else if (key === 'required' && Array.isArray(value)) {
      const properties = (from.properties ?? {}) as Record<string, OasSchema>;
      const required = value.filter((name) => properties[name]?.readOnly !== true);
      if (required.length) out.required = required;
    } else if (key === 'oneOf') out.anyOf = oasToJsonSchema(value, options);
    else if (SUBSCHEMA.has(key)) out[key] = oasToJsonSchema(value, options);
    else if (key === 'pattern' && !compiles(String(value))) continue;
    else out[key] = value;
  }
  if (options.typeObjects && out.properties && out.type === undefined && !out.anyOf && !out.allOf) out.type = 'object';
  if (from.nullable !== true) return out;
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.type === undefined && out.enum === undefined) return { anyOf: [out, { type: 'null' }] };
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
