/**
 * @module For endpoints the sandbox does not model: the success example of Okta's OpenAPI spec (docs/architecture.md, "The
 * sandbox"), marked `X-Sandbox-Example: true` so that nobody mistakes it for state. An unknown path is 404 E0000008,
 * a known path with another method 405 E0000022, as Okta answers.
 */
import data from '../lib/data/response-examples.json' with { type: 'json' };
import { oktaError } from './responses.ts';

interface Template {
  method: string;
  pattern: RegExp;
  /** Literal segments first: `/users/me` wins over `/users/{id}`. */
  params: number;
  status: number;
  example?: unknown;
}

const templates: Template[] = Object.entries(data.examples as Record<string, { status: number; example?: unknown }>)
  .map(([key, { status, example }]) => {
    const [method, path] = key.split(' ') as [string, string];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return { method, pattern: new RegExp(`^${source}$`), params: (path.match(/\{/g) ?? []).length, status, example };
  })
  .sort((a, b) => a.params - b.params);

export function exampleResponse(method: string, path: string): Response {
  const matching = templates.filter((t) => t.pattern.test(path));
  if (matching.length === 0) return oktaError('E0000008');
  const template = matching.find((t) => t.method === method);
  if (!template) return oktaError('E0000022');
  const headers = { 'x-sandbox-example': 'true' };
  if (template.example === undefined || template.status === 204) {
    return new Response(null, { status: template.status, headers });
  }
  return Response.json(template.example, { status: template.status, headers });
}
