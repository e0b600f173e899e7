/**
 * Derives the reference data the project uses from Okta's published catalogues into committed files under
 * `lib/data/`, so that a clone builds and tests with nothing outside the repo. Run it again when Okta publishes new
 * ones: `npx tsx scripts/derive-okta-data.ts [path-to-okta-folder]`.
 *
 * Its input is a folder holding copies of Okta's public files (by default `../shared/okta`, where the team keeps
 * them; any folder with the same three files will do). Where each comes from (docs/okta.md §8):
 * - `management-openapi.yaml`: the Management API spec, `dist/current/management-minimal.yaml` of
 *   https://github.com/okta/okta-management-openapi-spec (Apache-2.0);
 * - `event-types.json`, `error-codes.json`: `packages/@okta/vuepress-site/data/event-types.json` and
 *   `data/error-codes.json` of https://github.com/okta/okta-developer-docs (Apache-2.0).
 * The catalogue keys come from the repo's own `docs/catalog.md`.
 *
 * - `event-types.json`: every System Log event type, with its description, category and whether it is tagged
 *   `event-hook-eligible` (only those can be delivered by an event hook; the others can still be polled).
 * - `error-codes.json`: Okta API error codes → HTTP status, summary and title.
 * - `operations.json`: every Management API operation: method, path, operationId, required scopes, query names, and
 *   the error statuses the spec declares.
 * - `response-examples.json`: each operation's success status and first JSON example, which the sandbox answers for
 *   endpoints it does not model.
 * - `success-examples.json`: every JSON example of every success response, by operation, for the test that feeds
 *   them to the actions' output schemas (test/output-examples.test.ts).
 * - `request-schemas.json`: what a request may carry, by operation: its path and query parameters (with their JSON
 *   Schemas) and its body (media types and JSON Schema), the component schemas they refer to under `$defs`, all
 *   converted from OpenAPI 3.0 to JSON Schema 2020-12 with request semantics, for the conformance test
 *   (test/conformance.test.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type OasSchema, oasToJsonSchema } from './oas-json-schema.ts';

const source = process.argv[2] ?? fileURLToPath(new URL('../../shared/okta/', import.meta.url));
const target = fileURLToPath(new URL('../lib/data/', import.meta.url));
mkdirSync(target, { recursive: true });

const read = (name: string) => readFileSync(`${source.replace(/\/?$/, '/')}${name}`, 'utf8');
const write = (name: string, value: unknown) => {
  writeFileSync(`${target}${name}`, `${JSON.stringify(value, null, 1)}\n`);
  console.log(`lib/data/${name}`);
};
/** Like `write`, but each entry of the object-valued fields on one line: large files stay small and diff by entry. */
const writeByEntry = (name: string, value: Record<string, unknown>) => {
  const field = ([key, child]: [string, unknown]) =>
    child && typeof child === 'object' && !Array.isArray(child)
      ? `${JSON.stringify(key)}: {\n${Object.entries(child)
          .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
          .join(',\n')}\n }`
      : `${JSON.stringify(key)}: ${JSON.stringify(child)}`;
  writeFileSync(`${target}${name}`, `{\n ${Object.entries(value).map(field).join(',\n ')}\n}\n`);
  console.log(`lib/data/${name}`);
};

interface EventType {
  id: string;
  category: string;
  description: string;
  beta: boolean;
  internal: boolean;
  tags: string[];
}
const eventCatalogue = JSON.parse(read('event-types.json')) as {
  release: string;
  versions: { eventTypes: EventType[] }[];
};
const eventTypes = eventCatalogue.versions[0]!.eventTypes.filter((type) => !type.internal)
  .map(({ id, category, description, beta, tags }) => ({
    id,
    category,
    description,
    beta,
    eventHookEligible: tags.includes('event-hook-eligible'),
  }))
  .sort((a, b) => a.id.localeCompare(b.id));
write('event-types.json', { release: eventCatalogue.release, eventTypes });

