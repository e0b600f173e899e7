/**
 * @module The CLI's commands (docs/architecture.md, "The host and the CLI"). `main` returns the exit code instead of exiting, so
 * tests and the bin entry (`host/cli.ts`) share it and importing this module runs nothing.
 */
import { parseArgs } from 'node:util';
import { createConnector, manifest } from '../connector.ts';
import { loadOperationIndex } from '../lib/operation-index.ts';
import type { ConnectionInput, Runtime } from '../lib/runtime.ts';
import { openStateStore, type StateStore } from '../lib/store/index.ts';
import { closestField } from '../lib/unknown-fields.ts';
import { integer, readJson, required, UsageError } from './cli-args.ts';
import { commandConnection } from './cli-connection.ts';
import { COMMAND_HELP, USAGE } from './cli-help.ts';
import { authorizationCodeFromEnvironment } from './environment.ts';
import { errorJson, exitCode } from './errors.ts';
import { HostLimitsError, hostLimits, limitsFromEnvironment } from './limits.ts';
import { listedActions, McpPolicyError, type McpToolPolicy } from './mcp-policy.ts';
import { writeNdjson } from './ndjson.ts';
import { createOAuthRoutes } from './oauth.ts';
import { operationPage, operationSchema } from './operations.ts';
import { playgroundAssets } from './playground-assets.ts';
import { type ProgressBar, terminalProgress } from './progress.ts';
import { hostOf, listFromEnvironment } from './request-guard.ts';
import { HostStartError, startHost } from './server.ts';

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the long-running commands (`sandbox`, `serve`) should stop; SIGINT/SIGTERM by default. */
  stopped(): Promise<void>;
  /** Where a long run shows its progress: a line on stderr when it is a terminal, nowhere otherwise. */
  progress?: ProgressBar;
}

const OPTIONS = {
  input: { type: 'string' },
  connection: { type: 'string' },
  search: { type: 'string' },
  cursor: { type: 'string' },
  state: { type: 'string' },
  port: { type: 'string' },
  users: { type: 'string' },
  seed: { type: 'string' },
  'allow-writes': { type: 'boolean' },
  'allow-destructive': { type: 'boolean' },
  tools: { type: 'string' },
  stream: { type: 'boolean' },
  'api-token': { type: 'string' },
  hostname: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  const out: CommandIo = {
    stdout: io.stdout ?? ((text) => process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => process.stderr.write(text)),
    env: io.env ?? process.env,
    stopped: io.stopped ?? untilSignal,
    ...(io.progress ? { progress: io.progress } : process.stderr.isTTY ? { progress: terminalProgress() } : {}),
  };
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (error) {
      const option = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
      throw new UsageError((error as Error).message, option ? { option } : {});
    }
    const [command, ...rest] = parsed.positionals;
    if (parsed.values.help || command === 'help') {
      const topic = command === 'help' ? rest[0] : command;
      if (topic === undefined) {
        out.stdout(USAGE);
        return 0;
      }
      // Own keys only: `help constructor` must not find Object's.
      const help = Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined;
      if (!help) throw unknownCommand(topic);
      out.stdout(help);
      return 0;
    }
    if (!command) throw new UsageError('No command given.', { commands: Object.keys(COMMAND_HELP) });
    return await run(command, rest, parsed.values, out);
  } catch (error) {
    const usage =
      error instanceof HostStartError ? new UsageError(error.message, error.details) : (error as UsageError);
    if (usage instanceof UsageError) {
      const details = { ...usage.details, help: 'okta-connector help [command]' };
      const json = { code: 'USAGE', kind: 'validation', message: usage.message, details };
      out.stderr(`${JSON.stringify({ error: json })}\n\n${USAGE}`);
      return 1;
    }
    const json = errorJson(error);
    // A bug's message stays out of the JSON (it may hold a secret); DEBUG=okta-connector shows it on purpose.
    if (json.kind === 'internal' && out.env.DEBUG?.includes('okta-connector')) out.stderr(`${debugText(error)}\n`);
    out.stderr(`${JSON.stringify({ error: json }, null, 2)}\n`);
    return exitCode(json);
  }
}

