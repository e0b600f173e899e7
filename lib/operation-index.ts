/**
 * @module Every operation of Okta's Management API spec, for `callOktaOperation` and `selectOperation`: the index
 * (`lib/data/operation-index.json`, derived by scripts/derive-operation-index.ts), the checks of a call's parameters
 * and body against the operation's schemas, the tolerant check of its answer, and the form of one operation.
 *
 * The index (~800 kB, read from disk) and ajv are loaded on first use, never at import: a host that never calls an operation pays
 * nothing at cold start (docs/architecture.md, "Every Okta operation as a step"). `loadOperationIndex()` loads both;
 * the synchronous functions below need it done (the action's `prepare` does it before its input is checked).
 */
import { readFile } from 'node:fs/promises';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Hints } from './define.ts';
import { segmentProblem } from './http/path.ts';
import { closestField } from './unknown-fields.ts';

export type JsonSchema = Record<string, unknown>;

export interface OperationParameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  /** false: an array is sent comma-separated in one parameter (OpenAPI `form` style without explode). */
  explode?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OktaOperation {
  id: string;
  tag: string;
  summary: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The spec's template, `/api/v1/groups/{groupId}`. */
  path: string;
  scopes: string[];
  hints: Hints;
  /** A collection Okta pages through `Link` (it takes `after`). */
  list?: boolean;
  parameters: OperationParameter[];
  /** Without a schema when the operation takes no JSON (a certificate, a form): callOktaOperation cannot send it. */
  body?: { required: boolean; mediaType: string; schema?: JsonSchema };
  response?: { status: number; schema?: JsonSchema };
}

interface IndexFile {
  version: string;
  operations: OktaOperation[];
  $defs: Record<string, JsonSchema>;
}

export interface OperationIndex {
  version: string;
  operations: OktaOperation[];
  byId: Map<string, OktaOperation>;
  defs: Record<string, JsonSchema>;
}

let loaded: { index: OperationIndex; ajv: Ajv2020 } | undefined;
let loading: Promise<OperationIndex> | undefined;

/** The index, loaded once (the JSON and ajv, each a dynamic import the bundle keeps out of the startup path). */
export function loadOperationIndex(): Promise<OperationIndex> {
  loading ??= (async () => {
    // Read, not imported: neither bundled (its 800 kB would be parsed at every start) nor typed by tsc. The file is
    // at the same place relative to this module as to the bundles (scripts/bundle.ts copies it to dist/data/).
    const [text, { Ajv2020 }] = await Promise.all([
      readFile(new URL('./data/operation-index.json', import.meta.url), 'utf8'),
      import('ajv/dist/2020.js'),
    ]);
    const json = JSON.parse(text) as IndexFile;
    const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
    const index = {
      version: json.version,
      operations: json.operations,
      byId: new Map(json.operations.map((op) => [op.id, op])),
      defs: json.$defs,
    };
    loaded = { index, ajv };
    return index;
  })();
  return loading;
}

/** The index if it is loaded, else undefined (then the checks below cannot run: call `loadOperationIndex`). */
export function loadedOperationIndex(): OperationIndex | undefined {
  return loaded?.index;
}

/** The formats worth checking in what we send; the spec's others (int64, password…) only document. */
const FORMATS: Record<string, RegExp | true> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:/,
};

const compiled = new Map<string, ValidateFunction>();
/**
 * The check of one schema, compiled on first use with only the `$defs` it reaches: handing ajv all 900 of them
 * costs half a second, one operation's a few milliseconds.
 */
function validator(key: string, schema: JsonSchema, ajv: Ajv2020, defs = ready().index.defs): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    const reached: Record<string, JsonSchema> = {};
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) visit(item);
      else if (value && typeof value === 'object') {
        for (const [name, child] of Object.entries(value)) {
          if (name !== '$ref' || typeof child !== 'string') visit(child);
          else {
            const target = child.replace('#/$defs/', '');
            if (reached[target] || !defs[target]) continue;
            reached[target] = defs[target];
            visit(defs[target]);
          }
        }
      }
    };
    visit(schema);
    validate = ajv.compile({ ...schema, $defs: reached });
    compiled.set(key, validate);
  }
  return validate;
}

function ready() {
  if (!loaded) throw new Error('The operation index is not loaded: await loadOperationIndex() first.');
  return loaded;
}

/** An issue of a call, by field path (`parameters.limit`, `body.profile.login`). */
export interface CallIssue {
  path: (string | number)[];
  message: string;
}