interface ErrorEntry {
  errorCode: string;
  statusCode: number;
  errorSummary: string;
  title: string;
}
const errors = JSON.parse(read('error-codes.json')) as { release: string; errors: ErrorEntry[] };
write('error-codes.json', {
  release: errors.release,
  errors: Object.fromEntries(
    errors.errors.map((e) => [e.errorCode, { status: e.statusCode, summary: e.errorSummary, title: e.title }]),
  ),
});

interface Operation {
  operationId?: string;
  responses?: Record<
    string,
    {
      $ref?: string;
      content?: Record<string, { example?: unknown; examples?: Record<string, { $ref?: string; value?: unknown }> }>;
    }
  >;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: RequestBody & { $ref?: string };
}
interface Parameter {
  $ref?: string;
  in?: string;
  name?: string;
  required?: boolean;
  explode?: boolean;
  schema?: OasSchema;
}
interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: OasSchema }>;
}
const spec = parse(read('management-openapi.yaml'), { maxAliasCount: -1 }) as {
  info: { version: string };
  paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>;
  components: {
    parameters: Record<string, Parameter>;
    examples: Record<string, { value?: unknown }>;
    responses: Record<string, unknown>;
    requestBodies: Record<string, RequestBody>;
    schemas: Record<string, OasSchema>;
  };
};
const resolveParameter = (p: Parameter) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p);
const operations = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method] as Operation | undefined;
    if (!operation) continue;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
    const scopes = [...new Set((operation.security ?? []).flatMap((s) => s.oauth2 ?? []))].sort();
    operations.push({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      scopes,
      query: parameters.filter((p) => p?.in === 'query').map((p) => p!.name),
      // The error statuses the spec declares for it: the manifest derives each unit's error codes from them.
      errorStatuses: Object.keys(operation.responses ?? {})
        .filter((code) => /^[45]\d\d$/.test(code))
        .map(Number),
    });
  }
}
write('operations.json', { version: spec.info.version, operations });

/** The success status of an operation and its first JSON example, `$ref`s resolved. */
function successExample(operation: Operation): { status: number; example?: unknown } | undefined {
  const [status, response] = Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(code)) ?? [];
  if (!status || !response) return undefined;
  const resolved = (
    response.$ref ? spec.components.responses[response.$ref.split('/').pop()!] : response
  ) as NonNullable<Operation['responses']>[string];
  const media = Object.entries(resolved.content ?? {}).find(([type]) => type.includes('json'))?.[1];
  const first = media?.example ?? Object.values(media?.examples ?? {})[0];
  const example =
    first && typeof first === 'object' && '$ref' in first
      ? spec.components.examples[
          String((first as { $ref: string }).$ref)
            .split('/')
            .pop()!
        ]?.value
      : first && typeof first === 'object' && 'value' in first
        ? (first as { value: unknown }).value
        : media?.example;
  return example === undefined ? { status: Number(status) } : { status: Number(status), example };
}
const examples: Record<string, { status: number; example?: unknown }> = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method] as Operation | undefined;
    const success = operation && successExample(operation);
    if (success) examples[`${method.toUpperCase()} ${path}`] = success;
  }
}
write('response-examples.json', { version: spec.info.version, examples });

/** Every JSON example of a response, `$ref`s resolved, by name. */
function jsonExamples(response: NonNullable<Operation['responses']>[string]): Record<string, unknown> {
  const resolved = (
    response.$ref ? spec.components.responses[response.$ref.split('/').pop()!] : response
  ) as NonNullable<Operation['responses']>[string];
  const found: Record<string, unknown> = {};
  for (const [type, media] of Object.entries(resolved.content ?? {})) {
    if (!type.includes('json')) continue;
    if (media.example !== undefined) found[type] = media.example;
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      const value = example.$ref ? spec.components.examples[example.$ref.split('/').pop()!]?.value : example.value;
      if (value !== undefined) found[name] = value;
    }
  }
  return found;
}
const successExamples: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method] as Operation | undefined;
    for (const [status, response] of Object.entries(operation?.responses ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      const found = jsonExamples(response);
      if (Object.keys(found).length === 0) continue;
      const key = `${method.toUpperCase()} ${path}`;
      successExamples[key] = { ...successExamples[key], [status]: found };
    }
  }
}
writeByEntry('success-examples.json', { version: spec.info.version, operations: successExamples });

