/**
 * @module The host: the connector's runtime behind a small JSON HTTP API (docs/architecture.md, "The host and the CLI"), the
 * URL Okta delivers event hooks to, and the playground page.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createConnector, manifest } from '../connector.ts';
import { isConnectorError } from '../lib/errors.ts';
import type { ConnectionInput, Runtime, RuntimeOptions } from '../lib/runtime.ts';
import type { StateStore } from '../lib/store/types.ts';
import { apiTokenGuard, isLoopback, MIN_API_TOKEN_LENGTH, publicNameRoutes } from './access.ts';
import { type Body, explicitConnection, optionalString, readBody } from './body.ts';
import { errorJson, httpStatus } from './errors.ts';
import { EventStreams } from './event-streams.ts';
import { webhookRoutes } from './hooks.ts';
import { DEFAULT_HOST_LIMITS, deliveryQueueLimits, type HostLimits, hostLimits, serverOptions } from './limits.ts';
import type { McpToolPolicy } from './mcp-policy.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { ndjsonResponse } from './ndjson.ts';
import type { OAuthRoutes } from './oauth.ts';
import { operationRoutes } from './operations.ts';
import { renderPlayground } from './playground.ts';
import { playgroundAssets } from './playground-assets.ts';
import { hostOf, listeningHosts, requestGuard } from './request-guard.ts';
import { SubscriptionStore } from './subscriptions.ts';

export interface HostAppOptions {
  connector?: Runtime;
  /** Used when a request names no connection; a function when it changes (an admin signs in with OAuth). */
  defaultConnection?: ConnectionInput | (() => ConnectionInput | undefined);
  /** The authorization-code sign-in routes (`/oauth/start`, `/oauth/callback`, `/oauth/disconnect`). */
  oauth?: OAuthRoutes;
  /** Where Okta reaches this host; a function when the port is known only once listening. */
  publicUrl: string | (() => string);
  store?: SubscriptionStore;
  /** 1 MB by default. */
  maxBodyBytes?: number;
  /** `Host` values besides the public URL's that the host answers to (request-guard.ts); by default none. */
  allowedHosts?: string[] | (() => string[]);
  /** Origins besides the host's own whose pages may call it (request-guard.ts); by default none. */
  allowedOrigins?: string[];
  /** Told about errors that are not ConnectorErrors (bugs); by default they go to stderr. */
  onInternalError?: (error: unknown) => void;
  /** The tools `/mcp` offers AI agents (host/mcp.ts); read-only ones by default. */
  mcp?: McpToolPolicy;
  /** The state store the runtime shares (issue 15), for `GET /api/health`; in memory when absent. */
  stateStore?: StateStore;
  /** `GET /api/events`' streams; 32 of at most 1 MiB each by default (host/event-streams.ts). */
  eventStreams?: EventStreams;
  /** When set, `/api/*`, `/mcp` and `/oauth/disconnect` need `Authorization: Bearer <apiToken>` (host/access.ts). */
  apiToken?: string;
}

/** What an action call's body may hold (the stream route's too). */
const ACTION_FIELDS = ['connection', 'input'];

