/**
 * Runs the BUILT Node-RED package (dist/adapters/node-red, `npm run build:adapters`) in Node-RED 4's own runtime
 * through `node-red-node-test-helper` 0.3.6, as its README shows (both from adapters/node_modules). Node-RED's core
 * nodes (change, catch) come from its own package. The helper serves only the admin app; its HTTP node app (where
 * the trigger adds its webhook routes) is served here on a loopback port, as Node-RED's own server would.
 */

import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { suiteSandbox } from '../support/org.ts';

export const packageDir = resolve(import.meta.dirname, '../../dist/adapters/node-red');
/** Node-RED's packages, from adapters/node_modules (never the connector's dependencies). */
export const requireRed = createRequire(resolve(import.meta.dirname, '../../adapters/package.json'));

// biome-ignore lint/suspicious/noExplicitAny: node-red-node-test-helper has no types
export type Helper = any;
// biome-ignore lint/suspicious/noExplicitAny: a Node-RED node as the helper hands it out
export type RedNode = any;
// biome-ignore lint/suspicious/noExplicitAny: a Node-RED message
export type Msg = any;
type NodeModule = (RED: unknown) => void;

const requirePackage = createRequire(join(packageDir, 'package.json'));
/** The package's node modules, as Node-RED loads them from package.json `node-red.nodes`. */
export function packageNodes(): NodeModule[] {
  const { nodes } = requirePackage('./package.json')['node-red'] as { nodes: Record<string, string> };
  return Object.values(nodes).map((file) => requirePackage(`./${file}`) as NodeModule);
}
const coreNode = (path: string) => requireRed(`@node-red/nodes/core/${path}`) as NodeModule;
export const changeNode = () => coreNode('function/15-change.js');
export const catchNode = () => coreNode('common/25-catch.js');

export interface NodeRedHarness {
  sandbox: RunningSandbox;
  helper: Helper;
  /** Where Node-RED's HTTP node app answers (the trigger's public URL in the tests). */
  httpNodeUrl: string;
  /**
   * Loads a flow (with the connection node `conn`'s credentials) and the package's nodes, plus `extra` modules.
   * Each test's flow is stopped after it (`unload`), closing its nodes as a deploy or shutdown does.
   */
  load(flow: object[], extra?: NodeModule[]): Promise<void>;
  /** Stops the loaded flow (its nodes' close handlers run); nothing when none is loaded. */
  unload(): Promise<void>;
}

/** A sandbox org and Node-RED's test helper for one test file; the connection node is `conn`. */
export function useNodeRedAndSandbox(options: { users: number; seed: number; eventHookTimeoutMs?: number }) {
  const holder = { sandbox: suiteSandbox({ ...options, rateLimits: { enabled: false } }) } as NodeRedHarness;
  let server: Server;
  let loaded = false;
  // biome-ignore lint/suspicious/noExplicitAny: express's app, taken from the RED object the nodes get
  let httpNode: any;
  beforeAll(async () => {
    const helper = requireRed('node-red-node-test-helper');
    helper.init(requireRed.resolve('node-red'));
    holder.helper = helper;
    server = createServer((request, response) => {
      if (httpNode) httpNode(request, response);
      else response.writeHead(503).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    holder.httpNodeUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const captureHttpNode: NodeModule = (RED) => {
      httpNode = (RED as { httpNode: unknown }).httpNode;
    };
    holder.load = (flow, extra = []) => {
      const { domain, apiToken } = holder.sandbox.connection.fields;
      const withConnection = [
        { id: 'flow', type: 'tab', label: 'test' },
        { id: 'conn', type: 'okta-connection', name: 'sandbox', connectionType: 'apiToken', domain },
        // x and y: a node without them is a config node to Node-RED.
        ...flow.map((node) => ({ z: 'flow', x: 100, y: 100, ...node })),
      ];
      loaded = true;
      return helper.load([captureHttpNode, ...packageNodes(), ...extra], withConnection, { conn: { apiToken } });
    };
    holder.unload = async () => {
      if (!loaded) return;
      loaded = false;
      await helper.unload();
    };
  });
  afterEach(() => holder.unload());
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });
  return holder;
}

/** Resolves with the first status `node` shows that `matches` (already shown, or when it is). */
export function statusOf(node: RedNode, matches: (status: { text?: string }) => boolean): Promise<{ text?: string }> {
  return new Promise((done) => {
    // biome-ignore lint/suspicious/noExplicitAny: sinon's spy calls
    const shown = node.status.getCalls().find((call: any) => call.thisValue === node && matches(call.args[0] ?? {}));
    if (shown) {
      done(shown.args[0]);
      return;
    }
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const listener = (call: any) => {
      if (matches(call.args[0] ?? {})) {
        node.removeListener('call:status', listener);
        done(call.args[0]);
      }
    };
    node.on('call:status', listener);
  });
}

/** The messages a helper node receives, and a wait for the n-th. */
export function collect(node: RedNode): { messages: Msg[]; until(count: number): Promise<Msg[]> } {
  const messages: Msg[] = [];
  const waiting: { count: number; done: (messages: Msg[]) => void }[] = [];
  node.on('input', (msg: Msg) => {
    messages.push(msg);
    for (const wait of waiting.filter((candidate) => messages.length >= candidate.count)) wait.done(messages);
  });
  return {
    messages,
    until: (count) =>
      messages.length >= count ? Promise.resolve(messages) : new Promise((done) => waiting.push({ count, done })),
  };
}