function ajvIssues(prefix: (string | number)[], errors: ErrorObject[] | null | undefined): CallIssue[] {
  // allErrors lists every alternative of an anyOf; the first few say enough.
  return (errors ?? []).slice(0, 8).map((error) => {
    const path = error.instancePath.split('/').slice(1).map(decodeURIComponent);
    const field = error.keyword === 'required' ? [String(error.params.missingProperty)] : [];
    const extra = error.keyword === 'additionalProperties' ? `: "${String(error.params.additionalProperty)}"` : '';
    const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).join(', ')}` : '';
    return { path: [...prefix, ...path, ...field], message: `${error.message ?? 'invalid'}${extra}${allowed}` };
  });
}

/**
 * Why a call of `operation` with these parameters and body cannot be sent, or no issue: an unknown parameter, a
 * missing required one, a value off its schema, a path value that is not one segment, a body off the schema or where
 * the operation takes none.
 */
export function callIssues(operation: OktaOperation, parameters: Record<string, unknown>, body: unknown): CallIssue[] {
  const { ajv } = ready();
  const issues: CallIssue[] = [];
  const known = operation.parameters.map((p) => p.name);
  for (const name of Object.keys(parameters)) {
    if (known.includes(name)) continue;
    const near = closestField(name, known);
    const message = near
      ? `${operation.id} has no parameter "${name}"; did you mean "${near}"?`
      : `${operation.id} has no parameter "${name}"; its parameters are ${known.join(', ') || 'none'}`;
    issues.push({ path: ['parameters', name], message });
  }
  for (const parameter of operation.parameters) {
    const value = parameters[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required) issues.push({ path: ['parameters', parameter.name], message: 'Required' });
      continue;
    }
    const validate = validator(`${operation.id} ${parameter.name}`, parameter.schema, ajv);
    if (!validate(value)) issues.push(...ajvIssues(['parameters', parameter.name], validate.errors));
    else if (parameter.in === 'path') {
      const problem = typeof value === 'string' ? segmentProblem(value) : undefined;
      if (problem) issues.push({ path: ['parameters', parameter.name], message: problem });
    }
  }
  if (!operation.body) {
    if (body !== undefined) issues.push({ path: ['body'], message: `${operation.id} takes no JSON body` });
  } else if (!operation.body.schema) {
    if (body !== undefined || operation.body.required) {
      const message = `${operation.id} takes a body of type ${operation.body.mediaType}, not JSON: use rawRequest`;
      issues.push({ path: ['body'], message });
    }
  } else if (body === undefined) {
    if (operation.body.required) issues.push({ path: ['body'], message: 'Required' });
  } else {
    const validate = validator(`${operation.id} body`, operation.body.schema, ajv);
    if (!validate(body)) issues.push(...ajvIssues(['body'], validate.errors));
  }
  return issues;
}

/**
 * Okta's answer checked as tolerantly as our own actions' outputs (loose objects): fields Okta adds, enum values it
 * adds, fields it leaves out and formats are all accepted; a wrong type (an object where an array was promised) is
 * not. One record at a time for a list.
 */
export function answerIssues(operation: OktaOperation, answer: unknown, record = false): CallIssue[] {
  const { ajv } = ready();
  const schema = operation.response?.schema;
  if (!schema || answer === undefined) return [];
  const itemOf = (s: JsonSchema) => (s.type === 'array' && s.items ? (s.items as JsonSchema) : s);
  const key = `${operation.id} answer${record ? ' item' : ''}`;
  const validate = validator(
    key,
    tolerant(record ? itemOf(schema) : schema) as JsonSchema,
    tolerantAjv(ajv),
    tolerantDefs(),
  );
  return validate(answer) ? [] : ajvIssues(record ? ['items'] : ['body'], validate.errors);
}

/** What a tolerant check ignores: what Okta may add to, leave out of or write differently in an answer. */
const STRICT = new Set([
  'required',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'additionalProperties',
  'description',
  'title',
]);
function tolerant(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tolerant);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !STRICT.has(key))
      .map(([key, value]) => [key, key === 'properties' ? mapValues(value, tolerant) : tolerantValue(key, value)]),
  );
}
/** Okta writes `null` for a field it has no value for, typed or not (as our schemas' `.nullish()`). */
function tolerantValue(key: string, value: unknown): unknown {
  if (key !== 'type') return tolerant(value);
  const types = Array.isArray(value) ? value : [value];
  return types.includes('null') ? types : [...types, 'null'];
}
const mapValues = (value: unknown, fn: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fn(v)]));

let tolerantInstance: Ajv2020 | undefined;
function tolerantAjv(strict: Ajv2020): Ajv2020 {
  const Ajv = strict.constructor as new (options: object) => Ajv2020;
  tolerantInstance ??= new Ajv({ strict: false, allErrors: false, logger: false, validateFormats: false });
  return tolerantInstance;
}
let tolerantDefinitions: Record<string, JsonSchema> | undefined;
function tolerantDefs(): Record<string, JsonSchema> {
  tolerantDefinitions ??= mapValues(ready().index.defs, tolerant) as Record<string, JsonSchema>;
  return tolerantDefinitions;
}

/** Operations matching every word of the text in their id, tag, summary, method or path; ids that start with it first. */
export function searchOperations(index: OperationIndex, text: string | undefined): OktaOperation[] {
  const words = (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return index.operations;
  const hits = index.operations.filter((op) => {
    const haystack = `${op.id} ${op.tag} ${op.summary} ${op.method} ${op.path}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const first = words[0] as string;
  const rank = (op: OktaOperation) =>
    op.id.toLowerCase() === first ? 0 : op.id.toLowerCase().startsWith(first) ? 1 : 2;
  return hits.sort((a, b) => rank(a) - rank(b));
}