/** Commands that talk to Okta: with `REDIS_URL` they share the org's budget and tokens with other hosts (issue 15). */
const SHARING_COMMANDS = new Set(['run', 'options', 'poll', 'test-connection', 'serve']);

async function run(command: string, args: string[], values: Values, io: CommandIo): Promise<number> {
  const redisUrl = io.env.REDIS_URL?.trim();
  const stateStore = redisUrl && SHARING_COMMANDS.has(command) ? await openStateStore(redisUrl) : undefined;
  try {
    return await runCommand(command, args, values, io, stateStore);
  } finally {
    await stateStore?.close();
  }
}

async function runCommand(
  command: string,
  args: string[],
  values: Values,
  io: CommandIo,
  stateStore: StateStore | undefined,
): Promise<number> {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  const bar = io.progress;
  // The client tells of each 429 wait (lib/http/client.ts, onRateLimitWait); the progress line counts them.
  const rateLimited = bar?.rateLimited?.bind(bar);
  const connector = createConnector({
    ...(stateStore ? { store: stateStore } : {}),
    ...(rateLimited ? { client: { onRateLimitWait: ({ delayMs }) => rateLimited(delayMs) } } : {}),
  });
  switch (command) {
    case 'manifest':
      print(manifest());
      return 0;
    case 'run': {
      const key = required(args, 'an action key');
      const input = values.input === undefined ? {} : readJson(values.input, '--input');
      if (values.stream) {
        await withConnection(values, io, (connection) => streamToStdout(connector, key, connection, input, io));
        return 0;
      }
      const onProgress = bar && ((done: number, total?: number) => bar.update(done, total));
      let output: unknown;
      try {
        output = await withConnection(values, io, (connection) =>
          connector.runAction(key, { connection, input, ...(onProgress ? { onProgress } : {}) }),
        );
      } finally {
        // Cleared before anything else is printed on the terminal.
        bar?.end();
      }
      print(output);
      return 0;
    }
    case 'options': {
      const key = required(args, 'a data source key');
      const input = values.input === undefined ? {} : readJson(values.input, '--input');
      const { search, cursor } = values;
      const result = await withConnection(values, io, (connection) =>
        connector.listOptions(key, { connection, input, search, cursor }),
      );
      print({ options: result.options, nextCursor: result.nextCursor ?? null });
      return 0;
    }
    case 'poll': {
      const key = required(args, 'a trigger key');
      const input = values.input === undefined ? {} : readJson(values.input, '--input');
      const state = values.state === undefined ? undefined : readJson(values.state, '--state');
      print(await withConnection(values, io, (connection) => connector.poll(key, { connection, input, state })));
      return 0;
    }
    case 'operations':
      print(await operationsCommand(args, values.cursor));
      return 0;
    case 'test-connection':
      print(await withConnection(values, io, (connection) => connector.testConnection(connection)));
      return 0;
    case 'sandbox':
      return sandbox(values, io);
    case 'serve':
      return serve(values, io, stateStore);
    case 'mcp':
      return mcp(values, io);
    default:
      throw unknownCommand(command);
  }
}

/** `operations`: one page of the search, or one operation's input schema when given its exact id. */
async function operationsCommand(words: string[], cursor: string | undefined) {
  const index = await loadOperationIndex();
  const [only] = words;
  if (words.length === 1 && only && index.byId.has(only)) return operationSchema(only);
  return operationPage(index, words.join(' '), cursor);
}

/** Keeps an org running for a series of commands; the first stdout line is all a script needs to reach it. */
async function sandbox(values: Values, io: CommandIo): Promise<number> {
  const { startSandbox } = await import('../sandbox/index.ts');
  const org = await startSandbox({
    port: portNumber(values.port, '--port'),
    users: integer(values.users, '--users'),
    seed: integer(values.seed, '--seed'),
  });
  io.stdout(`${JSON.stringify(org.connection)}\n${org.url}\n`);
  await io.stopped();
  await org.close();
  return 0;
}

/**
 * An MCP session on stdio, on `--connection`, else the `OKTA_*` org, else a sandbox that lives as long as the session.
 * Standard output carries the protocol only; what a person should know goes to stderr.
 */