export function createHostApp(options: HostAppOptions): Hono {
  const connector = options.connector ?? createConnector();
  const store = options.store ?? new SubscriptionStore();
  const publicUrl = () => (typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl);
  const onInternalError = options.onInternalError ?? ((error) => console.error('okta-connector host:', error));
  const defaultConnection = () =>
    typeof options.defaultConnection === 'function' ? options.defaultConnection() : options.defaultConnection;
  const connectionOf = (body: Body) => explicitConnection(body) ?? defaultConnection();
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1024 * 1024,
    onError: (c) =>
      c.json({ error: { code: 'BODY_TOO_LARGE', kind: 'validation', message: 'The request body is too large.' } }, 413),
  });

  const app = new Hono();
  // First: a request a web page made (another site's, or a DNS-rebinding one) reaches neither a route nor Okta.
  const hosts = () => [
    hostOf(publicUrl()),
    ...(typeof options.allowedHosts === 'function' ? options.allowedHosts() : (options.allowedHosts ?? [])),
  ];
  app.use('*', requestGuard({ allowedHosts: hosts, allowedOrigins: options.allowedOrigins ?? [] }));
  // Under the public name, only what Okta (and the OAuth redirect) must reach; unless that name is also a private one.
  app.use(
    '*',
    publicNameRoutes({
      publicHost: () => {
        const name = hostOf(publicUrl()).toLowerCase();
        const others = typeof options.allowedHosts === 'function' ? options.allowedHosts() : options.allowedHosts;
        return (others ?? []).some((host) => host.toLowerCase() === name) ? undefined : name;
      },
      isPublic: (path) => path.startsWith('/hooks/') || (options.oauth !== undefined && path === '/oauth/callback'),
      notFound: (c) => routeNotFound(c),
    }),
  );
  if (options.apiToken) app.use('*', apiTokenGuard(options.apiToken));
  app.use('/api/*', limit);
  app.use('/mcp', limit);
  app.use('/mcp/', limit);
  if (options.oauth) app.route('/', options.oauth.app);

  app.onError((error, c) => {
    if (!isConnectorError(error) || error.kind === 'internal') onInternalError(error);
    const json = errorJson(error);
    return c.json({ error: json }, httpStatus(json) as ContentfulStatusCode);
  });
  app.notFound(methodNotAllowed(app, routeNotFound));

  app.get('/', async (c) => {
    const oauth = options.oauth;
    const signIn = oauth && { authorized: oauth.isAuthorized('default'), url: '/oauth/start?connection=default' };
    return c.html(renderPlayground(manifest(), await playgroundAssets(), signIn ? { signIn } : {}));
  });
  // Browsers ask for it; the page has none.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/playground/:name', async (c) => {
    const asset = (await playgroundAssets()).get(c.req.param('name'));
    if (!asset) {
      return c.json({ error: { code: 'NOT_FOUND', kind: 'validation', message: `No asset ${c.req.path}.` } }, 404);
    }
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': asset.contentType,
      // The page names each asset by its content hash, so a versioned URL never changes.
      'cache-control': c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
  app.get('/api/manifest', (c) => c.json(manifest()));
  app.route('/', operationRoutes());
  // Degraded: the shared store is unreachable and this host serves on its local, conservative budget (issue 15).
  app.get('/api/health', (c) => {
    const connected = options.stateStore?.connected() ?? true;
    return c.json({
      status: connected ? 'ok' : 'degraded',
      store: { kind: options.stateStore?.kind ?? 'memory', connected },
    });
  });

  app.post('/api/actions/:key', async (c) => {
    const body = await readBody(c, ACTION_FIELDS);
    const output = await connector.runAction(c.req.param('key'), {
      connection: connectionOf(body) as ConnectionInput,
      input: body.input,
      signal: c.req.raw.signal,
    });
    return c.json({ output });
  });

  // A list action's records as NDJSON, read as the client reads (host/ndjson.ts; docs/architecture.md, issue 14).
  app.post('/api/actions/:key/stream', async (c) => {
    const body = await readBody(c, ACTION_FIELDS);
    const records = connector.streamAction(c.req.param('key'), {
      connection: connectionOf(body) as ConnectionInput,
      input: body.input,
      signal: c.req.raw.signal,
    });
    return ndjsonResponse(records);
  });

  app.post('/api/datasources/:key', async (c) => {
    const body = await readBody(c, ['connection', 'input', 'search', 'cursor']);
    const result = await connector.listOptions(c.req.param('key'), {
      connection: connectionOf(body) as ConnectionInput,
      input: body.input,
      search: optionalString(body, 'search'),
      cursor: optionalString(body, 'cursor'),
      signal: c.req.raw.signal,
    });
    return c.json({ options: result.options, nextCursor: result.nextCursor ?? null });
  });

  app.post('/api/triggers/:key/poll', async (c) => {
    const body = await readBody(c, ['connection', 'input', 'state']);
    const result = await connector.poll(c.req.param('key'), {
      connection: connectionOf(body) as ConnectionInput,
      input: body.input,
      state: body.state,
      signal: c.req.raw.signal,
    });
    return c.json(result);
  });

  app.route(
    '/',
    webhookRoutes({
      connector,
      store,
      publicUrl,
      defaultConnection: () => defaultConnection() as ConnectionInput | undefined,
      eventStreams:
        options.eventStreams ??
        new EventStreams(store, {
          maxStreams: DEFAULT_HOST_LIMITS.maxEventStreams,
          maxBufferedBytes: DEFAULT_HOST_LIMITS.eventStreamBufferBytes,
        }),
    }),
  );

  // MCP's Streamable HTTP, stateless: POST only (GET's event stream and DELETE's session end are for sessions).
  // The SDK is loaded on the first call: the host starts as fast without it, and most never serve an agent.
  let mcp: Promise<(request: Request) => Promise<Response>> | undefined;
  const serveMcp = async (c: Context) => {
    mcp ??= import('./mcp.ts').then(({ mcpHttpHandler }) =>
      mcpHttpHandler({ connector, connection: defaultConnection, policy: options.mcp ?? {}, onInternalError }),
    );
    return (await mcp)(c.req.raw);
  };
  // With or without the trailing slash: one route (issue 20, item 9).
  app.post('/mcp', serveMcp);
  app.post('/mcp/', serveMcp);

  app.post('/api/connections/test', async (c) => {
    const body = await readBody(c, ['connection']);
    return c.json(await connector.testConnection(connectionOf(body) as ConnectionInput, c.req.raw.signal));
  });

  return app;
}

