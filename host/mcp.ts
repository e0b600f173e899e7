/**
 * @module The catalogue as a Model Context Protocol server, for AI agents (issue 16; docs/architecture.md, "MCP").
 *
 * Every action of the manifest is a tool of the same key: its description, its input schema, its output schema (the
 * result's `structuredContent`), and its hints as the annotations agents decide by (`readOnlyHint`,
 * `destructiveHint`, `idempotentHint`). Tools come straight from the manifest's JSON Schemas through the SDK's
 * low-level `Server`, so an agent sees exactly what a flow builder sees; the runtime validates every call with the
 * action's own zod schema before any request, as for the CLI and the host.
 *
 * Safety: read-only tools by default; writing and destructive ones only when the person running the server says so
 * (`allowWrites`, `allowDestructive`), and then only those of an allow-list when one is given. A tool not listed is
 * refused when called, so a client cannot reach around the list.
 *
 * Picklists: MCP completes the arguments of prompts and resource templates, not of tools, so every listed tool with
 * an input linked to a data source has a prompt of the same name whose arguments are those inputs; completing one
 * (`completion/complete`, `ref/prompt`) searches the data source on Okta and offers its option values (ids).
 */
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type Prompt,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { manifest } from '../connector.ts';
import { type ErrorJson, isConnectorError } from '../lib/errors.ts';
import type { ConnectionInput, Runtime } from '../lib/runtime.ts';
import { errorJson } from './errors.ts';
import { accessOf, callNeeds, FLAGS, listedActions, type ManifestAction, type McpToolPolicy } from './mcp-policy.ts';

type JsonSchema = Record<string, unknown>;

export type { McpToolPolicy } from './mcp-policy.ts';

export interface McpOptions {
  connector: Runtime;
  /** The org the tools act on, asked per call (an OAuth sign-in may change it). */
  connection: () => ConnectionInput | undefined;
  policy?: McpToolPolicy;
  /** Told about errors that are not ConnectorErrors (bugs); by default they go to stderr. */
  onInternalError?: (error: unknown) => void;
}

/** An input linked to a picklist: `x-dataSource` (JSON Schema's extension prefix) or the older `dataSource`. */
interface Link {
  dataSource: string;
  /** An array of ids: the prompt argument is comma-separated, and the last entry is the one completed. */
  list: boolean;
  description: string | undefined;
  required: boolean;
}

function linkOf(property: JsonSchema): string | undefined {
  const source = property['x-dataSource'] ?? property.dataSource;
  return typeof source === 'string' ? source : undefined;
}

function linksOf(action: ManifestAction): Map<string, Link> {
  const schema = action.inputSchema as JsonSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const links = new Map<string, Link>();
  for (const [name, property] of Object.entries(properties)) {
    const items = property.items as JsonSchema | undefined;
    const dataSource = linkOf(property) ?? (items ? linkOf(items) : undefined);
    if (!dataSource) continue;
    const description = typeof property.description === 'string' ? property.description : undefined;
    links.set(name, { dataSource, list: property.type === 'array', description, required: required.has(name) });
  }
  return links;
}

/** What a policy serves, built once: the tool list, the prompts, and the actions by key. */
interface Catalogue {
  actions: Map<string, ManifestAction>;
  tools: Tool[];
  prompts: Map<string, { prompt: Prompt; action: ManifestAction; links: Map<string, Link> }>;
  /** What it was built for: a call whose input needs more (a destructive operation) is refused by it. */
  policy: McpToolPolicy;
}

export function mcpCatalogue(policy: McpToolPolicy = {}): Catalogue {
  const listed = listedActions(policy);
  const prompts: Catalogue['prompts'] = new Map();
  for (const action of listed) {
    const links = linksOf(action);
    if (links.size === 0) continue;
    const prompt: Prompt = {
      name: action.key,
      title: action.label,
      description: `Fill in the tool "${action.key}" (${action.label}); the org's records are offered as completions.`,
      arguments: [...links].map(([name, link]) => ({
        name,
        ...(link.description
          ? { description: link.list ? `${link.description} (comma-separated)` : link.description }
          : {}),
        required: link.required,
      })),
    };
    prompts.set(action.key, { prompt, action, links });
  }
  return {
    actions: new Map(listed.map((action) => [action.key, action])),
    tools: listed.map(toolOf),
    prompts,
    policy,
  };
}