async function mcp(values: Values, io: CommandIo): Promise<number> {
  const policy = toolPolicy(values);
  // An agent told it acts on a real org must not be acting on the sandbox.
  const resolved = await commandConnection(values.connection, io.env, { refuseHalfEnvironment: true });
  const { org } = resolved;
  const connection = resolved.connection as ConnectionInput;
  try {
    // Loaded here: the SDK takes a while to load, and no other command needs it.
    const { startStdioMcp } = await import('./mcp.ts');
    const session = await startStdioMcp({ connector: createConnector(), connection: () => connection, policy });
    const where = org ? `the sandbox org at ${org.url}` : `the Okta org ${String(connection.fields?.domain)}`;
    io.stderr(`okta-connector MCP server on stdio: ${session.tools} tools on ${where}\n`);
    await Promise.race([session.closed, io.stopped()]);
    await session.close();
  } finally {
    await resolved.close();
  }
  return 0;
}

/** `--allow-writes`, `--allow-destructive` and `--tools`, checked now: a typo must not start a server without it. */
function toolPolicy(values: Values): McpToolPolicy {
  const policy: McpToolPolicy = {
    allowWrites: values['allow-writes'] === true,
    allowDestructive: values['allow-destructive'] === true,
    ...(values.tools === undefined ? {} : { tools: listFromEnvironment(values.tools) }),
  };
  try {
    listedActions(policy);
  } catch (error) {
    if (error instanceof McpPolicyError) throw new UsageError(error.message, { option: '--tools' });
    throw error;
  }
  return policy;
}

async function serve(values: Values, io: CommandIo, stateStore?: StateStore): Promise<number> {
  const mcpPolicy = toolPolicy(values);
  // Checked before anything starts (the sandbox below), so a wrong value leaves nothing running.
  const limits = hostLimitsFrom(io.env);
  const port = portNumber(values.port, '--port') ?? portNumber(io.env.PORT, 'PORT') ?? 8787;
  const hostname = values.hostname?.trim() || '127.0.0.1';
  const apiToken = values['api-token'] ?? (io.env.HOST_API_TOKEN?.trim() || undefined);
  const hostUrl = `http://127.0.0.1:${port}`;
  const signIn = authorizationCodeFromEnvironment(io.env, hostUrl);
  const oauth = signIn ? createOAuthRoutes({ connections: { default: signIn }, store: stateStore }) : undefined;
  // Without a real org in the environment, the host serves a seeded sandbox org that lives as long as it does.
  const resolved = await commandConnection(undefined, io.env, { sandbox: !signIn });
  const { org } = resolved;
  const defaultConnection = oauth ? () => oauth.connection('default') : (resolved.connection as ConnectionInput);
  const publicUrl = publicUrlFrom(io.env);
  // Subscriptions to a real org outlive the process (Okta keeps calling); the sandbox's die with it.
  // With a shared store (REDIS_URL) they are kept there, for every host.
  const subscriptionsFile =
    io.env.SUBSCRIPTIONS_FILE?.trim() || (org || stateStore ? undefined : '.okta-connector/subscriptions.json');
  try {
    // Built now rather than on the first page view (a second or two with esbuild in a clone).
    void playgroundAssets().catch((error: unknown) =>
      io.stderr(`The playground page could not be built: ${String(error)}\n`),
    );
    const host = await startHost({
      port,
      hostname,
      ...(apiToken === undefined ? {} : { apiToken }),
      defaultConnection,
      ...(oauth ? { oauth } : {}),
      ...(publicUrl ? { publicUrl } : {}),
      ...(subscriptionsFile ? { subscriptionsFile } : {}),
      allowedHosts: listFromEnvironment(io.env.ALLOWED_HOSTS).map(hostOf),
      allowedOrigins: listFromEnvironment(io.env.ALLOWED_ORIGINS),
      mcp: mcpPolicy,
      ...(stateStore ? { stateStore } : {}),
      limits,
    });
    const domain = signIn?.domain ?? (resolved.connection?.fields.domain as string | undefined);
    const where = org ? `sandbox org at ${org.url}` : `Okta org ${String(domain)}`;
    io.stdout(`Okta connector host on ${host.url} (${where})\n`);
    if (!org && !publicUrl) {
      io.stdout('Webhook triggers need PUBLIC_URL: the https address at which Okta reaches this host (README).\n');
    }
    io.stdout(`MCP endpoint for AI agents: ${host.url}/mcp (${mcpTools(mcpPolicy)})\n`);
    if (apiToken) io.stdout('API token required: /api/* and /mcp need Authorization: Bearer <HOST_API_TOKEN>.\n');
    if (publicUrl) io.stdout(`Under ${publicUrl} only /hooks/* answers (SECURITY.md).\n`);
    if (stateStore) {
      // Never the URL: it may hold a password.
      const state = stateStore.connected() ? 'connected' : 'unreachable: serving on a local budget until it is back';
      io.stdout(`State shared through Redis (REDIS_URL), ${state}; GET ${host.url}/api/health tells.\n`);
    }
    if (oauth) io.stdout(`Sign in to Okta at ${host.url}/oauth/start?connection=default\n`);
    await io.stopped();
    await host.close();
  } finally {
    await resolved.close();
  }
  return 0;
}

