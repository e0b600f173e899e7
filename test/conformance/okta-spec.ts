/**
 * @module Okta's published Management API spec as the conformance tests read it: the operations with their scopes
 * (`lib/data/operations.json`), what each request may carry (`lib/data/request-schemas.json`: path and query
 * parameters, body media types and JSON Schemas, both derived by `scripts/derive-okta-data.ts`), and the check of
 * one request the sandbox recorded against them.
 *
 * Schemas are JSON Schema 2020-12 (converted from OpenAPI 3.0 by the derive script) and checked with ajv.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import operationsData from '../../lib/data/operations.json' with { type: 'json' };
import type { RequestRecord } from '../../sandbox/index.ts';

type JsonSchema = Record<string, unknown>;

interface ParameterSpec {
  required: boolean;
  /** For arrays: false when the values are comma-separated in one parameter (OpenAPI `form` style, explode off). */
  explode?: boolean;
  schema: JsonSchema;
}

interface RequestSpec {
  path: Record<string, ParameterSpec>;
  query: Record<string, ParameterSpec>;
  body?: { required: boolean; mediaTypes: string[]; schema?: JsonSchema };
}

export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  scopes: string[];
  query: string[];
}

/** Read once, not imported: tsc need not infer a type for a 300 kB document. */
const requestSpecs = JSON.parse(
  readFileSync(new URL('../../lib/data/request-schemas.json', import.meta.url), 'utf8'),
) as { version: string; operations: Record<string, RequestSpec>; $defs: Record<string, JsonSchema> };

export const specVersion = requestSpecs.version;

const DEFS = 'urn:okta:management-api';

/** Formats the spec uses that matter for what we send are checked. */
function withFormats(ajv: Ajv2020): Ajv2020 {
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:/);
  ajv.addFormat('uuid', /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
  // The others only document (int64, password, and free text such as "Integer between 0 and 1000").
  for (const [, name] of JSON.stringify(requestSpecs).matchAll(/"format":"([^"]+)"/g)) {
    if (name && !ajv.formats[name]) ajv.addFormat(name, true);
  }
  ajv.addSchema({ $id: DEFS, $defs: requestSpecs.$defs });
  return ajv;
}

const bodies = withFormats(new Ajv2020({ strict: false, allErrors: true }));
/** Query and path values arrive as text: ajv turns `"true"` and `"50"` into what the schema types them as. */
const parameters = withFormats(new Ajv2020({ strict: false, allErrors: true, coerceTypes: 'array' }));

const compiled = new Map<string, ValidateFunction>();
function validator(ajv: Ajv2020, cacheKey: string, schema: JsonSchema): ValidateFunction {
  const key = `${ajv === bodies ? 'body' : 'param'} ${cacheKey}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${DEFS}#/$defs/`)));
    compiled.set(key, validate);
  }
  return validate;
}

/** A schema with its top-level `$ref` followed, to see whether a parameter is an array. */
function resolved(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; typeof current.$ref === 'string' && depth < 10; depth += 1) {
    current = requestSpecs.$defs[current.$ref.replace('#/$defs/', '')] ?? {};
  }
  return current;
}

interface Template {
  operation: Operation;
  segments: string[];
  literals: number;
}

export const operations = operationsData.operations as Operation[];