function routeNotFound(c: Context): Response {
  return c.json(
    { error: { code: 'NOT_FOUND', kind: 'validation', message: `No route for ${c.req.method} ${c.req.path}.` } },
    404,
  );
}

export interface HostOptions {
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  defaultConnection?: HostAppOptions['defaultConnection'];
  oauth?: OAuthRoutes;
  /** A runtime to serve; else one is created with `connectorOptions`. */
  connector?: Runtime;
  connectorOptions?: RuntimeOptions;
  /** Where Okta reaches the host, when that is not the address it listens on (a tunnel). */
  publicUrl?: string;
  /**
   * Where subscriptions are saved, so that they survive a restart (and their hooks are kept on close); without it
   * they live in memory and `close` removes their hooks.
   */
  subscriptionsFile?: string;
  /** `Host` values besides the listening address and the public URL's (a name in front of a proxy). */
  allowedHosts?: string[];
  /** Origins whose pages may call the host from a browser, besides its own. */
  allowedOrigins?: string[];
  /** The tools `/mcp` offers AI agents; read-only ones by default. */
  mcp?: McpToolPolicy;
  /**
   * Shared by several hosts on one org (Redis, `REDIS_URL`): the runtime's budget, dedupe and tokens, and the
   * subscriptions. The caller closes it.
   */
  stateStore?: StateStore;
  /** Timeouts and sizes the server accepts (host/limits.ts); each defaults to DEFAULT_HOST_LIMITS'. */
  limits?: Partial<HostLimits>;
  /**
   * `HOST_API_TOKEN`: when set, `/api/*`, `/mcp` and `/oauth/disconnect` need `Authorization: Bearer <apiToken>`.
   * Required to listen on anything but loopback.
   */
  apiToken?: string;
  /** `GET /api/events`' streams, built on `store`; else from `limits`. */
  eventStreams?: EventStreams;
  /** Where webhook subscriptions and their records are kept; a new in-memory store (or `subscriptionsFile`'s) else. */
  store?: SubscriptionStore;
}

/**
 * The host cannot start as asked (a busy port, a public address without a token): the caller's setup is wrong, not
 * the connector. The CLI reports it as a usage error (exit code 1); `details` name what to change.
 */