/**
 * The picker a parameter is filled from, where we have one for the id it takes. The name alone says it for most; a
 * few names mean different things under different paths (`ruleId` of a group rule or of a policy rule).
 */
export function dataSourceOf(operation: OktaOperation, name: string): string | undefined {
  const path = operation.path;
  if (name === 'userId' || (name === 'id' && path.startsWith('/api/v1/users/{id}'))) return 'selectUser';
  if (name === 'groupId' || name === 'groupOrExternalId') return 'selectGroup';
  if (name === 'appId') return 'selectApplication';
  if (name === 'policyId') return 'selectPolicy';
  if (name === 'eventHookId') return 'selectEventHook';
  if (name === 'identitySourceId') return 'selectIdentitySource';
  if (name === 'deviceId') return 'selectDevice';
  if (name === 'realmId') return 'selectRealm';
  if (name === 'groupRuleId' || (name === 'ruleId' && path.startsWith('/api/v1/groups/rules/'))) {
    return 'selectGroupRule';
  }
  if (name === 'typeId' && path.startsWith('/api/v1/meta/types/user/')) return 'selectUserType';
  if (name === 'factorId' && path.startsWith('/api/v1/users/{userId}/factors/')) return 'selectUserFactor';
  return undefined;
}

/** How deep a form inlines the spec's schemas: deep enough for a user's profile, bounded for recursive ones. */
const FORM_DEPTH = 6;

/** A schema with its `$ref`s inlined up to `depth` levels (past that, any JSON), without readOnly properties. */
export function inlined(schema: unknown, defs: Record<string, JsonSchema>, depth = FORM_DEPTH): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlined(item, defs, depth));
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  if (typeof source.$ref === 'string') {
    if (depth <= 0) return { description: 'Given as JSON.' };
    const { $ref, ...rest } = source;
    const target = defs[$ref.replace('#/$defs/', '')] ?? {};
    return inlined({ ...target, ...rest }, defs, depth - 1);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties') {
      const kept = Object.entries(value as Record<string, JsonSchema>).filter(([, p]) => p?.readOnly !== true);
      out.properties = Object.fromEntries(kept.map(([name, p]) => [name, inlined(p, defs, depth)]));
    } else if (key === 'readOnly' || key === 'writeOnly') continue;
    else out[key] = typeof value === 'object' ? inlined(value, defs, depth) : value;
  }
  return out;
}

/**
 * The input schema of `callOktaOperation` for one operation, for a form: the operation fixed, its parameters as
 * fields (titles and descriptions from the spec, pickers where we have one), its body inlined to a bounded depth, and
 * the paging inputs for a list.
 */
export function operationFormSchema(index: OperationIndex, operation: OktaOperation): JsonSchema {
  const parameters: Record<string, JsonSchema> = {};
  for (const p of operation.parameters) {
    const source = dataSourceOf(operation, p.name);
    parameters[p.name] = {
      ...(inlined(p.schema, index.defs) as JsonSchema),
      title: p.name,
      ...(p.description ? { description: p.description } : {}),
      ...(source ? { 'x-dataSource': source } : {}),
    };
  }
  const required = operation.parameters.filter((p) => p.required).map((p) => p.name);
  const properties: Record<string, JsonSchema> = {
    operationId: {
      type: 'string',
      const: operation.id,
      default: operation.id,
      title: 'Operation',
      description: `${operation.method} ${operation.path}`,
      'x-dataSource': 'selectOperation',
    },
    parameters: {
      type: 'object',
      title: 'Parameters',
      properties: parameters,
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    },
  };
  if (operation.body?.schema) {
    properties.body = { ...(inlined(operation.body.schema, index.defs) as JsonSchema), title: 'Body' };
  }
  if (operation.list) {
    properties.fetchAll = { type: 'boolean', default: false, title: 'Fetch all pages' };
    properties.maxRecords = { type: 'integer', minimum: 1, maximum: 100_000, default: 1000, title: 'Max records' };
  }
  return {
    type: 'object',
    title: operation.summary,
    description: `${operation.tag}: ${operation.method} ${operation.path}`,
    properties,
    required: [
      'operationId',
      ...(required.length ? ['parameters'] : []),
      ...(operation.body?.required ? ['body'] : []),
    ],
    additionalProperties: false,
    'x-hints': operation.hints,
    'x-scopes': operation.scopes,
  };
}
