/**
 * @module The CLI's commands (DESIGN.md, "The host and the CLI"). `main` returns the exit code instead of exiting, so
 * tests and the bin entry (`host/cli.ts`) share it and importing this module runs nothing.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConnector, manifest } from '../connector.ts';
import { ValidationError } from '../lib/errors.ts';
import { loadOperationIndex } from '../lib/operation-index.ts';
import type { ConnectionInput, Runtime } from '../lib/runtime.ts';
import { openStateStore, type StateStore } from '../lib/store/index.ts';
import { authorizationCodeFromEnvironment, connectionFromEnvironment } from './environment.ts';
import { errorJson, exitCode } from './errors.ts';
import { HostLimitsError, hostLimits, limitsFromEnvironment } from './limits.ts';
import { listedActions, McpPolicyError, type McpToolPolicy } from './mcp-policy.ts';
import { writeNdjson } from './ndjson.ts';
import { createOAuthRoutes } from './oauth.ts';
import { operationPage, operationSchema } from './operations.ts';
import { playgroundAssets } from './playground-assets.ts';
import { hostOf, listFromEnvironment } from './request-guard.ts';
import { startHost } from './server.ts';

export const USAGE = `Usage: okta-connector <command> [options]

Commands:
  manifest                                   print the connector's manifest
  run <action> [--input JSON|@file]          run an action
  options <dataSource> [--search S] [--cursor C] [--input JSON|@file]
                                             list a data source's options
  poll <trigger> [--state JSON|@file] [--input JSON|@file]
                                             poll a polling trigger once
  operations [search] [--cursor C]           list Okta's Management API operations (for callOktaOperation);
                                             an exact operationId prints its input schema
  test-connection                            diagnose the connection
  sandbox [--port P] [--users N] [--seed S]  keep a sandbox org running; prints a connection to it first
  serve [--port P] [MCP flags]               the host server and playground (default port 8787, or PORT); it
                                             answers only to its own address and PUBLIC_URL's host (ALLOWED_HOSTS
                                             adds names) and to pages of its own origin (ALLOWED_ORIGINS adds some);
                                             its MCP endpoint, /mcp, takes the MCP flags below
  mcp [--allow-writes] [--allow-destructive] [--tools KEY,KEY]
                                             an MCP server on stdio for AI agents: one tool per action, read-only
                                             ones only unless --allow-writes / --allow-destructive add the others;
                                             --tools keeps only the actions named
  help [command]                             this text, or one command's (also: <command> --help)

Every command that talks to Okta takes --connection JSON|@file. Without it, OKTA_DOMAIN with OKTA_API_TOKEN (or
OKTA_CLIENT_ID, OKTA_PRIVATE_KEY, OKTA_KEY_ID, OKTA_SCOPES) name a real org; with neither, the command runs against
an in-process sandbox org. "@-" reads standard input. Output is JSON on stdout; errors are { "error": … } on stderr
with exit code 2 (validation), 3 (connection), 4 (Okta), 5 (transient: try again), 6 (internal: a bug in the
connector, report it) or 1 (a wrong command line).
`;

const CONNECTION_HELP = `  --connection JSON|@file  the connection, e.g. {"type":"apiToken","fields":{"domain":…,"apiToken":…}};
                           without it OKTA_* variables, else an in-process sandbox org`;

/** `okta-connector <command> --help`: what the command does, its options, an example. */
export const COMMAND_HELP: Record<string, string> = {
  manifest: `Usage: okta-connector manifest

Prints the connector's manifest (connector.manifest.json): every connection, action, trigger and data source with
its JSON Schemas. Needs no connection.

Example: okta-connector manifest > connector.manifest.json
`,
  run: `Usage: okta-connector run <action> [--input JSON|@file] [--connection JSON|@file] [--stream]

Runs one action and prints its output as JSON. Keys are in \`okta-connector manifest\`. A list with fetchAll shows a
progress line on a terminal (records, pages, rate-limit waits); none when stderr is piped.

  --input JSON|@file       the action's input; "@-" reads standard input
  --stream                 a list action (streamable in the manifest): every record as NDJSON, one per line, as
                           they arrive (listUsers: read in parallel, not in Okta's order); maxRecords caps it only
                           when given. An error ends it with the usual error on stderr and exit code.
${CONNECTION_HELP}

Example: okta-connector run listUsers --input '{"fetchAll":true,"maxRecords":5000}' > users.json
Example: okta-connector run listUsers --stream > users.ndjson
`,
  options: `Usage: okta-connector options <dataSource> [--search S] [--cursor C] [--input JSON|@file] [--connection JSON|@file]

Lists one page of a data source's options ({ value, label }) and the cursor of the next page.

  --search S               only options matching S
  --cursor C               the nextCursor of the previous page
  --input JSON|@file       the values of the fields the data source depends on
${CONNECTION_HELP}

Example: okta-connector options selectGroup --search Eng
`,
  poll: `Usage: okta-connector poll <trigger> [--state JSON|@file] [--input JSON|@file] [--connection JSON|@file]

Polls a polling trigger once and prints { records, state }. Give the printed state to the next poll to carry on;
without a state (and without "since" in the input) the first poll sets a baseline and emits nothing.

  --state JSON|@file       the state the previous poll printed
  --input JSON|@file       the trigger's input
${CONNECTION_HELP}

Example: okta-connector poll newUsers --state @state.json
`,
  operations: `Usage: okta-connector operations [search…] [--cursor C]

Lists the operations of Okta's Management API that \`run callOktaOperation\` calls, 50 at a time: each with its
operationId, tag, summary, method, path, hints and parameters. Every word of the search must appear in the id, tag,
summary or path. Given one exact operationId, prints that operation's input schema instead (parameters and body,
as GET /api/operations/{operationId} answers). Needs no connection.

  --cursor C               the nextCursor of the previous page

Example: okta-connector operations role assignment
Example: okta-connector operations listGroups
Example: okta-connector run callOktaOperation --input '{"operationId":"listGroups","parameters":{"q":"Eng"}}'
`,
  'test-connection': `Usage: okta-connector test-connection [--connection JSON|@file]

Diagnoses the connection: the org is reachable, the credential is accepted, which read scopes it can use.

${CONNECTION_HELP}
`,
  sandbox: `Usage: okta-connector sandbox [--port P] [--users N] [--seed S]

Keeps a sandbox Okta org running until Ctrl-C. Its first line on stdout is the JSON of a connection that reaches
it, for --connection; the second is its URL.

  --port P                 the port (a free one by default)
  --users N                how many users to seed
  --seed S                 the seed of the generated data (same seed, same org)

Example: okta-connector sandbox | head -1 > connection.json
`,
  serve: `Usage: okta-connector serve [--port P]

Runs the host (HTTP API, webhook receiver and the playground page at /) on http://127.0.0.1:P (8787, or PORT).
With OKTA_DOMAIN and OKTA_API_TOKEN (or the OAuth variables) it serves that org; else a seeded sandbox org.
It answers only to its own address and PUBLIC_URL's host (ALLOWED_HOSTS adds names) and to pages of its own
origin (ALLOWED_ORIGINS adds some). PUBLIC_URL is where Okta reaches it for webhook triggers.
With REDIS_URL, several hosts on one org share its rate budget, webhook dedupe, subscriptions and OAuth token
through that Redis (keep it private: it holds secrets); GET /api/health tells whether it is reachable.
Limits (SECURITY.md): HOST_HEADERS_TIMEOUT_MS (10000), HOST_REQUEST_TIMEOUT_MS (30000),
HOST_KEEP_ALIVE_TIMEOUT_MS (5000), HOST_MAX_HEADER_BYTES (16384), HOST_MAX_CONNECTIONS (1024),
HOST_MAX_BODY_BYTES (1048576).

  --port P                 the port
  --allow-writes, --allow-destructive, --tools KEY,KEY
                           which actions its MCP endpoint (/mcp) offers; as for the mcp command
`,
  mcp: `Usage: okta-connector mcp [--allow-writes] [--allow-destructive] [--tools KEY,KEY] [--connection JSON|@file]

An MCP server on stdio for AI agents: one tool per action, named by its key, with the manifest's schemas and its
hints as annotations. Only read-only tools unless flags add the others; destructive tools are never listed without
their flag. Inputs linked to a picklist get argument completions from the org. Without --connection it uses the
OKTA_* environment, else a sandbox that lives as long as the session.

  --allow-writes           add the actions that change the org but destroy nothing
  --allow-destructive      add the destructive actions (delete, deactivate, …)
  --tools KEY,KEY          offer only these actions (each still needs its flag)

Example: okta-connector mcp --allow-writes --tools getUser,listUsers,createUser
`,
};

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the long-running commands (`sandbox`, `serve`) should stop; SIGINT/SIGTERM by default. */
  stopped(): Promise<void>;
  /** Where a long run shows its progress: a line on stderr when it is a terminal, nowhere otherwise. */
  progress?: ProgressBar;
}