export class HostStartError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HostStartError';
  }
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const hostname = options.hostname ?? '127.0.0.1';
  checkAccess(hostname, options.apiToken);
  const stateStore = options.stateStore;
  const connector =
    options.connector ?? createConnector({ ...options.connectorOptions, ...(stateStore ? { store: stateStore } : {}) });
  const shared = stateStore?.shared ? stateStore : undefined;
  const limits = hostLimits(options.limits);
  const store =
    options.store ??
    new SubscriptionStore(options.subscriptionsFile, shared, limits.maxRecordBytes, deliveryQueueLimits(limits));
  let url = '';
  let listening: string[] = [];
  const app = createHostApp({
    connector,
    store,
    defaultConnection: options.defaultConnection,
    ...(options.oauth ? { oauth: options.oauth } : {}),
    publicUrl: () => options.publicUrl ?? url,
    allowedHosts: () => [...listening, ...(options.allowedHosts ?? [])],
    allowedOrigins: options.allowedOrigins ?? [],
    ...(options.mcp ? { mcp: options.mcp } : {}),
    ...(stateStore ? { stateStore } : {}),
    maxBodyBytes: limits.maxBodyBytes,
    eventStreams:
      options.eventStreams ??
      new EventStreams(store, { maxStreams: limits.maxEventStreams, maxBufferedBytes: limits.eventStreamBufferBytes }),
    ...(options.apiToken ? { apiToken: options.apiToken } : {}),
  });
  const port = options.port ?? 0;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    throw new HostStartError(
      `The port ${String(port)} is out of range: give a port from 1 to 65535 (0 picks a free one).`,
      {
        port,
      },
    );
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname, serverOptions: serverOptions(limits) }, () =>
      resolve(started),
    );
    started.once('error', (error) => reject(listenError(error, hostname, port)));
  });
  // Connections past the cap are closed as they arrive, before a byte is read.
  server.maxConnections = limits.maxConnections;
  const bound = (server.address() as AddressInfo).port;
  listening = listeningHosts(hostname, bound);
  url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${bound}`;

  return {
    url,
    async close() {
      // Without a file the subscriptions end with the host: remove their event hooks, so that a real org is not left
      // calling a URL that is gone. With one, the host comes back to them.
      const connectionOf = (entry: { connection: ConnectionInput | undefined }) =>
        entry.connection ??
        (typeof options.defaultConnection === 'function' ? options.defaultConnection() : options.defaultConnection);
      await Promise.allSettled(
        // Shared subscriptions are served by the other hosts: kept too.
        (options.subscriptionsFile || shared ? [] : store.all()).flatMap((entry) =>
          entry.subscription
            ? [
                connector.unsubscribe(entry.trigger, {
                  connection: connectionOf(entry) as ConnectionInput,
                  subscription: entry.subscription,
                  signal: AbortSignal.timeout(5_000),
                }),
              ]
            : [],
        ),
      );
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams and keep-alive sockets would otherwise hold `close` open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      // What was acknowledged is processed before the host is gone (host/delivery-queue.ts).
      await store.deliveries.close();
    },
  };
}

/** A host reachable from the network runs the org admin's credential for whoever calls it: it needs a token. */
function checkAccess(hostname: string, apiToken: string | undefined): void {
  if (apiToken !== undefined && apiToken.length < MIN_API_TOKEN_LENGTH) {
    throw new HostStartError(
      `The host API token is too short (${apiToken.length} characters): use at least ${MIN_API_TOKEN_LENGTH}, e.g. the output of \`openssl rand -hex 32\`.`,
      { variable: 'HOST_API_TOKEN', minimumLength: MIN_API_TOKEN_LENGTH },
    );
  }
  if (!apiToken && !isLoopback(hostname)) {
    throw new HostStartError(
      `Listening on ${hostname} would let anyone who reaches it run actions with the host's connection: set HOST_API_TOKEN (or --api-token) to a long random secret, or listen on 127.0.0.1.`,
      { hostname, variable: 'HOST_API_TOKEN' },
    );
  }
}

/** Node's listen failures, said in the caller's terms: which port, and what to do. */
function listenError(error: NodeJS.ErrnoException, hostname: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new HostStartError(
        `The port ${port} is already in use on ${hostname}: stop what listens there, or give another port (--port, PORT).`,
        { port, hostname, errno: error.code },
      );
    case 'EACCES':
      return new HostStartError(
        `The port ${port} may not be opened by this user: give a port above 1023 (--port, PORT).`,
        { port, hostname, errno: error.code },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new HostStartError(
        `${hostname} is not an address of this machine: listen on 127.0.0.1 or one of its own.`,
        {
          port,
          hostname,
          errno: error.code,
        },
      );
    default:
      return error;
  }
}