/** An OpenAPI 3.0 schema as JSON Schema 2020-12 for validating what we send: what only documents is dropped. */
const toJsonSchema = (schema: unknown) =>
  oasToJsonSchema(schema, {
    drop: new Set(['description', 'title', 'example', 'examples', 'discriminator', 'xml', 'externalDocs']),
  });

/** The component schemas a converted schema refers to, directly or not. */
function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
        const name = child.slice('#/$defs/'.length);
        if (!into.has(name)) {
          into.add(name);
          collectRefs(toJsonSchema(spec.components.schemas[name]), into);
        }
      } else collectRefs(child, into);
    }
  }
}

interface ParameterEntry {
  required: boolean;
  /** Repeated (`a=1&a=2`) rather than comma-separated, for arrays (OpenAPI's `form` style default). */
  explode?: boolean;
  schema: unknown;
}
const requestOperations: Record<
  string,
  {
    path: Record<string, ParameterEntry>;
    query: Record<string, ParameterEntry>;
    body?: { required: boolean; mediaTypes: string[]; schema?: unknown };
  }
> = {};
const referenced = new Set<string>();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method] as Operation | undefined;
    if (!operation) continue;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
    const entries = (where: string) =>
      Object.fromEntries(
        parameters
          .filter((p): p is Parameter & { name: string } => p?.in === where && typeof p.name === 'string')
          .map((p) => {
            const entry: ParameterEntry = { required: p.required === true, schema: toJsonSchema(p.schema ?? {}) };
            if (p.explode !== undefined) entry.explode = p.explode;
            collectRefs(entry.schema, referenced);
            return [p.name, entry];
          }),
      );
    const entry: (typeof requestOperations)[string] = { path: entries('path'), query: entries('query') };
    const body = operation.requestBody?.$ref
      ? spec.components.requestBodies[operation.requestBody.$ref.split('/').pop()!]
      : operation.requestBody;
    if (body) {
      const content = body.content ?? {};
      const json = Object.entries(content).find(([type]) => /json$/.test(type))?.[1];
      entry.body = { required: body.required === true, mediaTypes: Object.keys(content) };
      if (json?.schema) {
        entry.body.schema = toJsonSchema(json.schema);
        collectRefs(entry.body.schema, referenced);
      }
    }
    requestOperations[`${method.toUpperCase()} ${path}`] = entry;
  }
}
writeByEntry('request-schemas.json', {
  version: spec.info.version,
  operations: requestOperations,
  $defs: Object.fromEntries([...referenced].sort().map((name) => [name, toJsonSchema(spec.components.schemas[name])])),
});

/**
 * `catalog-keys.json`: the keys docs/catalog.md fixes for every connection, action, trigger and data source (the first
 * column of the tables under its four sections), so that a test can refuse a module whose key is not in the catalogue
 * (keys are a public contract).
 */
const catalog = readFileSync(fileURLToPath(new URL('../docs/catalog.md', import.meta.url)), 'utf8');
const KEY = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/;
function keysOf(section: string): string[] {
  const keys = new Set<string>();
  for (const line of section.split('\n')) {
    if (line.startsWith('|')) {
      const first = line.split('|')[1]?.trim() ?? '';
      for (const token of first.replace(/`/g, ' ').split(/[\s/]+/)) if (KEY.test(token)) keys.add(token);
    } else if (line.startsWith('`')) {
      for (const [, token] of line.matchAll(/`([^`]+)`/g)) if (token && KEY.test(token)) keys.add(token);
    }
  }
  return [...keys];
}
const sections = Object.fromEntries(
  catalog.split(/^## /m).map((part) => [part.slice(0, part.indexOf('\n')).replace(/\s*\(.*$/, ''), part]),
);
write('catalog-keys.json', {
  connections: keysOf(sections.Connections ?? ''),
  actions: keysOf(sections.Actions ?? ''),
  triggers: keysOf(sections.Triggers ?? ''),
  dataSources: keysOf(sections['Data sources'] ?? ''),
});