export interface ProgressBar {
  /** After each page: the records read so far, and the most the run will read (`maxRecords`). */
  update(done: number, total?: number): void;
  /** Okta answered 429 and the client waits for the reset before going on. */
  rateLimited?(delayMs: number): void;
  end(): void;
}

/** `1,234 records · 13 pages · 1 rate-limit wait (4 s) · 9 s`, and, with a cap, a bar towards it. */
export function progressLine(state: {
  records: number;
  total?: number;
  pages: number;
  waits: number;
  waitedMs: number;
  elapsedMs: number;
}): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  const parts = [count(state.records, 'record', 'records'), count(state.pages, 'page', 'pages')];
  if (state.waits)
    parts.push(`${count(state.waits, 'rate-limit wait', 'rate-limit waits')} (${Math.round(state.waitedMs / 1000)} s)`);
  parts.push(`${Math.round(state.elapsedMs / 1000)} s`);
  // The total is the cap (maxRecords), not what the org holds: the bar says how close the run is to stopping.
  if (!state.total) return parts.join(' · ');
  const width = 20;
  const filled = Math.min(width, Math.round((state.records / state.total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${parts.join(' · ')} (at most ${state.total.toLocaleString('en')})`;
}

/** One status line on a terminal, redrawn at most ten times a second, cleared at the end. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const startedAt = Date.now();
  const state = { records: 0, total: undefined as number | undefined, pages: 0, waits: 0, waitedMs: 0 };
  let drawnAt = 0;
  let drawn = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - drawnAt < 100) return;
    drawnAt = now;
    drawn = true;
    stream.write(`\r\x1b[K${progressLine({ ...state, elapsedMs: now - startedAt })}`);
  };
  return {
    update(done, total) {
      state.records = done;
      state.total = total;
      state.pages += 1;
      draw(false);
    },
    rateLimited(delayMs) {
      state.waits += 1;
      state.waitedMs += delayMs;
      draw(true);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
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
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

/** A mistake in the command line itself: exit code 1 and the usage. */
class UsageError extends Error {}

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
      throw new UsageError((error as Error).message);
    }
    const [command, ...rest] = parsed.positionals;
    if (parsed.values.help || command === 'help') {
      const topic = command === 'help' ? rest[0] : command;
      if (topic === undefined) {
        out.stdout(USAGE);
        return 0;
      }
      const help = COMMAND_HELP[topic];
      if (!help) throw new UsageError(`Unknown command "${topic}".`);
      out.stdout(help);
      return 0;
    }
    if (!command) throw new UsageError('No command given.');
    return await run(command, rest, parsed.values, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`${JSON.stringify({ error: { code: 'USAGE', message: error.message } })}\n\n${USAGE}`);
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
  // The client tells of a 429 wait in a warning (lib/http/client.ts); the progress line counts them.
  const connector = createConnector({
    ...(stateStore ? { store: stateStore } : {}),
    ...(bar?.rateLimited
      ? {
          log: {
            debug() {},
            info() {},
            warn(message, data) {
              if (/rate limit/i.test(message) && typeof data?.delayMs === 'number') bar.rateLimited?.(data.delayMs);
            },
          },
        }
      : {}),
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
      throw new UsageError(`Unknown command "${command}".`);
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
    port: integer(values.port, '--port'),
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
  const given =
    values.connection !== undefined
      ? (readJson(values.connection, '--connection') as ConnectionInput)
      : connectionFromEnvironment(io.env);
  if (!given && io.env.OKTA_DOMAIN?.trim()) {
    // An agent told it acts on a real org must not be acting on the sandbox.
    throw new UsageError(
      'OKTA_DOMAIN is set without OKTA_API_TOKEN (or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY): set them, or unset OKTA_DOMAIN to use the sandbox.',
    );
  }
  const org = given ? undefined : await (await import('../sandbox/index.ts')).startSandbox({});
  const connection = (given ?? org?.connection) as ConnectionInput;
  try {
    // Loaded here: the SDK takes a while to load, and no other command needs it.
    const { startStdioMcp } = await import('./mcp.ts');
    const session = await startStdioMcp({ connector: createConnector(), connection: () => connection, policy });
    const where = org ? `the sandbox org at ${org.url}` : `the Okta org ${String(connection.fields?.domain)}`;
    io.stderr(`okta-connector MCP server on stdio: ${session.tools} tools on ${where}\n`);
    await Promise.race([session.closed, io.stopped()]);
    await session.close();
  } finally {
    await org?.close();
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
    if (error instanceof McpPolicyError) throw new UsageError(error.message);
    throw error;
  }
  return policy;
}

async function serve(values: Values, io: CommandIo, stateStore?: StateStore): Promise<number> {
  const mcpPolicy = toolPolicy(values);
  // Checked before anything starts (the sandbox below), so a wrong value leaves nothing running.
  const limits = hostLimitsFrom(io.env);
  const port = integer(values.port, '--port') ?? integer(io.env.PORT, 'PORT') ?? 8787;
  const hostUrl = `http://127.0.0.1:${port}`;
  const signIn = authorizationCodeFromEnvironment(io.env, hostUrl);
  const oauth = signIn ? createOAuthRoutes({ connections: { default: signIn }, store: stateStore }) : undefined;
  const fromEnvironment = connectionFromEnvironment(io.env);
  // Without a real org in the environment, the host serves a seeded sandbox org that lives as long as it does.
  const org = fromEnvironment || signIn ? undefined : await (await import('../sandbox/index.ts')).startSandbox({});
  const defaultConnection = oauth
    ? () => oauth.connection('default')
    : ((fromEnvironment ?? org?.connection) as ConnectionInput);
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
    const domain = signIn?.domain ?? (fromEnvironment?.fields.domain as string | undefined);
    const where = org ? `sandbox org at ${org.url}` : `Okta org ${String(domain)}`;
    io.stdout(`Okta connector host on ${host.url} (${where})\n`);
    if (!org && !publicUrl) {
      io.stdout('Webhook triggers need PUBLIC_URL: the https address at which Okta reaches this host (README).\n');
    }
    io.stdout(`MCP endpoint for AI agents: ${host.url}/mcp (${mcpTools(mcpPolicy)})\n`);
    if (stateStore) {
      // Never the URL: it may hold a password.
      const state = stateStore.connected() ? 'connected' : 'unreachable: serving on a local budget until it is back';
      io.stdout(`State shared through Redis (REDIS_URL), ${state}; GET ${host.url}/api/health tells.\n`);
    }
    if (oauth) io.stdout(`Sign in to Okta at ${host.url}/oauth/start?connection=default\n`);
    await io.stopped();
    await host.close();
  } finally {
    await org?.close();
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
    if (error instanceof HostLimitsError) throw new UsageError(error.message);
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
    throw new UsageError(`PUBLIC_URL "${value}" is not a URL: give the https address that reaches this host.`);
  }
  if (url.search || url.hash) throw new UsageError('PUBLIC_URL takes no query or fragment.');
  return url.href.replace(/\/+$/, '');
}

/** `--connection`, else the `OKTA_*` environment, else a sandbox started for this one command and closed after. */
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

async function withConnection<T>(
  values: Values,
  io: CommandIo,
  fn: (connection: ConnectionInput) => Promise<T>,
): Promise<T> {
  if (values.connection !== undefined) return fn(readJson(values.connection, '--connection') as ConnectionInput);
  const fromEnvironment = connectionFromEnvironment(io.env);
  if (fromEnvironment) return fn(fromEnvironment);
  const { startSandbox } = await import('../sandbox/index.ts');
  const org = await startSandbox({});
  try {
    return await fn(org.connection);
  } finally {
    await org.close();
  }
}

/** A bug's own stack: the cause a runtime InternalError wraps, else the error itself. */
function debugText(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return (cause instanceof Error && cause.stack) || (error instanceof Error && error.stack) || String(error);
}

/** `JSON`, `@file` or `@-` (standard input). */
function readJson(value: string, option: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch {
      throw new ValidationError(`${option}: cannot read "${file}".`, [{ path: option, message: 'Unreadable file' }], {
        code: 'UNREADABLE_FILE',
      });
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    // The text itself is not repeated: --connection holds a secret.
    throw new ValidationError(`${option} is not valid JSON.`, [{ path: option, message: 'Invalid JSON' }], {
      code: 'INVALID_JSON',
    });
  }
}

function required(args: string[], what: string): string {
  const [value] = args;
  if (!value) throw new UsageError(`Give ${what}.`);
  return value;
}

function integer(value: string | undefined, option: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number, not "${value}".`);
  return Number(value);
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
