/**
 * Derives `lib/data/operation-index.json`, the index `callOktaOperation` and `selectOperation` read
 * (lib/operation-index.ts), from Okta's Management API spec: `npx tsx scripts/derive-operation-index.ts
 * [path-to-okta-folder]` (the same folder as scripts/derive-okta-data.ts; sources in docs/okta.md §8).
 *
 * Per operation: its id, tag, summary, method, path template, scopes, hints, its parameters (with their JSON Schemas
 * and a one-sentence description), its JSON request body schema and its success response schema. Parameters, request
 * bodies and responses given by reference are resolved here; the component schemas stay shared under `$defs`
 * (inlining them would repeat `User` in a hundred operations and could not end for recursive ones): the host inlines
 * them for one form, to a bounded depth (lib/operation-index.ts, `formSchema`).
 *
 * Trimmed to what a form and a check need: descriptions cut to their first sentence, no examples, no `x-` extensions,
 * no discriminators (their `oneOf` becomes an `anyOf`, as in request-schemas.json), only the `$defs` some operation
 * reaches. Schemas are JSON Schema 2020-12 converted from OpenAPI 3.0 (`nullable` becomes a `null` type).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type OasSchema, oasToJsonSchema } from './oas-json-schema.ts';

const source = process.argv[2] ?? fileURLToPath(new URL('../../shared/okta/', import.meta.url));
const target = fileURLToPath(new URL('../lib/data/operation-index.json', import.meta.url));

interface Parameter {
  $ref?: string;
  in?: string;
  name?: string;
  description?: string;
  required?: boolean;
  explode?: boolean;
  schema?: OasSchema;
}
interface Media {
  schema?: OasSchema;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { $ref?: string; content?: Record<string, Media> }>;
}
const spec = parse(readFileSync(`${source.replace(/\/?$/, '/')}management-openapi.yaml`, 'utf8'), {
  maxAliasCount: -1,
}) as {
  info: { version: string };
  paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }>;
  components: {
    parameters: Record<string, Parameter>;
    requestBodies: Record<string, NonNullable<Operation['requestBody']>>;
    responses: Record<string, NonNullable<Operation['responses']>[string]>;
    schemas: Record<string, OasSchema>;
  };
};
const refName = (ref: string) => ref.split('/').pop() as string;

/** The first sentence of a description, markdown links reduced to their text, at most 200 characters. */
function shortText(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const plain = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  const cut = sentence.length > 200 ? `${sentence.slice(0, 197)}…` : sentence;
  return cut || undefined;
}

/** An OpenAPI 3.0 schema as JSON Schema 2020-12, keeping what a form shows (title, short description, readOnly). */
const convert = (schema: unknown) =>
  oasToJsonSchema(schema, {
    drop: new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated']),
    describe: shortText,
    typeObjects: true,
  });

const defs = new Map<string, unknown>();
/** Converts the component schemas a converted schema refers to, directly or not, into `defs`. */
function collect(value: unknown): void {
  if (Array.isArray(value)) for (const item of value) collect(item);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const name = child.slice('#/$defs/'.length);
        if (!defs.has(name)) {
          const converted = convert(spec.components.schemas[name] ?? {});
          defs.set(name, converted);
          collect(converted);
        }
      } else collect(child);
    }
  }
}

/**
 * A JSON media type's schema, preferring `application/json`; for a request body of no JSON type (a certificate, a
 * form), its first media type alone, so that a call knows it cannot send one.
 */
function jsonSchemaOf(
  content: Record<string, Media> | undefined,
  request = false,
): { mediaType: string; schema?: unknown } | undefined {
  const entries = Object.entries(content ?? {}).filter(([type]) => /json/.test(type));
  const [mediaType, media] = entries.find(([type]) => type === 'application/json') ?? entries[0] ?? [];
  if (mediaType && media?.schema) return { mediaType, schema: convert(media.schema) };
  const other = Object.keys(content ?? {})[0];
  return request && other && !mediaType ? { mediaType: other } : undefined;
}

/**
 * What a call does to the org, for flow builders and for the MCP flags: the method first (GET and HEAD read-only,
 * DELETE destructive, PUT idempotent); a POST that deactivates, revokes, resets or removes is destructive too, as
 * our own actions of the kind are hinted (deactivateUser, resetPassword, resetFactors).
 */
function hintsOf(method: string, operationId: string, path: string) {
  const readOnly = method === 'GET' || method === 'HEAD';
  const destructive =
    method === 'DELETE' ||
    (!readOnly &&
      (/^(delete|revoke|deactivate|reset|clear|unassign|remove|unenroll|unlink|expire)/i.test(operationId) ||
        /\/lifecycle\/(deactivate|delete|reset_|expire)/.test(path)));
  return { readOnly, destructive, idempotent: readOnly || method === 'PUT' || method === 'DELETE' };
}

const operations = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'head', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method] as Operation | undefined;
    if (!operation?.operationId) continue;
    const id = operation.operationId;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
      .map((p) => (p.$ref ? spec.components.parameters[refName(p.$ref)] : p))
      .filter(
        (p): p is Parameter & { name: string } => typeof p?.name === 'string' && /^(path|query)$/.test(p.in ?? ''),
      )
      .map((p) => {
        const schema = convert(p.schema ?? { type: 'string' });
        collect(schema);
        const description = shortText(p.description);
        return {
          name: p.name,
          in: p.in,
          ...(p.required || p.in === 'path' ? { required: true } : {}),
          ...(p.explode === false ? { explode: false } : {}),
          ...(description ? { description } : {}),
          schema,
        };
      });
    const requestBody = operation.requestBody?.$ref
      ? spec.components.requestBodies[refName(operation.requestBody.$ref)]
      : operation.requestBody;
    const body = requestBody && jsonSchemaOf(requestBody.content, true);
    if (body?.schema) collect(body.schema);
    const [status, answer] =
      Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(code)) ?? ([] as never[]);
    const response =
      answer && jsonSchemaOf((answer.$ref ? spec.components.responses[refName(answer.$ref)] : answer)?.content);
    if (response) collect(response.schema);
    const M = method.toUpperCase();
    const names = parameters.map((p) => p.name);
    operations.push({
      id,
      tag: operation.tags?.[0] ?? '',
      summary: operation.summary ?? id,
      method: M,
      path,
      scopes: [...new Set((operation.security ?? []).flatMap((s) => s.oauth2 ?? []))].sort(),
      hints: hintsOf(M, id, path),
      // Okta pages a collection through `Link` when it takes `after` (docs/okta.md §2.1); the shared pager sends
      // `limit` too, so only those that take both are paged by it (the others return their cursor as is).
      ...(M === 'GET' && names.includes('after') && names.includes('limit') ? { list: true } : {}),
      parameters,
      ...(body ? { body: { required: requestBody?.required === true, ...body } } : {}),
      ...(status ? { response: { status: Number(status), ...(response ? { schema: response.schema } : {}) } } : {}),
    });
  }
}
operations.sort((a, b) => a.tag.localeCompare(b.tag) || a.id.localeCompare(b.id));

// One operation per line: the file diffs by operation.
const lines = [
  `{"version":${JSON.stringify(spec.info.version)},`,
  `"operations":[\n${operations.map((op) => JSON.stringify(op)).join(',\n')}\n],`,
  `"$defs":{\n${[...defs.keys()]
    .sort()
    .map((name) => `${JSON.stringify(name)}:${JSON.stringify(defs.get(name))}`)
    .join(',\n')}\n}}`,
];
writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`lib/data/operation-index.json: ${operations.length} operations, ${defs.size} schemas`);
