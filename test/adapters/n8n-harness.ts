/**
 * Runs the BUILT n8n package (dist/adapters/n8n, `npm run build:adapters`) in n8n's own engine, as n8n runs a
 * community package: `PackageDirectoryLoader` on the package folder, a `Workflow` of its nodes executed by
 * `WorkflowExecute`, pickers through `LoadOptionsContext`, triggers through `HookContext`, `WebhookContext` and
 * `PollContext`. n8n's packages come from adapters/node_modules (n8n-core 2.8.1, n8n-workflow 2.8.0).
 *
 * What stands in for the n8n server: the credentials store (the credential's decrypted data, by type), and a loopback
 * HTTP server at the webhook base URL that hands each request to the trigger node's webhook() as n8n's webhook
 * route does (the raw body kept, express's `status`/`json` on the response).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { type LoadedPackage, loadPackage, type N8n, requireN8n } from '../../adapters/n8n/surface.ts';
import { suiteSandbox } from '../support/org.ts';
import { suiteResource } from '../support/suite.ts';

type ICredentialDataDecryptedObject = N8n.ICredentialDataDecryptedObject;
type IDataObject = N8n.IDataObject;
type INode = N8n.INode;
type INodeExecutionData = N8n.INodeExecutionData;
type INodeType = N8n.INodeType;
type INodeTypes = N8n.INodeTypes;
type IRun = N8n.IRun;
type IWebhookData = N8n.IWebhookData;
type IWorkflowExecuteAdditionalData = N8n.IWorkflowExecuteAdditionalData;

export const packageDir = resolve(import.meta.dirname, '../../dist/adapters/n8n');
export const PACKAGE = 'n8n-nodes-okta-connector';

// biome-ignore lint/suspicious/noExplicitAny: n8n-core's and n8n-workflow's classes, loaded from adapters/node_modules
const core: any = requireN8n('n8n-core');
// biome-ignore lint/suspicious/noExplicitAny: as above
const workflowLib: any = requireN8n('n8n-workflow');

export interface N8nHarness {
  loaded: LoadedPackage;
  nodeTypes: INodeTypes;
  /** The credentials n8n would decrypt for the nodes, by credential type. */
  credentials: Record<string, ICredentialDataDecryptedObject>;
  additionalData(): IWorkflowExecuteAdditionalData;
  webhookBaseUrl: string;
  close(): Promise<void>;
  /** What the webhook route is wired to: the trigger workflow and node whose webhooks answer requests. */
  route?: { workflow: Workflow; node: INode };
  /** How often n8n stored a refreshed OAuth2 token. */
  tokenUpdates?: number;
  /** Items each webhook request started a workflow with (n8n would run the workflow on them). */
  emitted: INodeExecutionData[][][];
}

// biome-ignore lint/suspicious/noExplicitAny: n8n-workflow's Workflow class
export type Workflow = any;