function toolOf(action: ManifestAction): Tool {
  return {
    name: action.key,
    title: action.label,
    description: action.description,
    inputSchema: action.inputSchema as Tool['inputSchema'],
    outputSchema: action.outputSchema as Tool['outputSchema'],
    annotations: {
      title: action.label,
      readOnlyHint: action.hints.readOnly,
      destructiveHint: action.hints.destructive,
      idempotentHint: action.hints.idempotent,
      // Every action talks to an Okta org, a world outside the server.
      openWorldHint: true,
    },
  };
}

const INSTRUCTIONS =
  "Tools act on one Okta org through its Management API. Each result is the tool's JSON output; a failure is a tool " +
  'error whose text is { "error": { kind, code, message, details, whatToDo } }. Ids can be found with the list tools ' +
  'or through the completions of the prompt named like the tool.';

/** One MCP server over a catalogue: a new one per HTTP request (stateless), one for a stdio session. */
export function createMcpServer(catalogue: Catalogue, options: McpOptions): Server {
  const { connector } = options;
  const onInternalError = options.onInternalError ?? ((error) => console.error('okta-connector mcp:', error));
  const info = manifest().connector;
  const server = new Server(
    { name: `okta-connector`, title: info.name, version: info.version },
    { capabilities: { tools: {}, prompts: {}, completions: {} }, instructions: INSTRUCTIONS },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: catalogue.tools }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const key = request.params.name;
    if (!catalogue.actions.has(key)) return toolError(notListed(key));
    try {
      const needs = await callNeeds(catalogue.policy, key, request.params.arguments);
      if (needs) return toolError(notEnabledCall(key, needs));
      const output = await connector.runAction(key, {
        connection: options.connection() as ConnectionInput,
        input: request.params.arguments ?? {},
        signal: extra.signal,
      });
      return {
        // The text is for clients that do not read structured content (MCP spec, "Structured Content").
        content: [{ type: 'text', text: JSON.stringify(output) }],
        structuredContent: output as Record<string, unknown>,
      };
    } catch (error) {
      if (!isConnectorError(error) || error.kind === 'internal') onInternalError(error);
      return toolError(errorJson(error));
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [...catalogue.prompts.values()].map((entry) => entry.prompt),
  }));

  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const entry = promptOf(catalogue, request.params.name);
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(request.params.arguments ?? {})) {
      const link = entry.links.get(name);
      if (!link || !value.trim()) continue;
      input[name] = link.list ? splitList(value) : value.trim();
    }
    const text = `Call the Okta tool "${entry.action.key}" (${entry.action.label}) with this input, adding any other required field:\n${JSON.stringify(input, null, 2)}`;
    return {
      description: entry.prompt.description,
      messages: [{ role: 'user', content: { type: 'text', text } }],
    };
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument, context } = request.params;
    if (ref.type !== 'ref/prompt') return { completion: { values: [] } };
    const entry = promptOf(catalogue, ref.name);
    const link = entry.links.get(argument.name);
    if (!link) return { completion: { values: [] } };
    // For a list, the entries before the last comma stay as typed; the last one is searched.
    const cut = link.list ? argument.value.lastIndexOf(',') + 1 : 0;
    const prefix = argument.value.slice(0, cut);
    const source = manifest().dataSources.find((candidate) => candidate.key === link.dataSource);
    const input = Object.fromEntries(
      (source?.dependsOn ?? []).flatMap((name) => {
        const value = context?.arguments?.[name];
        return value === undefined ? [] : [[name, value]];
      }),
    );
    try {
      const result = await connector.listOptions(link.dataSource, {
        connection: options.connection() as ConnectionInput,
        input,
        search: argument.value.slice(cut).trim(),
        signal: extra.signal,
      });
      // MCP caps a completion at 100 values; a picklist page holds 50.
      const values = result.options.slice(0, 100).map((option) => `${prefix}${option.value}`);
      return { completion: { values, hasMore: Boolean(result.nextCursor) || result.options.length > 100 } };
    } catch (error) {
      if (!isConnectorError(error) || error.kind === 'internal') onInternalError(error);
      const json = errorJson(error);
      const code = json.kind === 'validation' ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      throw new McpError(code, json.message, { error: { ...json, whatToDo: whatToDo(json) } });
    }
  });

  return server;
}

