/**
 * Runs the BUILT Activepieces piece (dist/adapters/activepieces, `npm run build:adapters`) at the framework's level,
 * as far as the published packages go (Activepieces' engine is not published): the package `require`d and its piece
 * found as Activepieces finds it, actions run with the framework's own `createMockActionContext`, and the auth in the
 * shape Activepieces passes it (`{ type: 'CUSTOM_AUTH', props }`). The framework comes from adapters/node_modules
 * (@activepieces/pieces-framework 0.32.0).
 *
 * What stands in for Activepieces' server: a store per trigger (its `context.store`), and a loopback HTTP server at
 * the trigger's webhook URL that hands a request carrying the handshake header to `onHandshake` and anything else
 * to `run`, as Activepieces' webhook route does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { resolve } from 'node:path';
import { beforeAll } from 'vitest';
import { type Activepieces, loadPiece, requireActivepieces } from '../../adapters/activepieces/surface.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { suiteSandbox } from '../support/org.ts';

export const packageDir = resolve(import.meta.dirname, '../../dist/adapters/activepieces');

const framework = requireActivepieces('@activepieces/pieces-framework') as typeof Activepieces;

/** The auth as Activepieces passes it to actions, triggers and dropdowns under the current context version. */
export function authOf(fields: Record<string, unknown>) {
  return { type: 'CUSTOM_AUTH', props: { connectionType: 'apiToken', ...fields } };
}

/** The framework's own mock action context, with the auth Activepieces would add. */
export function actionContext(auth: unknown, propsValue: Record<string, unknown>): Record<string, unknown> {
  return { ...framework.createMockActionContext({ propsValue }), auth };
}

/** A trigger's `context.store`, kept between hooks as Activepieces keeps it (JSON, as it is stored). */
export function memoryStore() {
  const values = new Map<string, string>();
  return {
    values,
    put: async <T>(key: string, value: T) => {
      values.set(key, JSON.stringify(value));
      return value;
    },
    get: async <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key) as string) as T) : null),
    delete: async (key: string) => {
      values.delete(key);
    },
  };
}

export interface WebhookRoute {
  url: string;
  /** What `run` gave for each request that reached it. */
  runs: unknown[][];
  close(): Promise<void>;
}

/**
 * Activepieces' webhook route for one trigger: a request with the handshake header (`handshakeConfiguration`) is
 * answered by `onHandshake`, any other is handed to `run` as the trigger's payload and answered 200.
 */
export async function webhookRoute(
  trigger: Activepieces.Trigger,
  context: (payload: unknown) => Record<string, unknown>,
): Promise<WebhookRoute> {
  const runs: unknown[][] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const rawBody = await bodyOf(request);
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      let body: unknown = rawBody;
      try {
        body = rawBody ? JSON.parse(rawBody) : {};
      } catch {}
      const payload = { method: request.method, headers, body, rawBody, queryParams: {} };
      const handshake = trigger.handshakeConfiguration;
      if (
        handshake?.strategy === 'HEADER_PRESENT' &&
        handshake.paramName &&
        handshake.paramName.toLowerCase() in headers
      ) {
        const answer = await trigger.onHandshake(context(payload) as never);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        return;
      }
      runs.push(await trigger.run(context(payload) as never));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    })().catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1/webhooks/flow-1`,
    runs,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The sandbox and the built piece, for a test file. */
export function useSandboxAndPiece(options: { users: number; seed: number; eventHookTimeoutMs?: number }) {
  const holder = {
    sandbox: suiteSandbox({ ...options, rateLimits: { enabled: false } }),
  } as { sandbox: RunningSandbox; piece: Activepieces.Piece; auth: ReturnType<typeof authOf> };
  beforeAll(() => {
    holder.piece = loadPiece(packageDir);
    holder.auth = authOf(holder.sandbox.connection.fields);
  });
  return holder;
}