export async function startN8n(): Promise<N8nHarness> {
  const loaded = await loadPackage(packageDir);
  const byName = (type: string): INodeType => {
    const name = type.startsWith(`${PACKAGE}.`) ? type.slice(PACKAGE.length + 1) : type;
    const node = loaded.nodes[name];
    if (!node) throw new Error(`Unknown node type ${type}`);
    return node;
  };
  const nodeTypes: INodeTypes = {
    getByName: byName,
    getByNameAndVersion: (type: string) => byName(type),
    getKnownTypes: () => ({}),
  } as unknown as INodeTypes;

  const harness = { loaded, nodeTypes, credentials: {}, emitted: [] } as unknown as N8nHarness;
  const server = createServer((request, response) => void webhookRoute(harness, request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  harness.webhookBaseUrl = `http://127.0.0.1:${port}/webhook`;
  harness.additionalData = () => additionalData(harness);
  harness.close = () => closeServer(server);
  return harness;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

/** The parts of n8n's `IWorkflowExecuteAdditionalData` the engine reads; anything else is undefined, as in n8n. */
function additionalData(harness: N8nHarness): IWorkflowExecuteAdditionalData {
  const credentialsHelper = {
    // As n8n reads a credential's `extends`: the OAuth2 one is n8n's oAuth2Api (its request helper refreshes it).
    getParentTypes: (type: string) => (type === 'oktaConnectorOAuth2' ? ['oAuth2Api'] : []),
    async getDecrypted(_data: unknown, _details: unknown, type: string) {
      const credential = harness.credentials[type];
      if (!credential) throw new Error(`No credential of type ${type} in the test store`);
      return credential;
    },
    getCredentialsProperties: () => [],
    /** n8n stores a refreshed token with the credential. */
    async updateCredentialsOauthTokenData(_details: unknown, type: string, data: ICredentialDataDecryptedObject) {
      harness.credentials[type] = data;
      harness.tokenUpdates = (harness.tokenUpdates ?? 0) + 1;
    },
  };
  return {
    credentialsHelper,
    executeWorkflow: async () => {
      throw new Error('not in these tests');
    },
    getRunExecutionData: async () => undefined,
    currentNodeExecutionIndex: 0,
    restApiUrl: '',
    instanceBaseUrl: '',
    formWaitingBaseUrl: '',
    webhookBaseUrl: harness.webhookBaseUrl,
    webhookWaitingBaseUrl: '',
    webhookTestBaseUrl: harness.webhookBaseUrl,
    variables: {},
    logAiEvent: () => undefined,
    startRunnerTask: async () => {
      throw new Error('not in these tests');
    },
  } as unknown as IWorkflowExecuteAdditionalData;
}

export function node(name: string, type: string, parameters: IDataObject, position = 0): INode {
  return {
    id: randomUUID(),
    name,
    type: `${PACKAGE}.${type}`,
    typeVersion: 1,
    position: [position * 200, 0],
    parameters: parameters as INode['parameters'],
    credentials: {
      oktaConnectorApi: { id: '1', name: 'Okta sandbox' },
      oktaConnectorClientCredentials: { id: '2', name: 'Okta service app' },
      oktaConnectorOAuth2: { id: '3', name: 'Okta admin' },
    },
  };
}

/** A workflow of `nodes` run in a chain, each feeding the next, as n8n builds it from the editor's JSON. */
export function workflowOf(harness: N8nHarness, nodes: INode[], staticData?: IDataObject): Workflow {
  const connections: IDataObject = {};
  nodes.slice(0, -1).forEach((from, index) => {
    connections[from.name] = { main: [[{ node: nodes[index + 1]?.name, type: 'main', index: 0 }]] };
  });
  return new workflowLib.Workflow({
    id: 'wf1',
    name: 'okta test',
    nodes,
    connections,
    active: false,
    nodeTypes: harness.nodeTypes,
    staticData,
    settings: { executionOrder: 'v1' },
  });
}

/** Runs the workflow from its first node with n8n's WorkflowExecute, as a manual execution. */
export async function execute(harness: N8nHarness, workflow: Workflow): Promise<IRun> {
  const data = harness.additionalData();
  const workflowData = {
    id: workflow.id,
    name: workflow.name,
    nodes: Object.values(workflow.nodes),
    connections: workflow.connectionsBySourceNode,
    active: false,
    settings: {},
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  Object.assign(data, { hooks: new core.ExecutionLifecycleHooks('manual', 'exec-1', workflowData) });
  const executor = new core.WorkflowExecute(data, 'manual');
  const first = Object.values(workflow.nodes)[0] as INode;
  return executor.run({ workflow, startNode: first, ...(workflow.pinData ? { pinData: workflow.pinData } : {}) });
}

/** The items a node put out in the run (its first run, first output). */
export function itemsOf(run: IRun, nodeName: string): INodeExecutionData[] {
  return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** As n8n's load-options route: the node's parameters as the editor holds them are the current ones. */
export function loadOptionsContext(harness: N8nHarness, workflow: Workflow, nodeName: string) {
  const target = workflow.getNode(nodeName) as INode;
  const data = Object.assign(harness.additionalData(), { currentNodeParameters: target.parameters });
  return new core.LoadOptionsContext(workflow, target, data, 'parameters');
}

export function hookContext(harness: N8nHarness, workflow: Workflow, nodeName: string) {
  const target = workflow.getNode(nodeName) as INode;
  return new core.HookContext(workflow, target, harness.additionalData(), 'trigger', 'activate');
}

export function pollContext(harness: N8nHarness, workflow: Workflow, nodeName: string) {
  const target = workflow.getNode(nodeName) as INode;
  return new core.PollContext(workflow, target, harness.additionalData(), 'trigger', 'activate');
}

/** n8n's poller: the node type's poll() in a PollContext, as n8n-core's TriggersAndPollers.runPoll does (unexported). */
export function runPoll(harness: N8nHarness, workflow: Workflow, nodeName: string) {
  const target = workflow.getNode(nodeName) as INode;
  const nodeType = harness.nodeTypes.getByNameAndVersion(target.type, target.typeVersion) as INodeType;
  if (!nodeType.poll) throw new Error(`${target.type} has no poll()`);
  return nodeType.poll.call(pollContext(harness, workflow, nodeName));
}

/** The node's webhooks, as n8n's server lists them (its WebhookHelpers.getNodeWebhooks, in the n8n app). */
function nodeWebhooks(harness: N8nHarness, workflow: Workflow, target: INode, data: IWorkflowExecuteAdditionalData) {
  const nodeType = harness.nodeTypes.getByNameAndVersion(target.type, target.typeVersion) as INodeType;
  return (nodeType.description.webhooks ?? []).map(
    (description) =>
      ({
        httpMethod: description.httpMethod,
        node: target.name,
        path: description.path,
        webhookDescription: description,
        workflowId: workflow.id,
        workflowExecuteAdditionalData: data,
        webhookId: target.webhookId,
      }) as IWebhookData,
  );
}

/** The webhook route of n8n: finds the node's webhook by method, runs webhook() in a WebhookContext. */
async function webhookRoute(harness: N8nHarness, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks);
  const route = harness.route;
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  const expressRequest = Object.assign(request, {
    rawBody,
    body: rawBody.length ? safeJson(rawBody.toString('utf8')) : {},
    query: {},
    params: {},
  });
  const expressResponse = Object.assign(response, {
    status(code: number) {
      response.statusCode = code;
      return expressResponse;
    },
    json(body: unknown) {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(body));
      return expressResponse;
    },
  });
  const data = harness.additionalData();
  Object.assign(data, { httpRequest: expressRequest, httpResponse: expressResponse });
  const webhooks = nodeWebhooks(harness, route.workflow, route.node, data);
  const webhook = webhooks.find((candidate) => candidate.httpMethod === request.method);
  if (!webhook) {
    response.writeHead(405).end();
    return;
  }
  const context = new core.WebhookContext(route.workflow, route.node, data, 'trigger', webhook, [], null);
  const nodeType = harness.nodeTypes.getByNameAndVersion(route.node.type, 1) as INodeType;
  try {
    const result = await nodeType.webhook?.call(context);
    if (result?.workflowData) harness.emitted.push(result.workflowData);
    if (!result?.noWebhookResponse && !response.writableEnded) response.writeHead(200).end();
  } catch (error) {
    if (!response.writableEnded) response.writeHead(500).end((error as Error).message);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export const at = (path: string) => join(packageDir, path);

/**
 * A sandbox org and n8n with the package loaded, for a test file: started before its tests, closed after. The API
 * token credential reaches the sandbox.
 */
export function useN8nAndSandbox(options: { users: number; seed: number; eventHookTimeoutMs?: number }) {
  const sandbox = suiteSandbox({ ...options, rateLimits: { enabled: false } });
  const n8n = suiteResource(
    'n8n',
    async () => {
      const started = await startN8n();
      started.credentials.oktaConnectorApi = { ...sandbox.connection.fields };
      return started;
    },
    (started) => started.close(),
  );
  return { sandbox, n8n };
}