function promptOf(catalogue: Catalogue, name: string) {
  const entry = catalogue.prompts.get(name);
  if (!entry) throw new McpError(ErrorCode.InvalidParams, `There is no prompt "${name}".`);
  return entry;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A call the tool is listed for but whose input needs a stronger flag (a destructive Okta operation). */
function notEnabledCall(key: string, needs: string): ErrorJson {
  return {
    code: 'TOOL_NOT_ENABLED',
    kind: 'validation',
    message: `This call of "${key}" needs ${needs}: the operation it names is hinted so, and this server was not started with it.`,
    details: { tool: key, needs },
  };
}

/** A call to a tool this server does not list: refused before the runtime, so nothing reaches Okta. */
function notListed(key: string): ErrorJson {
  const action = manifest().actions.find((candidate) => candidate.key === key);
  if (!action) {
    return { code: 'UNKNOWN_KEY', kind: 'validation', message: `There is no tool "${key}".`, details: { tool: key } };
  }
  const flag = FLAGS[accessOf(action)];
  return {
    code: 'TOOL_NOT_ENABLED',
    kind: 'validation',
    message: `The tool "${key}" is not enabled on this server.`,
    details: { tool: key, ...(flag ? { needs: flag } : {}) },
  };
}

/** A failure as MCP wants it: a result with `isError`, so the agent reads it and can act, not a protocol error. */
function toolError(json: ErrorJson): CallToolResult {
  const error = { ...json, whatToDo: whatToDo(json) };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error }, null, 2) }] };
}

/** What the agent (or the person behind it) can do about a failure, by kind (lib/errors.ts). */
export function whatToDo(error: ErrorJson): string {
  switch (error.kind) {
    case 'validation':
      if (error.code === 'TOOL_NOT_ENABLED') {
        const needs = (error.details as { needs?: string } | undefined)?.needs;
        return `Use a listed tool, or ask the person running the server to start it with ${needs ?? 'the tool'} (and in --tools, if that is set).`;
      }
      if (error.code === 'UNKNOWN_KEY') return 'List the tools and call one of them.';
      return 'Correct the input: details.issues names each bad field and why. Then call the tool again.';
    case 'connection':
      return (
        'The connection to Okta is wrong, expired, or lacks a scope or admin role: calling again as is fails the same ' +
        'way. The person running the server must fix its connection (OKTA_* settings, or sign in again).'
      );
    case 'okta':
      if (error.code === 'OKTA_NOT_FOUND') {
        return 'Okta found no such object: check the id or login (a list tool, or the completions of the prompt named like the tool, give valid ones).';
      }
      return 'Okta refused the request: read details.errorSummary and details.errorCauses, change the input accordingly, then call again. The same call fails the same way.';
    case 'transient':
      return 'A passing failure (network, rate limit, Okta busy): try again shortly. The message says whether the request may have reached Okta; check before repeating a change.';
    default:
      return 'A bug in the connector, not in the input: trying again will not help. Report it.';
  }
}

/**
 * The Streamable HTTP endpoint, stateless: each POST gets a server of its own and a JSON answer, so the host keeps
 * no session to bound or expire, and any instance behind a balancer can answer.
 */
export function mcpHttpHandler(options: McpOptions): (request: Request) => Promise<Response> {
  const catalogue = mcpCatalogue(options.policy);
  return async (request) => {
    const server = createMcpServer(catalogue, options);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      // The answer is complete (JSON mode): nothing is left for this server to send.
      void server.close();
    }
  };
}

export interface StdioMcp {
  /** How many tools are listed. */
  tools: number;
  /** Resolves when the client closes standard input. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** One MCP session over standard input and output; nothing else may write to `stdout` meanwhile. */
export async function startStdioMcp(
  options: McpOptions,
  streams: { stdin: Readable; stdout: Writable } = { stdin: process.stdin, stdout: process.stdout },
): Promise<StdioMcp> {
  const catalogue = mcpCatalogue(options.policy);
  const server = createMcpServer(catalogue, options);
  // The SDK's stdio transport does not notice the end of its input: the client going away ends the session.
  const closed = new Promise<void>((resolve) => {
    streams.stdin.once('end', resolve);
    streams.stdin.once('close', resolve);
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport(streams.stdin, streams.stdout));
  return { tools: catalogue.tools.length, closed, close: () => server.close() };
}
