/**
 * @module Node `okta-connection` (a config node): one of our typed connection types, `apiToken` by default. The
 * domain and other plain fields are its properties; `apiToken`, `privateKey` and any other secret are Node-RED
 * credentials, stored encrypted beside the flow file and never in it. Also registers the editor's admin routes.
 */
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { registerAdminRoutes } from './admin.ts';
import { type ConnectionNode, connectionOfConfig, credentialFields, type NodeModule, type Red } from './red.ts';

export const oktaConnection: NodeModule = (RED: Red) => {
  function OktaConnectionNode(this: ConnectionNode, config: Record<string, unknown>) {
    RED.nodes.createNode(this, config);
    this.connection = (): ConnectionInput => connectionOfConfig(config, this.credentials ?? {});
  }
  RED.nodes.registerType('okta-connection', OktaConnectionNode, {
    credentials: Object.fromEntries(credentialFields().map((name) => [name, { type: 'password' }])),
  });
  registerAdminRoutes(RED);
};