function mcpTools(policy: McpToolPolicy): string {
  const count = listedActions(policy).length;
  return policy.allowWrites || policy.allowDestructive || policy.tools ? `${count} tools` : `${count} read-only tools`;
}

/** The `HOST_*` limits (host/limits.ts), checked before anything starts. */
function hostLimitsFrom(env: NodeJS.ProcessEnv) {
  try {
    return hostLimits(limitsFromEnvironment(env));
  } catch (error) {
    if (error instanceof HostLimitsError) {
      throw new UsageError(error.message, {
        ...(error.variable ? { variable: error.variable } : {}),
        see: 'SECURITY.md',
      });
    }
    throw error;
  }
}

/** `PUBLIC_URL`, checked: Okta calls `${PUBLIC_URL}/hooks/{id}`. */
function publicUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.PUBLIC_URL?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`PUBLIC_URL "${value}" is not a URL: give the https address that reaches this host.`, {
      variable: 'PUBLIC_URL',
    });
  }
  if (url.search || url.hash)
    throw new UsageError('PUBLIC_URL takes no query or fragment.', { variable: 'PUBLIC_URL' });
  return url.href.replace(/\/+$/, '');
}

/** Runs `fn` on the command's org (./cli-connection.ts), closing a sandbox started for it. */
async function withConnection<T>(
  values: Values,
  io: CommandIo,
  fn: (connection: ConnectionInput) => Promise<T>,
): Promise<T> {
  const { connection, close } = await commandConnection(values.connection, io.env);
  try {
    return await fn(connection as ConnectionInput);
  } finally {
    await close();
  }
}

/**
 * `run --stream`: NDJSON on stdout as the records arrive, waiting while stdout's buffer is full; a closed stdout
 * (`| head`) stops the requests.
 */
async function streamToStdout(
  connector: Runtime,
  key: string,
  connection: ConnectionInput,
  input: unknown,
  io: CommandIo,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort(new DOMException('Standard output was closed.', 'AbortError'));
  process.stdout.once('error', stop);
  try {
    const records = connector.streamAction(key, { connection, input, signal: controller.signal });
    await writeNdjson(records, io.stdout, () => new Promise<void>((resolve) => process.stdout.once('drain', resolve)));
  } finally {
    process.stdout.off('error', stop);
  }
}

/** A bug's own stack: the cause a runtime InternalError wraps, else the error itself. */
function debugText(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return (cause instanceof Error && cause.stack) || (error instanceof Error && error.stack) || String(error);
}

function unknownCommand(command: string): UsageError {
  const commands = Object.keys(COMMAND_HELP);
  const closest = closestField(command, commands);
  return new UsageError(`Unknown command "${command}"${closest ? `; did you mean "${closest}"?` : '.'}`, {
    command,
    commands,
  });
}

/** A TCP port: 0 (any free one) to 65535. */
function portNumber(value: string | undefined, option: string): number | undefined {
  const port = integer(value, option);
  if (port !== undefined && port > 65_535) {
    throw new UsageError(`${option} ${port} is out of range: give a port from 1 to 65535 (0 picks a free one).`, {
      option,
      port,
    });
  }
  return port;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