const templates: Template[] = operations.map((operation) => {
  const segments = operation.path.split('/');
  return { operation, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
});

/**
 * The operation a request is for: same method, and a template whose every literal segment is equal and every
 * `{param}` is one non-empty segment. Literal segments win (`/users/me` over `/users/{id}`), as at Okta.
 */
export function findOperation(
  method: string,
  path: string,
): { operation: Operation; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  let best: Template | undefined;
  for (const template of templates) {
    if (template.operation.method !== method || template.segments.length !== segments.length) continue;
    const fits = template.segments.every((part, i) =>
      part.startsWith('{') ? (segments[i] ?? '') !== '' : part === segments[i],
    );
    if (fits && (!best || template.literals > best.literals)) best = template;
  }
  if (!best) return undefined;
  const params: Record<string, string> = {};
  best.segments.forEach((part, i) => {
    if (part.startsWith('{')) params[part.slice(1, -1)] = segments[i] ?? '';
  });
  return { operation: best.operation, params };
}

export const keyOf = (operation: Operation) => `${operation.method} ${operation.path}`;

export interface RequestCheck {
  /** `METHOD /template`, when the spec has the operation. */
  operation?: Operation;
  problems: string[];
  /** Path and query values checked against their schema. */
  parameters: number;
  /** True when a JSON body was checked against the operation's request schema. */
  body: boolean;
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${paramsOf(e)}`).join('; ');
const paramsOf = (e: ErrorObject) =>
  e.keyword === 'additionalProperties'
    ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
    : e.keyword === 'enum'
      ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
      : '';

/** Checks one recorded request against the spec: operation, path and query parameters, body. */
export function checkRequest(record: RequestRecord): RequestCheck {
  const where = `${record.method} ${record.path}${record.query ? `?${record.query}` : ''}`;
  const found = findOperation(record.method, record.path);
  if (!found)
    return { problems: [`${where}: no operation of Okta's spec has this method and path`], parameters: 0, body: false };
  const { operation } = found;
  const spec = requestSpecs.operations[keyOf(operation)];
  if (!spec)
    return {
      operation,
      problems: [`${where}: ${keyOf(operation)} is missing from request-schemas.json`],
      parameters: 0,
      body: false,
    };
  const problems: string[] = [];
  let checked = 0;

  const checkValue = (kind: 'path' | 'query', name: string, values: string[], parameter: ParameterSpec) => {
    const array = resolved(parameter.schema).type === 'array';
    if (!array && values.length > 1)
      problems.push(`${where}: ${kind} parameter ${name} is sent ${values.length} times`);
    const value = array && parameter.explode === false ? values.flatMap((v) => v.split(',')) : values;
    const data: Record<string, unknown> = { value: array ? value : value[0] };
    const validate = validator(parameters, `${keyOf(operation)} ${kind} ${name}`, {
      type: 'object',
      properties: { value: parameter.schema },
    });
    checked += 1;
    if (!validate(data)) {
      problems.push(`${where}: ${kind} parameter ${name}=${values.join(',')}: ${describeErrors(validate.errors)}`);
    }
  };

  for (const [name, raw] of Object.entries(found.params)) {
    const parameter = spec.path[name];
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      problems.push(`${where}: path parameter ${name} is not valid percent-encoding`);
      continue;
    }
    if (parameter) checkValue('path', name, [value], parameter);
    else problems.push(`${where}: path parameter ${name} is not declared by ${keyOf(operation)}`);
  }

  const query = new URLSearchParams(record.query);
  for (const name of new Set(query.keys())) {
    const parameter = spec.query[name];
    if (parameter) checkValue('query', name, query.getAll(name), parameter);
    else {
      const declared = Object.keys(spec.query).join(', ') || 'none';
      problems.push(`${where}: query parameter ${name} is not declared by ${keyOf(operation)} (declared: ${declared})`);
    }
  }
  for (const [name, parameter] of Object.entries(spec.query)) {
    if (parameter.required && !query.has(name)) problems.push(`${where}: required query parameter ${name} is missing`);
  }

  let body = false;
  const text = record.body ?? '';
  if (text === '') {
    if (spec.body?.required) problems.push(`${where}: ${keyOf(operation)} requires a body`);
  } else if (!spec.body) {
    problems.push(`${where}: sends a body, but ${keyOf(operation)} takes none`);
  } else {
    const mediaType = (record.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!spec.body.mediaTypes.includes(mediaType)) {
      problems.push(`${where}: body sent as "${mediaType}", the operation takes ${spec.body.mediaTypes.join(', ')}`);
    } else if (spec.body.schema && /json$/.test(mediaType)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        problems.push(`${where}: the body is not valid JSON`);
      }
      if (json !== undefined) {
        const validate = validator(bodies, keyOf(operation), spec.body.schema);
        body = true;
        if (!validate(json)) problems.push(`${where}: body: ${describeErrors(validate.errors)}`);
      }
    }
  }
  return { operation, problems, parameters: checked, body };
}

/**
 * The scopes of `required` that `granted` lacks. An `okta.*.manage` scope includes its `okta.*.read` (docs/okta.md §5.2,
 * "Scopes").
 */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const has = new Set(granted);
  return required.filter((scope) => !has.has(scope) && !has.has(scope.replace(/\.read$/, '.manage')));
}
