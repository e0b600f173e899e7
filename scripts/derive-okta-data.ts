/**
 * Derives the reference data the project uses from Okta's published catalogues in `../shared/okta` into committed
 * files under `lib/data/`, so that a fresh clone builds and tests without `../shared`. Run it again when the
 * catalogues are updated: `npx tsx scripts/derive-okta-data.ts [path-to-okta-folder]`.
 *
 * - `event-types.json`: every System Log event type, with its description, category and whether it is tagged
 *   `event-hook-eligible` (only those can be delivered by an event hook; the others can still be polled).
 * - `error-codes.json`: Okta API error codes → HTTP status, summary and title.
 * - `operations.json`: every Management API operation: method, path, operationId, required scopes, query names.
 * - `response-examples.json`: each operation's success status and first JSON example, which the sandbox answers for
 *   endpoints it does not model.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const source = process.argv[2] ?? fileURLToPath(new URL('../../shared/okta/', import.meta.url));
const target = fileURLToPath(new URL('../lib/data/', import.meta.url));
mkdirSync(target, { recursive: true });

const read = (name: string) => readFileSync(`${source.replace(/\/?$/, '/')}${name}`, 'utf8');
const write = (name: string, value: unknown) => {
  writeFileSync(`${target}${name}`, `${JSON.stringify(value, null, 1)}\n`);
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
  parameters?: { $ref?: string; in?: string; name?: string }[];
}
const spec = parse(read('management-openapi.yaml'), { maxAliasCount: -1 }) as {
  info: { version: string };
  paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>;
  components: {
    parameters: Record<string, { in: string; name: string }>;
    examples: Record<string, { value?: unknown }>;
    responses: Record<string, unknown>;
  };
};
const resolveParameter = (p: { $ref?: string; in?: string; name?: string }) =>
  p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p;
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

/**
 * `catalog-keys.json`: the keys CATALOG.md fixes for every connection, action, trigger and data source, so that a
 * test can refuse a module whose key is not in the catalogue (keys are a public contract).
 */
const catalog = readFileSync(fileURLToPath(new URL('../CATALOG.md', `file://${source.replace(/\/?$/, '/')}`)), 'utf8');
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
